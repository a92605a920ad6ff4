/// What `Adam` and `AdamW` share: their hyperparameters, moment buffers, step
/// counting, state export and description. The two differ only in how weight decay
/// enters the update; the rule (`AdamRule`) and its loop are in `AdamMoments.swift`.
///
/// Not meant to be used directly: make an `Adam` or an `AdamW`.
public class AdaptiveMomentOptimizer: Optimizer {
    /// "Adam" or "AdamW".
    public let name: String
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
    /// Adam: the L2 coefficient added to the gradient (default 0). AdamW: the
    /// fraction of each weight removed per unit of learning rate (default 0.01).
    /// Groups may override it.
    public var weightDecay: Float
    /// true for AdamW (decay shrinks the weights), false for Adam (decay joins the gradient).
    public let decoupledWeightDecay: Bool
    public var collectsStatistics = false
    public private(set) var stepCount = 0
    public private(set) var lastReport: StepReport?

    private let table: ParameterTable
    private var moments: AdamMoments

    /// Throws on duplicate keys or a hyperparameter out of range.
    init(
        name: String, decoupledWeightDecay: Bool, groups: [ParameterGroup], learningRate: Float,
        beta1: Double, beta2: Double, epsilon: Float, weightDecay: Float
    ) throws {
        self.name = name
        self.decoupledWeightDecay = decoupledWeightDecay
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

    private var settings: AdamMoments.Settings {
        AdamMoments.Settings(
            learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon,
            weightDecay: weightDecay, decoupledWeightDecay: decoupledWeightDecay,
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

extension AdaptiveMomentOptimizer: CustomStringConvertible {
    /// The optimizer and its hyperparameters in one line, for the lab to print.
    public var description: String {
        "\(name)(learning rate \(learningRate), betas (\(beta1), \(beta2)), epsilon \(epsilon), "
            + "weight decay \(weightDecay))"
    }
}
