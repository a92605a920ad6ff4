import TuneEngine

/// Autograd's gradient compared with central finite differences, value by value.
public struct GradientCheckResult: Sendable {
    /// One checked value of the parameter.
    public struct Pair: Sendable, Equatable {
        /// The flat index into the parameter's values.
        public var index: Int
        /// What backward() computed.
        public var autograd: Double
        /// (L(w + ε) − L(w − ε)) / 2ε
        public var numeric: Double
        /// |autograd − numeric| / max(|autograd| + |numeric|, 1e-12)
        public var relativeError: Double
    }

    public var key: String
    public var shape: [Int]
    public var epsilon: Double
    public var loss: Double
    public var pairs: [Pair]

    /// The largest relative error over the checked values.
    public var maximumRelativeError: Double { pairs.map(\.relativeError).max() ?? 0 }
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
        guard let loss = try holder.referenceLoss() else {
            throw GradientCheckError(description: "\(holder.name) has no batch to compute a loss on, so its gradient cannot be checked")
        }
        try loss.backward()
        let gradient = parameter.gradient ?? [Float](repeating: 0, count: parameter.count)

        // Distinct indices, drawn without replacement (all of them for a small parameter).
        var indices = Array(0..<parameter.count)
        let chosenCount = Swift.min(count, indices.count)
        for position in 0..<chosenCount {
            let swapWith = position + generator.nextInt(below: indices.count - position)
            indices.swapAt(position, swapWith)
        }
        let chosen = Array(indices.prefix(chosenCount)).sorted()

        var pairs: [Pair] = []
        for index in chosen {
            let original = parameter.values[index]
            let step = Float(epsilon)
            parameter.values[index] = original + step
            let plus = try GradientMode.withoutGradients { try holder.referenceLoss()?.scalar } ?? .nan
            parameter.values[index] = original - step
            let minus = try GradientMode.withoutGradients { try holder.referenceLoss()?.scalar } ?? .nan
            parameter.values[index] = original
            // The step actually taken in Float: (original + ε) − (original − ε).
            let width = Double((original + step) - (original - step))
            let numeric = (Double(plus) - Double(minus)) / width
            let analytic = Double(gradient[index])
            let error = abs(analytic - numeric) / Swift.max(abs(analytic) + abs(numeric), 1e-12)
            pairs.append(Pair(index: index, autograd: analytic, numeric: numeric, relativeError: error))
        }
        return GradientCheckResult(key: key, shape: parameter.shape, epsilon: epsilon,
                                   loss: Double(loss.scalar), pairs: pairs)
    }
}
