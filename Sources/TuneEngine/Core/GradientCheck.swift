/// Autograd's gradient against central finite differences: the one gradient checker,
/// used by the engine's tests and by the lab's `gradcheck` command.
///
///     numeric ∂L/∂wᵢ = (L(w + ε·eᵢ) − L(w − ε·eᵢ)) / ((wᵢ + ε) − (wᵢ − ε))
///
/// The denominator is the step actually taken in Float, not 2ε. Each value is
/// restored exactly afterwards.
public enum GradientCheck {
    /// One checked value.
    public struct Pair: Sendable, Equatable {
        /// The flat index into the tensor's values.
        public var index: Int
        /// What backward() computed.
        public var autograd: Double
        /// The central difference.
        public var numeric: Double
        /// |autograd − numeric| / max(|autograd| + |numeric|, 1e-12)
        public var relativeError: Double

        public init(index: Int, autograd: Double, numeric: Double) {
            self.index = index
            self.autograd = autograd
            self.numeric = numeric
            relativeError = Swift.abs(autograd - numeric) / Swift.max(Swift.abs(autograd) + Swift.abs(numeric), 1e-12)
        }
    }

    /// The central difference of `loss` (evaluated without gradients) for each of
    /// `indices` of `tensor`, nudged by ±`epsilon`.
    public static func centralDifferences(
        of tensor: Tensor, at indices: [Int], epsilon: Float, loss: () throws -> Double
    ) throws -> [Double] {
        try indices.map { index in
            let original = tensor.values[index]
            tensor.values[index] = original + epsilon
            let plus = try GradientMode.withoutGradients { try loss() }
            tensor.values[index] = original - epsilon
            let minus = try GradientMode.withoutGradients { try loss() }
            tensor.values[index] = original
            return (plus - minus) / Double((original + epsilon) - (original - epsilon))
        }
    }

    /// Runs `loss` once with gradients and backward, then compares `parameter`'s
    /// gradient at `indices` with the central differences of the same loss. Returns
    /// the loss and one pair per index. The caller zeroes gradients first.
    public static func compare(
        _ parameter: Tensor, at indices: [Int], epsilon: Float, loss: () throws -> Tensor
    ) throws -> (loss: Float, pairs: [Pair]) {
        let value = try loss()
        try value.backward()
        let gradient = parameter.gradient ?? [Float](repeating: 0, count: parameter.count)
        let numeric = try centralDifferences(of: parameter, at: indices, epsilon: epsilon) { Double(try loss().scalar) }
        let pairs = zip(indices, numeric).map { Pair(index: $0, autograd: Double(gradient[$0]), numeric: $1) }
        return (value.scalar, pairs)
    }
}
