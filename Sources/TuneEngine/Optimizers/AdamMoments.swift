import Foundation

/// The running state and inner loop shared by `Adam` and `AdamW`, which differ only
/// in how weight decay enters the update.
///
/// For each parameter p with gradient g, at group rate lr, with t the parameter's
/// own step count (starting at 1):
///
///     g ← g + wd·p                        (Adam: L2 decay through the gradient)
///     p ← p − lr·wd·p                     (AdamW: decoupled decay, before the update)
///     m ← β₁·m + (1 − β₁)·g               (first moment: a running mean of g)
///     v ← β₂·v + (1 − β₂)·g²              (second moment: a running mean of g²)
///     m̂ = m / (1 − β₁ᵗ),  v̂ = v / (1 − β₂ᵗ)   (bias correction: m, v start at 0)
///     p ← p − lr·m̂ / (√v̂ + ε)
///
/// As PyTorch does, the last line is computed as
/// p ← p − (lr / (1 − β₁ᵗ))·m / (√v·(1/√(1 − β₂ᵗ)) + ε), with the two corrections
/// computed once per parameter in Double.
///
/// The code of those lines is `AdamRule.apply`, below, next to the constants it uses.
/// Without statistics the loop is `adamKernel`, a standalone function over raw
/// pointers that runs the rule 16 weights at a time on vector registers (square root
/// and division included), split across cores for large parameters.
struct AdamMoments {
    /// m per slot; empty until the parameter's first update.
    var firstMoments: [[Float]]
    /// v per slot; empty until the parameter's first update.
    var secondMoments: [[Float]]
    /// t per slot: how many updates this parameter has had (a parameter skipped on
    /// some steps has a smaller t than the optimizer's step count).
    var stepCounts: [Int]

    init(slotCount: Int) {
        firstMoments = [[Float]](repeating: [], count: slotCount)
        secondMoments = [[Float]](repeating: [], count: slotCount)
        stepCounts = [Int](repeating: 0, count: slotCount)
    }

    struct Settings {
        var learningRate: Float
        var beta1: Double
        var beta2: Double
        var epsilon: Float
        var weightDecay: Float
        var decoupledWeightDecay: Bool
        var collectsStatistics: Bool
    }

    static func validate(_ settings: Settings) throws {
        try checkHyperparameter("learningRate", settings.learningRate, atLeast: 0)
        for (name, beta) in [("beta1", settings.beta1), ("beta2", settings.beta2)] {
            guard beta.isFinite, beta >= 0, beta < 1 else {
                throw OptimizerError.invalidHyperparameter(name: name, value: Float(beta), accepts: "in [0, 1)")
            }
        }
        guard settings.epsilon.isFinite, settings.epsilon > 0 else {
            throw OptimizerError.invalidHyperparameter(name: "epsilon", value: settings.epsilon, accepts: "finite and > 0")
        }
        try checkHyperparameter("weightDecay", settings.weightDecay, atLeast: 0)
    }

    /// One step over every slot; the caller validated settings and counts steps.
    mutating func step(table: ParameterTable, settings: Settings, stepNumber: Int, loss: Float?) throws -> StepReport {
        try Self.validate(settings)
        // Check every gradient before touching any weight.
        let survey = try table.surveyGradients(step: stepNumber)
        var statistics: [ParameterStatistics] = []

        for (index, slot) in table.slots.enumerated() {
            guard let gradientSquaredNorm = survey.squaredNorms[index],
                  let gradient = slot.tensor.gradient else { continue }
            let group = table.groups[slot.groupIndex]
            let rate = settings.learningRate * group.learningRateMultiplier
            let decay = group.weightDecay ?? settings.weightDecay
            if firstMoments[index].isEmpty {
                firstMoments[index] = [Float](repeating: 0, count: slot.tensor.count)
                secondMoments[index] = [Float](repeating: 0, count: slot.tensor.count)
            }
            stepCounts[index] += 1
            let sums = update(
                slotIndex: index, weights: slot.tensor, gradient: gradient, rate: rate,
                decay: decay, settings: settings, t: stepCounts[index])
            if settings.collectsStatistics {
                statistics.append(sums.statistics(
                    slot: slot, learningRate: rate, gradientSquaredNorm: gradientSquaredNorm))
            }
        }

        return StepReport(
            step: stepNumber, learningRate: settings.learningRate, loss: loss,
            globalGradientNorm: Float(survey.totalSquaredNorm.squareRoot()),
            updatedParameterCount: survey.updatedCount,
            skippedParameterCount: table.slots.count - survey.updatedCount,
            parameters: statistics)
    }

