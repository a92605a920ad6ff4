/// Normalizes each position's features to mean 0 and variance 1, then applies a
/// learned scale (`weight`, starts at 1) and shift (`bias`, starts at 0).
public final class LayerNorm: Module, Layer {
    public let weight: Tensor  // [width]
    public let bias: Tensor  // [width]
    public let epsilon: Float

    public init(_ width: Int, epsilon: Float = 1e-5) {
        weight = .ones([width]); weight.requiresGradient = true
        bias = .zeros([width]); bias.requiresGradient = true
        self.epsilon = epsilon
        super.init()
    }

    /// [..., width] → [..., width]
    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        try input.layerNormalized(weight: weight, bias: bias, epsilon: epsilon)
    }
}
