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
/// Without statistics the loop is `adamKernel`, a standalone function over raw
/// pointers that the compiler turns into vector instructions (square root and
/// division included), split across cores for large parameters.
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

    /// The inner loop for one parameter.
    private mutating func update(
        slotIndex: Int, weights: Tensor, gradient: [Float], rate: Float, decay: Float,
        settings: Settings, t: Int
    ) -> UpdateSums {
        // Per-parameter constants, computed once in Double.
        let epsilon = settings.epsilon
        let beta1 = Float(settings.beta1), beta2 = Float(settings.beta2)
        let oneMinusBeta1 = Float(1 - settings.beta1), oneMinusBeta2 = Float(1 - settings.beta2)
        let biasCorrection1 = 1 - pow(settings.beta1, Double(t))        // 1 − β₁ᵗ
        let biasCorrection2 = 1 - pow(settings.beta2, Double(t))        // 1 − β₂ᵗ
        let stepSize = Float(Double(rate) / biasCorrection1)            // lr / (1 − β₁ᵗ)
        let inverseCorrection2Root = Float(1 / biasCorrection2.squareRoot())  // 1 / √(1 − β₂ᵗ)
        // AdamW shrinks p by (1 − lr·wd); Adam adds wd·p to the gradient.
        let shrink: Float = settings.decoupledWeightDecay ? Float(1 - Double(rate) * Double(decay)) : 1
        let l2 = settings.decoupledWeightDecay ? 0 : decay
        var sums = UpdateSums()

        gradient.withUnsafeBufferPointer { g in
            weights.values.withUnsafeMutableBufferPointer { p in
                firstMoments[slotIndex].withUnsafeMutableBufferPointer { m in
                    secondMoments[slotIndex].withUnsafeMutableBufferPointer { v in
                        @inline(__always) func updated(_ i: Int) -> Float {
                            let old = p[i]
                            let gi = g[i] + l2 * old                          // Adam: g ← g + wd·p
                            let mi = beta1 * m[i] + oneMinusBeta1 * gi        // m ← β₁m + (1−β₁)g
                            let vi = beta2 * v[i] + oneMinusBeta2 * gi * gi   // v ← β₂v + (1−β₂)g²
                            m[i] = mi
                            v[i] = vi
                            let denominator = vi.squareRoot() * inverseCorrection2Root + epsilon
                            // AdamW: p ← p − lr·wd·p (shrink = 1 − lr·wd; 1 for Adam), then
                            // p ← p − lr·m̂/(√v̂ + ε)
                            return old * shrink - stepSize * mi / denominator
                        }
                        if settings.collectsStatistics {
                            for i in 0..<p.count {
                                let old = p[i]
                                let new = updated(i)
                                p[i] = new
                                sums.add(old: old, new: new)                  // Δ = new − old
                            }
                        } else if p.count > 0 {
                            // Elementwise, so any split across cores gives the same weights.
                            let constants = AdamConstants(
                                beta1: beta1, beta2: beta2, oneMinusBeta1: oneMinusBeta1, oneMinusBeta2: oneMinusBeta2,
                                l2: l2, shrink: shrink, stepSize: stepSize,
                                inverseCorrection2Root: inverseCorrection2Root, epsilon: epsilon)
                            Parallel.forEachChunk(p.count, cost: 16) { chunk in
                                let offset = chunk.lowerBound
                                adamKernel(
                                    p.baseAddress! + offset, g.baseAddress! + offset, m.baseAddress! + offset,
                                    v.baseAddress! + offset, chunk.count, constants)
                            }
                        }
                    }
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

/// The per-parameter constants of one Adam/AdamW update (see `AdamMoments.update`).
struct AdamConstants {
    var beta1, beta2, oneMinusBeta1, oneMinusBeta2: Float
    var l2, shrink, stepSize, inverseCorrection2Root, epsilon: Float
}

/// The Adam/AdamW update of `count` weights p with gradients g and moments m, v,
/// in place. The same arithmetic as `updated(_:)` in `AdamMoments.update`, in the
/// same order, 16 weights at a time on vector registers (the compiler leaves the
/// plain loop scalar), then one at a time for the rest.
@inline(never)
func adamKernel(
    _ p: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, _ m: UnsafeMutablePointer<Float>,
    _ v: UnsafeMutablePointer<Float>, _ count: Int, _ c: AdamConstants
) {
    typealias Lanes = VectorKernels.Lanes
    let (beta1, beta2) = (Lanes(repeating: c.beta1), Lanes(repeating: c.beta2))
    let (oneMinusBeta1, oneMinusBeta2) = (Lanes(repeating: c.oneMinusBeta1), Lanes(repeating: c.oneMinusBeta2))
    let (l2, shrink, stepSize) = (Lanes(repeating: c.l2), Lanes(repeating: c.shrink), Lanes(repeating: c.stepSize))
    let (correction, epsilon) = (Lanes(repeating: c.inverseCorrection2Root), Lanes(repeating: c.epsilon))
    var i = 0
    while i + Lanes.scalarCount <= count {
        let old = VectorKernels.load(p + i)
        let gi = VectorKernels.load(g + i) + l2 * old                            // Adam: g ← g + wd·p
        let mi = beta1 * VectorKernels.load(m + i) + oneMinusBeta1 * gi          // m ← β₁m + (1−β₁)g
        let vi = beta2 * VectorKernels.load(v + i) + oneMinusBeta2 * gi * gi     // v ← β₂v + (1−β₂)g²
        VectorKernels.store(mi, m + i)
        VectorKernels.store(vi, v + i)
        let denominator = vi.squareRoot() * correction + epsilon
        VectorKernels.store(old * shrink - stepSize * mi / denominator, p + i)  // decay, then the Adam step
        i += Lanes.scalarCount
    }
    while i < count {
        let old = p[i]
        let gi = g[i] + c.l2 * old
        let mi = c.beta1 * m[i] + c.oneMinusBeta1 * gi
        let vi = c.beta2 * v[i] + c.oneMinusBeta2 * gi * gi
        m[i] = mi
        v[i] = vi
        let denominator = vi.squareRoot() * c.inverseCorrection2Root + c.epsilon
        p[i] = old * c.shrink - c.stepSize * mi / denominator
        i += 1
    }
}
