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
    ///
    /// The loop has no branches: the cases of the rule become coefficients,
    ///     b ← β·b + κ·g          κ = 1 on the first step (b is still 0, so b ← g),
    ///                            κ = 1 − dampening afterwards
    ///     d ← a·g + c·b          classic: a = 0, c = 1 (d = b);
    ///                            Nesterov: a = 1, c = momentum (d = g + momentum·b)
    /// which gives exactly the values of the rule above (multiplying by 0 or 1 and
    /// adding 0 are exact), and lets the compiler use vector instructions.
    private func update(
        weights: Tensor, gradient: [Float], buffer: inout [Float],
        rate: Float, decay: Float, firstStep: Bool
    ) -> UpdateSums {
        let momentum = self.momentum
        let keepFraction: Float = firstStep ? 1 : 1 - dampening       // κ
        let gradientShare: Float = nesterov ? 1 : 0                    // a
        let bufferShare: Float = nesterov ? momentum : 1               // c
        var sums = UpdateSums()
        gradient.withUnsafeBufferPointer { g in
            weights.values.withUnsafeMutableBufferPointer { p in
                if momentum == 0 {
                    // Plain SGD: p ← p − lr·(g + wd·p)
                    @inline(__always) func updated(_ i: Int) -> Float {
                        p[i] - rate * (g[i] + decay * p[i])
                    }
                    if collectsStatistics {
                        for i in 0..<p.count {
                            let old = p[i]
                            let new = updated(i)
                            p[i] = new
                            sums.add(old: old, new: new)
                        }
                    } else {
                        for i in 0..<p.count { p[i] = updated(i) }
                    }
                    return
                }
                buffer.withUnsafeMutableBufferPointer { b in
                    @inline(__always) func updated(_ i: Int) -> Float {
                        let direction = g[i] + decay * p[i]                    // g + wd·p
                        let velocity = momentum * b[i] + keepFraction * direction  // b ← μ·b + κ·g
                        b[i] = velocity
                        return p[i] - rate * (gradientShare * direction + bufferShare * velocity)  // p ← p − lr·d
                    }
                    if collectsStatistics {
                        for i in 0..<p.count {
                            let old = p[i]
                            let new = updated(i)
                            p[i] = new
                            sums.add(old: old, new: new)
                        }
                    } else {
                        for i in 0..<p.count { p[i] = updated(i) }
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
        guard state.stepCount >= 0 else {
            throw OptimizerError.stateMismatch(reason: "stepCount is \(state.stepCount), expected ≥ 0")
        }
        momentumBuffers = buffers["momentum"]!
        stepCount = state.stepCount
    }
}

extension SGD: CustomStringConvertible {
    /// The optimizer and its hyperparameters in one line, for the lab to print.
    public var description: String {
        var parts = ["learning rate \(learningRate)"]
        if momentum != 0 { parts.append("momentum \(momentum)\(nesterov ? " (Nesterov)" : "")") }
        if dampening != 0 { parts.append("dampening \(dampening)") }
        if weightDecay != 0 { parts.append("weight decay \(weightDecay)") }
        return "SGD(" + parts.joined(separator: ", ") + ")"
    }
}
