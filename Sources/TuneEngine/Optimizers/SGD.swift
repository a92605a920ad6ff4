/// Stochastic gradient descent with optional momentum, Nesterov momentum and L2
/// weight decay, following PyTorch's `torch.optim.SGD` update rule exactly.
///
/// For each parameter p with gradient g, at group rate lr and decay wd:
///
///     g ← g + wd·p                          (L2 weight decay, if wd ≠ 0)
///     if momentum ≠ 0:
///         b ← g                             (first step: the buffer starts as g)
///         b ← momentum·b + (1 − dampening)·g   (later steps)
///         g ← g + momentum·b                (Nesterov)   or   g ← b   (classic)
///     p ← p − lr·g
///
/// Note that the gradient is not scaled by (1 − momentum): with momentum 0.9 the
/// buffer grows to about 10·g, so rates are smaller than without momentum.
public final class SGD: Optimizer {
    public let name = "SGD"
    public private(set) var parameterGroups: [ParameterGroup]
    /// The base learning rate (groups multiply it).
    public var learningRate: Float
    /// How much of the previous update direction is kept each step (0 = plain SGD;
    /// 0.9 is common).
    public var momentum: Float
    /// How much of the new gradient is held back from the momentum buffer after the
    /// first step (0 = none, the usual choice).
    public var dampening: Float
    /// Look ahead along the momentum: step by g + momentum·b instead of b. Needs
    /// momentum > 0 and dampening 0.
    public var nesterov: Bool
    /// L2 penalty coefficient added to the gradient (groups may override it).
    public var weightDecay: Float
    public var collectsStatistics = false
    public private(set) var stepCount = 0
    public private(set) var lastReport: StepReport?

    private let table: ParameterTable
    /// Momentum buffers, one per slot; empty until the parameter's first update.
    private var momentumBuffers: [[Float]]

    /// An SGD optimizer over parameter groups. Throws on duplicate keys or a
    /// hyperparameter out of range.
    public init(
        groups: [ParameterGroup], learningRate: Float, momentum: Float = 0,
        dampening: Float = 0, nesterov: Bool = false, weightDecay: Float = 0
    ) throws {
        table = try ParameterTable(groups: groups)
        parameterGroups = groups
        self.learningRate = learningRate
        self.momentum = momentum
        self.dampening = dampening
        self.nesterov = nesterov
        self.weightDecay = weightDecay
        momentumBuffers = [[Float]](repeating: [], count: table.slots.count)
        try validateHyperparameters()
    }

    /// An SGD optimizer over one group holding `parameters`.
    public convenience init(
        parameters: [(key: String, tensor: Tensor)], learningRate: Float, momentum: Float = 0,
        dampening: Float = 0, nesterov: Bool = false, weightDecay: Float = 0
    ) throws {
        try self.init(
            groups: [ParameterGroup(parameters: parameters)], learningRate: learningRate,
            momentum: momentum, dampening: dampening, nesterov: nesterov, weightDecay: weightDecay)
    }

    private func validateHyperparameters() throws {
        try checkHyperparameter("learningRate", learningRate, atLeast: 0)
        try checkHyperparameter("momentum", momentum, atLeast: 0)
        try checkHyperparameter("dampening", dampening, atLeast: 0)
        try checkHyperparameter("weightDecay", weightDecay, atLeast: 0)
        if nesterov && (momentum <= 0 || dampening != 0) {
            throw OptimizerError.invalidHyperparameter(
                name: "momentum", value: momentum,
                accepts: "> 0 with dampening 0 when nesterov is true (dampening is \(dampening))")
        }
    }

    // MARK: - Step

    @discardableResult
    public func step(loss: Float?) throws -> StepReport {
        try validateHyperparameters()
        let stepNumber = stepCount + 1
        // Check every gradient before touching any weight.
        let survey = try table.surveyGradients(step: stepNumber)
        var statistics: [ParameterStatistics] = []

        for (index, slot) in table.slots.enumerated() {
            guard let gradientSquaredNorm = survey.squaredNorms[index],
                  let gradient = slot.tensor.gradient else { continue }
            let group = table.groups[slot.groupIndex]
            let rate = learningRate * group.learningRateMultiplier
            let decay = group.weightDecay ?? weightDecay
            let firstStep = momentumBuffers[index].isEmpty
            if momentum != 0 && firstStep {
                momentumBuffers[index] = [Float](repeating: 0, count: slot.tensor.count)
            }
            let sums = update(
                weights: slot.tensor, gradient: gradient, buffer: &momentumBuffers[index],
                rate: rate, decay: decay, firstStep: firstStep)
            if collectsStatistics {
                statistics.append(sums.statistics(
                    slot: slot, learningRate: rate, gradientSquaredNorm: gradientSquaredNorm))
            }
        }

        stepCount = stepNumber
        let report = StepReport(
            step: stepNumber, learningRate: learningRate, loss: loss,
            globalGradientNorm: Float(survey.totalSquaredNorm.squareRoot()),
            updatedParameterCount: survey.updatedCount,
            skippedParameterCount: table.slots.count - survey.updatedCount,
            parameters: statistics)
        lastReport = report
        return report
    }

    /// The inner loop for one parameter; returns the statistics sums (zero when
    /// statistics are off).
    private func update(
        weights: Tensor, gradient: [Float], buffer: inout [Float],
        rate: Float, decay: Float, firstStep: Bool
    ) -> UpdateSums {
        let momentum = self.momentum
        let keepFraction = 1 - dampening   // the share of g added to the buffer
        let nesterov = self.nesterov
        let measure = collectsStatistics
        var sums = UpdateSums()
        gradient.withUnsafeBufferPointer { g in
            weights.values.withUnsafeMutableBufferPointer { p in
                buffer.withUnsafeMutableBufferPointer { b in
                    for i in 0..<p.count {
                        let old = p[i]
                        var direction = g[i] + decay * old            // g + wd·p
                        if momentum != 0 {
                            // b ← g on the first step, else momentum·b + (1 − dampening)·g
                            let velocity = firstStep ? direction : momentum * b[i] + keepFraction * direction
                            b[i] = velocity
                            // Nesterov: g + momentum·b; classic: b
                            direction = nesterov ? direction + momentum * velocity : velocity
                        }
                        let new = old - rate * direction              // p ← p − lr·g
                        p[i] = new
                        if measure {
                            let change = Double(new - old)            // Δ = new − old
                            sums.updateSquares += change * change
                            sums.weightSquares += Double(old) * Double(old)
                        }
                    }
                }
            }
        }
        return sums
    }

    // MARK: - State

    public func exportState() -> OptimizerState {
        var tensors: [String: Tensor] = [:]
        table.exportBuffers(momentumBuffers, named: "momentum", into: &tensors)
        return OptimizerState(optimizerName: name, stepCount: stepCount, tensors: tensors)
    }

    public func importState(_ state: OptimizerState) throws {
        let buffers = try table.importBuffers(
            from: state, expectedName: name, bufferNames: ["momentum"],
            lengthFor: { _, slot in slot.tensor.count })
        momentumBuffers = buffers["momentum"]!
        stepCount = state.stepCount
    }
}
