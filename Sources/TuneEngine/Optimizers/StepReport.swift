/// What one optimizer step did, measured during the update itself.
///
/// The optimizer fills in everything except `loss` (the optimizer never sees the
/// loss) and `gradientNormBeforeClipping` (clipping happens before the step); the
/// training loop sets those.
public struct StepReport: Sendable {
    /// The step just taken, counting from 1 (equals the optimizer's `stepCount` afterwards).
    public var step: Int
    /// The optimizer's base learning rate used for this step (groups multiply it).
    public var learningRate: Float
    /// The training loss for this step, if the caller sets it.
    public var loss: Float?
    /// ‖g‖₂ over every gradient the step used (after any clipping), summed in Double.
    public var globalGradientNorm: Float
    /// The norm before clipping, if the caller clipped and records it.
    public var gradientNormBeforeClipping: Float?
    /// How many parameters were updated.
    public var updatedParameterCount: Int
    /// How many were skipped: frozen (`requiresGradient == false`) or without a gradient.
    public var skippedParameterCount: Int
    /// Per-parameter measurements, in parameter order; empty unless the optimizer's
    /// `collectsStatistics` is true.
    public var parameters: [ParameterStatistics]

    public init(
        step: Int, learningRate: Float, loss: Float? = nil, globalGradientNorm: Float,
        gradientNormBeforeClipping: Float? = nil, updatedParameterCount: Int,
        skippedParameterCount: Int, parameters: [ParameterStatistics]
    ) {
        self.step = step
        self.learningRate = learningRate
        self.loss = loss
        self.globalGradientNorm = globalGradientNorm
        self.gradientNormBeforeClipping = gradientNormBeforeClipping
        self.updatedParameterCount = updatedParameterCount
        self.skippedParameterCount = skippedParameterCount
        self.parameters = parameters
    }
}

/// Measurements of one parameter's update in one step.
///
/// The update is Δ = new values − old values, accumulated inside the update loop
/// (no copy of the weights is made). All norms are L2 norms summed in Double.
public struct ParameterStatistics: Sendable, Equatable {
    /// The parameter's key, e.g. `blocks.0.attention.query.weight`.
    public var key: String
    public var shape: [Int]
    /// The learning rate this parameter's group used (base rate × group multiplier).
    public var learningRate: Float
    /// ‖g‖₂ of the gradient the update used (before weight decay was added).
    public var gradientNorm: Float
    /// ‖w‖₂ of the weights before the update.
    public var weightNorm: Float
    /// ‖Δ‖₂ with Δ = new − old weights.
    public var updateNorm: Float
    /// ‖Δ‖ / ‖w‖: how large a step is relative to the weights. Around 1e-3 is
    /// usually healthy; far above means the rate is too high, far below too low.
    /// Infinity when the weights are all zero and the update is not; 0 when both are.
    public var updateToWeightRatio: Float

    public init(
        key: String, shape: [Int], learningRate: Float, gradientNorm: Float,
        weightNorm: Float, updateNorm: Float
    ) {
        self.key = key
        self.shape = shape
        self.learningRate = learningRate
        self.gradientNorm = gradientNorm
        self.weightNorm = weightNorm
        self.updateNorm = updateNorm
        if weightNorm > 0 {
            updateToWeightRatio = updateNorm / weightNorm
        } else {
            updateToWeightRatio = updateNorm > 0 ? .infinity : 0
        }
    }
}
