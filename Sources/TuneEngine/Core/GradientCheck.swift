/// Autograd's gradient against central finite differences: the one gradient checker,
/// used by the engine's tests and by the lab's `gradcheck` command.
///
///     numeric ∂L/∂wᵢ = (L(w + ε·eᵢ) − L(w − ε·eᵢ)) / ((wᵢ + ε) − (wᵢ − ε))
///
/// The denominator is the step actually taken in Float, not 2ε. Each value is
/// restored exactly afterwards.
///
/// A finite difference cannot see below its own rounding: the loss is a Float, so each
/// of L(w ± ε) is off by about a unit in its last place, and their difference divided by
/// the step is off by up to `noiseFloor`. A gradient smaller than that (common for the
/// convolution weights of a deep image model) can disagree in relative terms while both
/// numbers are right; such a pair agrees when its difference is inside the noise.
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
        /// How far the central difference can be off by the loss's rounding alone (0: unknown).
        public var noiseFloor: Double

        public init(index: Int, autograd: Double, numeric: Double, noiseFloor: Double = 0) {
            self.index = index
            self.autograd = autograd
            self.numeric = numeric
            self.noiseFloor = noiseFloor
            relativeError = Swift.abs(autograd - numeric) / Swift.max(Swift.abs(autograd) + Swift.abs(numeric), 1e-12)
        }

        /// The relative error below which two Float gradients agree.
        public static let agreement = 1e-2

        /// True when the numbers agree: a relative error below `agreement`, or a
        /// difference no larger than the finite difference's rounding noise.
        public var agrees: Bool { relativeError < Self.agreement || isWithinNoise }

        /// True when the difference is no larger than the finite difference's own rounding.
        public var isWithinNoise: Bool { Swift.abs(autograd - numeric) <= noiseFloor }
    }

    /// The rounding noise of a central difference of a Float loss `loss` over a step `step`.
    /// Each of L(w ± ε) is a Float, so it moves in steps of one unit in the last place of
    /// |L| (`ulp`): the difference of the two, over the step, comes in quanta of ulp/step
    /// and is off by up to about two of them.
    public static func noiseFloor(loss: Double, step: Double) -> Double {
        2 * Double(Float(Swift.abs(loss)).ulp) / step
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
        let pairs = zip(indices, numeric).map { index, numeric in
            let original = parameter.values[index]
            let step = Double((original + epsilon) - (original - epsilon))
            return Pair(index: index, autograd: Double(gradient[index]), numeric: numeric,
                        noiseFloor: noiseFloor(loss: Double(value.scalar), step: step))
        }
        return (value.scalar, pairs)
    }
}