    /// The inner loop for one parameter: `AdamRule` on every weight.
    private mutating func update(
        slotIndex: Int, weights: Tensor, gradient: [Float], rate: Float, decay: Float,
        settings: Settings, t: Int
    ) -> UpdateSums {
        let rule = AdamRule(settings: settings, rate: rate, decay: decay, t: t)
        var sums = UpdateSums()
        withBuffers(gradient, writing: &weights.values, &firstMoments[slotIndex], &secondMoments[slotIndex]) { g, p, m, v in
            if settings.collectsStatistics {
                for i in 0..<p.count {
                    let old = p[i]
                    (p[i], m[i], v[i]) = rule.apply(p: old, g: g[i], m: m[i], v: v[i])
                    sums.add(old: old, new: p[i])  // Δ = new − old
                }
            } else if p.count > 0 {
                // Elementwise, so any split across cores gives the same weights.
                Parallel.forEachChunk(p.count, cost: 16) { chunk in
                    let offset = chunk.lowerBound
                    adamKernel(
                        p.baseAddress! + offset, g.baseAddress! + offset, m.baseAddress! + offset,
                        v.baseAddress! + offset, chunk.count, rule)
                }
            }
        }
        return sums
    }

    // MARK: - State

    func export(table: ParameterTable, optimizerName: String, stepCount: Int) -> OptimizerState {
        var tensors: [String: Tensor] = [:]
        table.exportBuffers(firstMoments, named: "first_moment", into: &tensors)
        table.exportBuffers(secondMoments, named: "second_moment", into: &tensors)
        let steps = stepCounts.map { $0 > 0 ? [Float($0)] : [] }
        table.exportBuffers(steps, named: "step", into: &tensors, shape: [1])
        return OptimizerState(optimizerName: optimizerName, stepCount: stepCount, tensors: tensors)
    }

    static func imported(from state: OptimizerState, table: ParameterTable, optimizerName: String) throws -> AdamMoments {
        let buffers = try table.importBuffers(
            from: state, expectedName: optimizerName,
            bufferNames: ["first_moment", "second_moment", "step"],
            lengthFor: { bufferName, slot in bufferName == "step" ? 1 : slot.tensor.count })
        var moments = AdamMoments(slotCount: table.slots.count)
        moments.firstMoments = buffers["first_moment"]!
        moments.secondMoments = buffers["second_moment"]!
        for index in table.slots.indices {
            let hasFirst = !moments.firstMoments[index].isEmpty
            let hasSecond = !moments.secondMoments[index].isEmpty
            let step = buffers["step"]![index].first
            guard hasFirst == hasSecond, hasFirst == (step != nil) else {
                throw OptimizerError.stateMismatch(
                    reason: "parameter '\(table.slots[index].key)' needs all of first_moment, second_moment and step, or none")
            }
            if let step {
                guard step >= 1, step == step.rounded() else {
                    throw OptimizerError.stateMismatch(
                        reason: "step.\(table.slots[index].key) is \(step), expected a whole number ≥ 1")
                }
                moments.stepCounts[index] = Int(step)
            }
        }
        return moments
    }
}

/// The six lines of the update (see `AdamMoments`) with one parameter's constants,
/// on one weight or on a vector of 16.
///
/// `apply` is the only place the arithmetic is written: the statistics loop calls it
/// on `Float`, `adamKernel` on `VectorKernels.Lanes`, with the same operations in the
/// same order, so both paths give the same bits.
struct AdamRule {
    var beta1, beta2, oneMinusBeta1, oneMinusBeta2: Float
    /// wd for Adam (decay through the gradient), 0 for AdamW.
    var l2: Float
    /// 1 − lr·wd for AdamW (decay of the weight itself), 1 for Adam.
    var shrink: Float
    /// lr / (1 − β₁ᵗ), the first moment's bias correction folded into the rate.
    var stepSize: Float
    /// 1 / √(1 − β₂ᵗ), the second moment's bias correction.
    var inverseCorrection2Root: Float
    var epsilon: Float

