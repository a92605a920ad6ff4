/// Adam: adaptive moment estimation, following PyTorch's `torch.optim.Adam` exactly
/// (bias-corrected moments; weight decay as an L2 term added to the gradient).
///
/// Each parameter's step is scaled by a running estimate of its gradient's size, so
/// every weight moves by roughly `learningRate` per step regardless of how large
/// its gradient is. The update rule is written out beside the loop in
/// `AdamMoments.swift`:
///
///     g ← g + wd·p
///     m ← β₁·m + (1 − β₁)·g,   v ← β₂·v + (1 − β₂)·g²
///     p ← p − lr·m̂ / (√v̂ + ε)   with m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ)
///
/// Because the decay passes through the adaptive scaling, weights with large
/// gradients are decayed less than intended; `AdamW` fixes that.
public final class Adam: Optimizer {
    public let name = "Adam"
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
    /// L2 coefficient added to the gradient (groups may override it). Default 0.
    public var weightDecay: Float
    public var collectsStatistics = false
    public private(set) var stepCount = 0
    public private(set) var lastReport: StepReport?

    private let table: ParameterTable
    private var moments: AdamMoments

    /// An Adam optimizer over parameter groups. Throws on duplicate keys or a
    /// hyperparameter out of range.
    public init(
        groups: [ParameterGroup], learningRate: Float = 1e-3, beta1: Double = 0.9,
        beta2: Double = 0.999, epsilon: Float = 1e-8, weightDecay: Float = 0
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

    /// An Adam optimizer over one group holding `parameters`.
    public convenience init(
        parameters: [(key: String, tensor: Tensor)], learningRate: Float = 1e-3, beta1: Double = 0.9,
        beta2: Double = 0.999, epsilon: Float = 1e-8, weightDecay: Float = 0
    ) throws {
        try self.init(
            groups: [ParameterGroup(parameters: parameters)], learningRate: learningRate,
            beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: weightDecay)
    }

    private var settings: AdamMoments.Settings {
        AdamMoments.Settings(
            learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon,
            weightDecay: weightDecay, decoupledWeightDecay: false,
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

extension Adam: CustomStringConvertible {
    /// The optimizer and its hyperparameters in one line, for the lab to print.
    public var description: String {
        "\(name)(learning rate \(learningRate), betas (\(beta1), \(beta2)), epsilon \(epsilon), "
            + "weight decay \(weightDecay))"
    }
}
