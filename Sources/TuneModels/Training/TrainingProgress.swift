import TuneEngine

/// One step's numbers, handed to the trainer's progress callback.
public struct TrainingProgress: Sendable {
    /// The step just taken (from 1) and the run's total.
    public var step: Int
    public var totalSteps: Int
    /// The epoch (fractional).
    public var epoch: Double
    public var loss: Float
    public var learningRate: Float
    /// ‖g‖ over all trainable parameters, before clipping.
    public var gradientNorm: Float
    /// The evaluation made right after this step, if one was.
    public var evaluation: TrainingHistory.Evaluation?
    /// The optimizer's report, with per-parameter statistics when they are collected.
    public var report: StepReport
}