    /// The constants for step t of a parameter at rate `rate` with weight decay `decay`,
    /// computed once in Double.
    init(settings: AdamMoments.Settings, rate: Float, decay: Float, t: Int) {
        beta1 = Float(settings.beta1)
        beta2 = Float(settings.beta2)
        oneMinusBeta1 = Float(1 - settings.beta1)
        oneMinusBeta2 = Float(1 - settings.beta2)
        let biasCorrection1 = 1 - pow(settings.beta1, Double(t))        // 1 − β₁ᵗ
        let biasCorrection2 = 1 - pow(settings.beta2, Double(t))        // 1 − β₂ᵗ
        stepSize = Float(Double(rate) / biasCorrection1)                // lr / (1 − β₁ᵗ)
        inverseCorrection2Root = Float(1 / biasCorrection2.squareRoot())  // 1 / √(1 − β₂ᵗ)
        // AdamW shrinks p by (1 − lr·wd); Adam adds wd·p to the gradient.
        shrink = settings.decoupledWeightDecay ? Float(1 - Double(rate) * Double(decay)) : 1
        l2 = settings.decoupledWeightDecay ? 0 : decay
        epsilon = settings.epsilon
    }

    /// One weight p (or 16) with gradient g and moments m, v → the new p, m and v.
    @inline(__always)
    func apply<Value: AdamArithmetic>(p: Value, g: Value, m: Value, v: Value) -> (p: Value, m: Value, v: Value) {
        let g = g + Value(l2) * p                                        // Adam: g ← g + wd·p
        let m = Value(beta1) * m + Value(oneMinusBeta1) * g              // m ← β₁m + (1−β₁)g
        let v = Value(beta2) * v + Value(oneMinusBeta2) * g * g          // v ← β₂v + (1−β₂)g²
        let denominator = v.squareRoot() * Value(inverseCorrection2Root) + Value(epsilon)  // √v̂ + ε
        // AdamW: p ← p − lr·wd·p (shrink = 1 − lr·wd; 1 for Adam), then p ← p − lr·m̂/(√v̂ + ε)
        return (p * Value(shrink) - Value(stepSize) * m / denominator, m, v)
    }
}

/// What `AdamRule.apply` needs of a number: `Float`, or 16 of them on a vector register.
protocol AdamArithmetic {
    init(_ scalar: Float)
    static func + (left: Self, right: Self) -> Self
    static func - (left: Self, right: Self) -> Self
    static func * (left: Self, right: Self) -> Self
    static func / (left: Self, right: Self) -> Self
    func squareRoot() -> Self
}

extension Float: AdamArithmetic {}

extension SIMD16: AdamArithmetic where Scalar == Float {
    @inline(__always)
    init(_ scalar: Float) { self.init(repeating: scalar) }
}

/// `AdamRule` over `count` weights p with gradients g and moments m, v, in place:
/// 16 weights at a time on vector registers (the compiler leaves the plain loop
/// scalar), then one at a time for the rest.
@inline(never)
func adamKernel(
    _ p: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, _ m: UnsafeMutablePointer<Float>,
    _ v: UnsafeMutablePointer<Float>, _ count: Int, _ rule: AdamRule
) {
    typealias Lanes = VectorKernels.Lanes
    var i = 0
    while i + Lanes.scalarCount <= count {
        let (newP, newM, newV) = rule.apply(
            p: VectorKernels.load(p + i), g: VectorKernels.load(g + i),
            m: VectorKernels.load(m + i), v: VectorKernels.load(v + i))
        VectorKernels.store(newM, m + i)
        VectorKernels.store(newV, v + i)
        VectorKernels.store(newP, p + i)
        i += Lanes.scalarCount
    }
    while i < count {
        (p[i], m[i], v[i]) = rule.apply(p: p[i], g: g[i], m: m[i], v: v[i])
        i += 1
    }
}
