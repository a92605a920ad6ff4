/// The bookkeeping every optimizer shares: parameters flattened into slots, the
/// gradient check that runs before any weight changes, and buffer export/import.
/// Internal: optimizers are the public face.

/// One parameter and the group it belongs to.
struct ParameterSlot {
    let key: String
    let tensor: Tensor
    let groupIndex: Int
}

/// What the checking pass found: which slots take part in this step and their
/// gradients' squared norms.
struct GradientSurvey {
    /// Per slot: the gradient's ‖g‖², or nil when the slot is skipped this step.
    var squaredNorms: [Double?]
    /// Σ‖g‖² over the slots that take part.
    var totalSquaredNorm: Double

    var updatedCount: Int { squaredNorms.lazy.filter { $0 != nil }.count }
}

struct ParameterTable {
    let groups: [ParameterGroup]
    let slots: [ParameterSlot]
    let slotIndexByKey: [String: Int]

    init(groups: [ParameterGroup]) throws {
        var slots: [ParameterSlot] = []
        var slotIndexByKey: [String: Int] = [:]
        for (groupIndex, group) in groups.enumerated() {
            guard group.learningRateMultiplier >= 0, group.learningRateMultiplier.isFinite else {
                throw OptimizerError.invalidHyperparameter(
                    name: "learningRateMultiplier of group '\(group.name)'",
                    value: group.learningRateMultiplier, accepts: "finite and ≥ 0")
            }
            if let decay = group.weightDecay {
                try checkHyperparameter("weightDecay of group '\(group.name)'", decay, atLeast: 0)
            }
            for parameter in group.parameters {
                guard slotIndexByKey[parameter.key] == nil else {
                    throw OptimizerError.duplicateParameterKey(parameter.key)
                }
                slotIndexByKey[parameter.key] = slots.count
                slots.append(ParameterSlot(key: parameter.key, tensor: parameter.tensor, groupIndex: groupIndex))
            }
        }
        self.groups = groups
        self.slots = slots
        self.slotIndexByKey = slotIndexByKey
    }

    /// Checks every gradient that will be used and measures its norm, before any
    /// weight changes. Throws on a wrong length or a NaN/Inf value.
    func surveyGradients(step: Int?) throws -> GradientSurvey {
        var squaredNorms = [Double?](repeating: nil, count: slots.count)
        var total = 0.0
        for (index, slot) in slots.enumerated() {
            guard slot.tensor.requiresGradient, let gradient = slot.tensor.gradient else { continue }
            let squared = try checkedSquaredNorm(key: slot.key, gradient: gradient,
                                                 expectedCount: slot.tensor.count, step: step)
            squaredNorms[index] = squared
            total += squared
        }
        return GradientSurvey(squaredNorms: squaredNorms, totalSquaredNorm: total)
    }
}

// MARK: - Gradient checks

/// ‖gradient‖², summed in Double; throws if the length is wrong or a value is
/// NaN or ±Inf.
///
/// One check per parameter suffices: a Float squared fits in a Double (at most
/// about 1.2e77), so the sum is finite exactly when every value is.
func checkedSquaredNorm(key: String, gradient: [Float], expectedCount: Int, step: Int?) throws -> Double {
    guard gradient.count == expectedCount else {
        throw OptimizerError.gradientCountMismatch(key: key, expected: expectedCount, got: gradient.count)
    }
    let squared = gradient.withUnsafeBufferPointer(sumOfSquares)
    guard squared.isFinite else {
        let index = gradient.firstIndex { !$0.isFinite } ?? 0
        throw OptimizerError.nonFiniteGradient(key: key, step: step, index: index, value: gradient[index])
    }
    return squared
}

/// Σ xᵢ² in Double, with four running sums so that the additions do not wait on
/// each other (about four times faster than one running sum).
func sumOfSquares(_ values: UnsafeBufferPointer<Float>) -> Double {
    var sum0 = 0.0, sum1 = 0.0, sum2 = 0.0, sum3 = 0.0
    let count = values.count
    var i = 0
    while i + 4 <= count {
        let a = Double(values[i]), b = Double(values[i + 1])
        let c = Double(values[i + 2]), d = Double(values[i + 3])
        sum0 += a * a
        sum1 += b * b
        sum2 += c * c
        sum3 += d * d
        i += 4
    }
    while i < count {
        let a = Double(values[i])
        sum0 += a * a
        i += 1
    }
    return (sum0 + sum1) + (sum2 + sum3)
}

