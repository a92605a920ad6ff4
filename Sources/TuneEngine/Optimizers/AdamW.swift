/// AdamW: Adam with decoupled weight decay, following PyTorch's `torch.optim.AdamW`
/// exactly (default weight decay 0.01).
///
/// The decay shrinks the weights directly, before the Adam update, instead of
/// passing through the gradient; so every weight is decayed by the same fraction
/// lr·wd per step, whatever its gradient. The rule (loop in `AdamMoments.swift`):
///
///     p ← p − lr·wd·p
///     m ← β₁·m + (1 − β₁)·g,   v ← β₂·v + (1 − β₂)·g²
///     p ← p − lr·m̂ / (√v̂ + ε)   with m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ)
///
/// The usual choice for fine-tuning transformers, with biases and normalization
/// weights in a no-decay group (`ParameterGroup.splitByWeightDecay`).
public final class AdamW: Optimizer {
    public let name = "AdamW"
    public private(set) var parameterGroups: [ParameterGroup]
    /// The base learning rate (groups multiply it). Default 1e-3.
    public var learningRate: Float
    /// Decay of the first-moment (mean) estimate. Default 0.9.
    ///
    /// The betas are Double: in Float, 0.999 is 0.99900001, so 1 − β₂ would be off
    /// by 1.3e-5 relative, and the moment buffers with it.
    public var beta1: Double
    /// Decay of the second-moment (uncentered variance) estimate. Default 0.999.
    public var beta2: Double
    /// Added to √v̂ so that the division never blows up. Default 1e-8.
    public var epsilon: Float
    /// Fraction of each weight removed per unit of learning rate (groups may
    /// override it). Default 0.01.
    public var weightDecay: Float
    public var collectsStatistics = false
    public private(set) var stepCount = 0
    public private(set) var lastReport: StepReport?

    private let table: ParameterTable
    private var moments: AdamMoments

    /// An AdamW optimizer over parameter groups. Throws on duplicate keys or a
    /// hyperparameter out of range.
    public init(
        groups: [ParameterGroup], learningRate: Float = 1e-3, beta1: Double = 0.9,
        beta2: Double = 0.999, epsilon: Float = 1e-8, weightDecay: Float = 0.01
    ) throws {
        table = try ParameterTable(groups: groups)
        parameterGroups = groups
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        moments = AdamMoments(slotCount: table.slots.count)
        try AdamMoments.validate(settings)
    }

    /// An AdamW optimizer over one group holding `parameters`.
    public convenience init(
        parameters: [(key: String, tensor: Tensor)], learningRate: Float = 1e-3, beta1: Double = 0.9,
        beta2: Double = 0.999, epsilon: Float = 1e-8, weightDecay: Float = 0.01
    ) throws {
        try self.init(
            groups: [ParameterGroup(parameters: parameters)], learningRate: learningRate,
            beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: weightDecay)
    }

    private var settings: AdamMoments.Settings {
        AdamMoments.Settings(
            learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon,
            weightDecay: weightDecay, decoupledWeightDecay: true,
            collectsStatistics: collectsStatistics)
    }

    @discardableResult
    public func step(loss: Float?) throws -> StepReport {
        let report = try moments.step(table: table, settings: settings, stepNumber: stepCount + 1, loss: loss)
        stepCount += 1
        lastReport = report
        return report
    }

    public func exportState() -> OptimizerState {
        moments.export(table: table, optimizerName: name, stepCount: stepCount)
    }

    public func importState(_ state: OptimizerState) throws {
        guard state.stepCount >= 0 else {
            throw OptimizerError.stateMismatch(reason: "stepCount is \(state.stepCount), expected ≥ 0")
        }
        moments = try AdamMoments.imported(from: state, table: table, optimizerName: name)
        stepCount = state.stepCount
    }
}

extension AdamW: CustomStringConvertible {
    /// The optimizer and its hyperparameters in one line, for the lab to print.
    public var description: String {
        "\(name)(learning rate \(learningRate), betas (\(beta1), \(beta2)), epsilon \(epsilon), "
            + "weight decay \(weightDecay))"
    }
}
