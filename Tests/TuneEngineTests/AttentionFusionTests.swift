import Testing
import TuneEngine

/// MultiHeadAttention computes Q, K and V with one product over stacked weights and
/// runs attention on the packed [B, T, 3C] result. That must agree with the three
/// Linear layers run one by one and attention on separate tensors.
@Suite struct AttentionFusionTests {
    /// Output and every gradient of one attention layer: fused (the layer as is) or
    /// separate (its own Linear layers called one by one).
    func run(_ layer: MultiHeadAttention, _ x: Tensor, fused: Bool) throws -> [[Float]] {
        for (_, tensor) in layer.namedParameters() { tensor.zeroGradient() }
        x.zeroGradient()
        let output: Tensor
        if fused {
            output = try layer(x)
        } else {
            let attended = try Attention.scaledDotProduct(
                query: try layer.query(x), key: try layer.key(x), value: try layer.value(x),
                heads: layer.heads, mask: AttentionMask(causal: layer.causal)).output
            output = try layer.output(attended)
        }
        var generator = RandomGenerator(seed: 11)
        let probe = Tensor.normal(output.shape, using: &generator)
        try (output * probe).sum().backward()
        return [output.values, x.gradient!] + layer.namedParameters().map { $0.tensor.gradient! }
    }

    @Test func fusedProjectionMatchesSeparateLayers() throws {
        var generator = RandomGenerator(seed: 3)
        let layer = MultiHeadAttention(width: 24, heads: 3, causal: true, generator: &generator)
        let x = Tensor.normal([2, 7, 24], using: &generator)
        x.requiresGradient = true
        let fused = try run(layer, x, fused: true)
        let separate = try run(layer, x, fused: false)
        #expect(fused.count == separate.count)
        for (a, b) in zip(fused, separate) {
            #expect(a.count == b.count)
            let largest = zip(a, b).map { Swift.abs($0 - $1) }.max() ?? 0
            #expect(largest < 1e-5, "largest difference \(largest)")
        }
    }

    @Test func packedAttentionPassesGradientCheck() throws {
        var generator = RandomGenerator(seed: 8)
        let packed = Tensor.normal([2, 5, 24], using: &generator)  // Q, K, V of width 8 side by side
        for causal in [true, false] {
            let mask = AttentionMask(causal: causal, keyPadding: causal ? nil : [[1, 1, 1, 0, 0], [1, 1, 1, 1, 1]])
            let errors = try gradientCheck([packed], step: 1e-3) {
                try Attention.scaledDotProduct(packed: $0[0], heads: 2, mask: mask).output
            }
            for e in errors { #expect(e < 1e-2, "causal \(causal): relative error \(e)") }
        }
    }

    @Test func packedInputMustHoldThreeBlocks() throws {
        let x = Tensor.zeros([1, 2, 8])
        #expect(throws: TensorError.self) {
            try Attention.scaledDotProduct(packed: x, heads: 2, mask: AttentionMask(causal: true))
        }
    }
}