// MARK: - Hyperparameter checks

func checkHyperparameter(_ name: String, _ value: Float, atLeast minimum: Float) throws {
    guard value.isFinite, value >= minimum else {
        let shown = minimum == minimum.rounded() ? "\(Int(minimum))" : "\(minimum)"
        throw OptimizerError.invalidHyperparameter(name: name, value: value, accepts: "finite and ≥ \(shown)")
    }
}

// MARK: - State export / import

extension ParameterTable {
    /// Named tensors for per-slot buffers: `<bufferName>.<key>` for every slot whose
    /// buffer exists (is not empty), with the parameter's shape unless `shape` is given.
    func exportBuffers(
        _ buffers: [[Float]], named bufferName: String, into tensors: inout [String: Tensor],
        shape: [Int]? = nil
    ) {
        for (index, slot) in slots.enumerated() where !buffers[index].isEmpty {
            // The count matches the shape by construction, so this cannot fail.
            tensors["\(bufferName).\(slot.key)"] = try? Tensor(
                shape: shape ?? slot.tensor.shape, values: buffers[index])
        }
    }

    /// Per-slot buffers read from `state` (empty where `state` has none). Throws if
    /// a tensor's name has an unknown buffer or key, or a wrong number of values.
    /// `lengthFor` gives the expected count of a buffer for a slot (the parameter's
    /// count, or 1 for a step count).
    func importBuffers(
        from state: OptimizerState, expectedName: String, bufferNames: [String],
        lengthFor: (_ bufferName: String, ParameterSlot) -> Int
    ) throws -> [String: [[Float]]] {
        guard state.optimizerName == expectedName else {
            throw OptimizerError.stateMismatch(
                reason: "it was written by \(state.optimizerName), this optimizer is \(expectedName)")
        }
        var result: [String: [[Float]]] = [:]
        for name in bufferNames { result[name] = [[Float]](repeating: [], count: slots.count) }
        for (name, tensor) in state.tensors {
            guard let dot = name.firstIndex(of: "."),
                  bufferNames.contains(String(name[..<dot])) else {
                throw OptimizerError.stateMismatch(
                    reason: "'\(name)' is not one of \(expectedName)'s buffers "
                        + "(\(bufferNames.map { "\($0).<key>" }.joined(separator: ", ")))")
            }
            let bufferName = String(name[..<dot])
            let key = String(name[name.index(after: dot)...])
            guard let slotIndex = slotIndexByKey[key] else {
                throw OptimizerError.stateMismatch(reason: "'\(name)' names parameter '\(key)', which this optimizer does not have")
            }
            let expected = lengthFor(bufferName, slots[slotIndex])
            guard tensor.count == expected else {
                throw OptimizerError.stateMismatch(
                    reason: "'\(name)' holds \(tensor.count) values, parameter '\(key)' needs \(expected)")
            }
            result[bufferName]![slotIndex] = tensor.values
        }
        return result
    }
}

// MARK: - Statistics accumulation

/// Running sums for one parameter's statistics inside an update loop.
struct UpdateSums {
    var weightSquares = 0.0
    var updateSquares = 0.0

    /// Adds one weight's old value and its update Δ = new − old.
    @inline(__always)
    mutating func add(old: Float, new: Float) {
        let change = Double(new - old)
        updateSquares += change * change
        weightSquares += Double(old) * Double(old)
    }

    func statistics(slot: ParameterSlot, learningRate: Float, gradientSquaredNorm: Double) -> ParameterStatistics {
        ParameterStatistics(
            key: slot.key, shape: slot.tensor.shape, learningRate: learningRate,
            gradientNorm: Float(gradientSquaredNorm.squareRoot()),
            weightNorm: Float(weightSquares.squareRoot()),
            updateNorm: Float(updateSquares.squareRoot()))
    }
}
