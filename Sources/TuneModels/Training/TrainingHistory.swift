/// What a training run did, step by step: the values the lab plots and diagnoses.
public struct TrainingHistory: Sendable, Codable {
    /// One evaluation on held-out data.
    public struct Evaluation: Sendable, Codable, Equatable {
        /// The optimizer steps taken before this evaluation.
        public var step: Int
        /// The epoch (fractional: 1.5 = halfway through the second epoch).
        public var epoch: Double
        public var loss: Float
        /// nil for a language model.
        public var accuracy: Float?
    }

    /// The training loss of every step, in order (index 0 = step 1).
    public var trainLosses: [Float] = []
    /// The learning rate of every step.
    public var learningRates: [Float] = []
    /// The global gradient norm of every step (before clipping).
    public var gradientNorms: [Float] = []
    /// Every evaluation, in order.
    public var evaluations: [Evaluation] = []
    /// The best evaluation's step and value (loss, or accuracy if that was monitored).
    public var bestStep: Int?
    public var bestValue: Float?
    /// Whether the weights at the end are the best evaluation's (restored).
    public var restoredBestWeights = false
    /// Why a run ended. The raw values are the words the lab prints.
    public enum StopReason: String, Sendable, Codable, CustomStringConvertible {
        /// Every planned step was taken.
        case finished
        /// Early stopping: the monitored evaluation stopped improving.
        case earlyStopping = "early stopping"
        /// The caller asked to stop (Ctrl-C).
        case stoppedByRequest = "stopped by request"
        /// The loss became NaN or infinite (set by the caller that caught `TrainingError.diverged`).
        case diverged

        public var description: String { rawValue }
    }

    /// Why the run ended.
    public var stop = StopReason.finished
    public var elapsedSeconds: Double = 0
    /// Tokens (language model) or examples (classifier) the model was trained on.
    public var itemsSeen = 0
    /// "tokens" or "examples".
    public var itemUnit = "examples"

    public init() {}

    /// Steps taken.
    public var steps: Int { trainLosses.count }

    /// The last evaluation, if any.
    public var lastEvaluation: Evaluation? { evaluations.last }

    /// The mean training loss over the last `count` steps (a smoothed final loss).
    public func recentTrainLoss(over count: Int = 20) -> Float? {
        guard !trainLosses.isEmpty else { return nil }
        let tail = trainLosses.suffix(max(1, count))
        return tail.reduce(0, +) / Float(tail.count)
    }
}
