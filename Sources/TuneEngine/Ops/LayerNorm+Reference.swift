/// Layer normalization written with ordinary tensor ops. Read this first:
/// `layerNormalized` (LayerNorm+Op.swift) computes the same in one fused pass with a
/// closed-form backward, and a test holds the two together (values and gradients).
extension Tensor {
    /// y = (x − mean) / √(var + ε) · weight + bias over the last axis, `weight` and
    /// `bias` [C]; the variance is the biased one (divided by C), as PyTorch's.
    public func referenceLayerNormalized(weight: Tensor, bias: Tensor, epsilon: Float = 1e-5) throws -> Tensor {
        let mean = try self.mean(axis: -1, keepingAxis: true)  // [..., 1]
        let centered = try self - mean  // [..., C]
        let variance = try (centered * centered).mean(axis: -1, keepingAxis: true)  // [..., 1]
        let normalized = try centered / (variance + epsilon).sqrt()  // [..., C]
        return try normalized * weight + bias  // [..., C]
    }
}
