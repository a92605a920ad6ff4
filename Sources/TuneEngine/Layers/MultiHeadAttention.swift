/// Self-attention with several heads: each position gathers information from the
/// positions it attends to, in `heads` independent subspaces of width/heads each.
public final class MultiHeadAttention: Module {
    public let query: Linear  // [width, width]
    public let key: Linear  // [width, width]
    public let value: Linear  // [width, width]
    public let output: Linear  // [width, width]
    public let heads: Int
    /// A language model may not look ahead; an encoder (BERT) sees both ways.
    public let causal: Bool

    public init(width: Int, heads: Int, causal: Bool, generator: inout RandomGenerator) {
        query = Linear(width, width, generator: &generator)
        key = Linear(width, width, generator: &generator)
        value = Linear(width, width, generator: &generator)
        output = Linear(width, width, generator: &generator)
        self.heads = heads
        self.causal = causal
        super.init()
    }

    /// [B, T, width] → [B, T, width]. `keyPadding` [B, T] marks real tokens with 1.
    /// Inside `AttentionTrace.collect` the weights [B, H, T, T] are recorded.
    public func callAsFunction(_ input: Tensor, keyPadding: [[Int]]? = nil) throws -> Tensor {
        let width = query.inputSize
        guard input.rank == 3, input.shape[2] == width else {
            throw TensorError.shapeMismatch(
                operation: "MultiHeadAttention(width \(width), \(heads) heads)", left: input.shape, right: [width],
                reason: "the input must be [batch, time, \(width)]")
        }
        let mask = AttentionMask(causal: causal, keyPadding: keyPadding)
        let keepsWeights = AttentionTrace.isCollecting
        let (attended, weights): (Tensor, [Float]?)
        if let projected = try fusedProjection(input) {
            (attended, weights) = try Attention.scaledDotProduct(
                packed: projected, heads: heads, mask: mask, keepWeights: keepsWeights)
        } else {
            (attended, weights) = try Attention.scaledDotProduct(
                query: query(input), key: key(input), value: value(input),
                heads: heads, mask: mask, keepWeights: keepsWeights)
        }
        if let weights { AttentionTrace.record(self, heads: heads, weights) }
        return try output(attended)
    }

    /// Q, K and V side by side, [B, T, 3·width], from one product with the three
    /// weights stacked into [3·width, width]: the input is read once instead of three
    /// times, and backward makes one dx product instead of three. The stacking is an
    /// op (concatenate), so each weight still gets its own gradient.
    ///
    /// LoRA adapters, if any, add their outputs on top. nil when the three layers
    /// cannot be fused (different shapes, a bias on some but not all); the caller then
    /// runs them one by one. The input is [B, T, width], checked by the caller.
    private func fusedProjection(_ input: Tensor) throws -> Tensor? {
        let layers = [query, key, value]
        guard layers.allSatisfy({ $0.weight.shape == query.weight.shape }) else { return nil }
        let biases = layers.compactMap(\.bias)
        guard biases.isEmpty || biases.count == 3 else { return nil }
        let weight = try Tensor.concatenate(layers.map(\.weight), axis: 0)  // [3·width, width]
        let bias = biases.isEmpty ? nil : try Tensor.concatenate(biases, axis: 0)  // [3·width]
        let base = try input.linear(weight: weight, bias: bias)  // [B, T, 3·width]
        guard layers.contains(where: { $0.adapter != nil }) else { return base }
        // LoRA adapters add their low-rank outputs to their own third; the other thirds
        // add exact zeros. So a fresh adapter (B = 0) leaves every value bit-identical to
        // the base model's, which runs this same fused product.
        let deltas = try layers.map { layer -> Tensor in
            if let adapter = layer.adapter { return try adapter(input) }  // [B, T, width]
            return Tensor.zeros(Array(input.shape.dropLast()) + [layer.weight.shape[0]])
        }
        return try base + Tensor.concatenate(deltas, axis: 2)
    }
}
