import TuneEngine

/// Autograd's gradient compared with central finite differences, value by value
/// (`GradientCheck` in the engine does the comparing).
public struct GradientCheckResult: Sendable {
    public typealias Pair = GradientCheck.Pair

    public var key: String
    public var shape: [Int]
    public var epsilon: Double
    public var loss: Double
    public var pairs: [Pair]

    /// The largest relative error over the checked values.
    public var maximumRelativeError: Double { pairs.map(\.relativeError).max() ?? 0 }

    /// True when every checked value agrees (`GradientCheck.Pair.agrees`).
    public var agrees: Bool { pairs.allSatisfy(\.agrees) }

    /// The values whose relative error is large but whose difference is inside the
    /// finite difference's rounding noise.
    public var withinNoiseCount: Int { pairs.filter { $0.relativeError >= GradientCheck.Pair.agreement && $0.isWithinNoise }.count }
}

/// Problems a gradient check can meet, phrased for the learner.
public struct GradientCheckError: Error, CustomStringConvertible {
    public var description: String
}

extension GradientCheckResult {
    /// Checks `count` values of the parameter `key` of `holder`, drawn with `generator`.
    ///
    /// The loss is `holder.referenceLoss()`: one backward pass gives autograd's gradient;
    /// then each chosen value is nudged by ±ε and the loss computed twice more. The
    /// weights are restored exactly afterwards.
    public static func run(on holder: ModuleHolder, key: String, count: Int, epsilon: Double,
                           generator: inout RandomGenerator) throws -> GradientCheckResult {
        guard let parameter = holder.module.parameter(key) else {
            throw GradientCheckError(description: "\(holder.name) has no parameter \(key)")
        }
        guard parameter.requiresGradient else {
            throw GradientCheckError(description: "\(key) is frozen (no gradient to check); unfreeze it first")
        }
        holder.module.zeroGradients()

        // Distinct indices, drawn without replacement (all of them for a small parameter).
        var indices = Array(0..<parameter.count)
        let chosenCount = Swift.min(count, indices.count)
        for position in 0..<chosenCount {
            let swapWith = position + generator.nextInt(below: indices.count - position)
            indices.swapAt(position, swapWith)
        }
        let chosen = Array(indices.prefix(chosenCount)).sorted()

        let (loss, pairs) = try GradientCheck.compare(parameter, at: chosen, epsilon: Float(epsilon)) {
            guard let loss = try holder.referenceLoss() else {
                throw GradientCheckError(description: "\(holder.name) has no batch to compute a loss on, so its gradient cannot be checked")
            }
            return loss
        }
        return GradientCheckResult(key: key, shape: parameter.shape, epsilon: epsilon, loss: Double(loss), pairs: pairs)
    }
}
