import Testing
import TuneEngine

/// Every differentiable op and layer against finite differences (see GradientCheck.swift).
@Suite struct GradientTests {
    let tolerance = 1e-2

    @Test func arithmeticWithBroadcasting() throws {
        let a = randomTensor([2, 3, 4], seed: 1), b = randomTensor([4], seed: 2), c = randomTensor([2, 1, 4], seed: 3)
        for e in try gradientCheck([a, b], { try $0[0] + $0[1] }) { #expect(e < tolerance) }
        for e in try gradientCheck([a, c], { try $0[0] - $0[1] }) { #expect(e < tolerance) }
        for e in try gradientCheck([a, b], { try $0[0] * $0[1] }) { #expect(e < tolerance) }
        let positive = randomTensor([2, 1, 4], seed: 4, shift: 3)
        for e in try gradientCheck([a, positive], { try $0[0] / $0[1] }) { #expect(e < tolerance) }
        for e in try gradientCheck([a], { -$0[0] * 2 + 1 }) { #expect(e < tolerance) }
    }

    @Test func unaryFunctions() throws {
        let x = randomTensor([3, 5], seed: 5)
        let positive = randomTensor([3, 5], seed: 6, shift: 4)
        for e in try gradientCheck([x], { $0[0].exp() }) { #expect(e < tolerance) }
        for e in try gradientCheck([positive], { $0[0].log() }) { #expect(e < tolerance) }
        for e in try gradientCheck([positive], { $0[0].sqrt() }) { #expect(e < tolerance) }
        for e in try gradientCheck([positive], { $0[0].power(1.5) }) { #expect(e < tolerance) }
        for e in try gradientCheck([x], step: 1e-3, { $0[0].abs() }) { #expect(e < tolerance) }
        for e in try gradientCheck([x], step: 1e-3, { $0[0].clamped(min: -0.5, max: 0.5) }) { #expect(e < tolerance) }
    }

    @Test func activations() throws {
        let x = randomTensor([4, 6], seed: 7)
        for activation in ActivationKind.allCases {
            for e in try gradientCheck([x], step: 1e-3, { activation.apply($0[0]) }) {
                #expect(e < tolerance, "\(activation)")
            }
        }
    }

    @Test func reductions() throws {
        let x = randomTensor([2, 3, 4], seed: 8)
        for e in try gradientCheck([x], { $0[0].sum() }) { #expect(e < tolerance) }
        for e in try gradientCheck([x], { $0[0].mean() }) { #expect(e < tolerance) }
        for axis in 0..<3 {
            for e in try gradientCheck([x], { try $0[0].sum(axis: axis) }) { #expect(e < tolerance) }
            for e in try gradientCheck([x], { try $0[0].mean(axis: axis, keepingAxis: true) }) { #expect(e < tolerance) }
            for e in try gradientCheck([x], { try $0[0].variance(axis: axis) }) { #expect(e < tolerance) }
            for e in try gradientCheck([x], step: 1e-3, { try $0[0].max(axis: axis) }) { #expect(e < tolerance) }
        }
    }

    @Test func shapeOps() throws {
        let x = randomTensor([2, 3, 4], seed: 9), y = randomTensor([2, 2, 4], seed: 10)
        for e in try gradientCheck([x], { try $0[0].reshaped([6, -1]) }) { #expect(e < tolerance) }
        for e in try gradientCheck([x], { try $0[0].permuted([2, 0, 1]) }) { #expect(e < tolerance) }
        for e in try gradientCheck([x], { try $0[0].transposed() }) { #expect(e < tolerance) }
        for e in try gradientCheck([x], { try $0[0].slice(axis: 1, 1..<3) }) { #expect(e < tolerance) }
        for e in try gradientCheck([x, y], { try Tensor.concatenate([$0[0], $0[1]], axis: 1) }) { #expect(e < tolerance) }
        let table = randomTensor([5, 3], seed: 11)
        for e in try gradientCheck([table], { try $0[0].indexSelect([4, 0, 4, 2]) }) { #expect(e < tolerance) }
        let condition = try Tensor(shape: [3, 4], values: (0..<12).map { Float($0 % 2) })
        let a = randomTensor([3, 4], seed: 12), b = randomTensor([4], seed: 13)
        for e in try gradientCheck([a, b], { try Tensor.select(condition, $0[0], $0[1]) }) { #expect(e < tolerance) }
    }

    @Test func matmulPlainBatchedAndTransposed() throws {
        let a = randomTensor([2, 3, 4], seed: 14), b = randomTensor([4, 5], seed: 15)
        for e in try gradientCheck([a, b], { try $0[0].matmul($0[1]) }) { #expect(e < tolerance) }
        let bt = randomTensor([5, 4], seed: 16)
        for e in try gradientCheck([a, bt], { try $0[0].matmul($0[1], transposingOther: true) }) { #expect(e < tolerance) }
        let batched = randomTensor([2, 4, 3], seed: 17)
        for e in try gradientCheck([a, batched], { try $0[0].matmul($0[1]) }) { #expect(e < tolerance) }
    }

    @Test func softmaxAndLogSoftmax() throws {
        let x = randomTensor([3, 6], seed: 18)
        for e in try gradientCheck([x], { try $0[0].softmax() }) { #expect(e < tolerance) }
        for e in try gradientCheck([x], { try $0[0].logSoftmax() }) { #expect(e < tolerance) }
    }

    @Test func lossesWithIgnoreIndex() throws {
        let logits = randomTensor([5, 7], seed: 19)
        for e in try gradientCheck([logits], { try Loss.crossEntropy(logits: $0[0], targets: [1, 6, 0, 3, 3]) }) { #expect(e < tolerance) }
        for e in try gradientCheck([logits], { try Loss.crossEntropy(logits: $0[0], targets: [1, -100, 0, -100, 3], ignoreIndex: -100) }) { #expect(e < tolerance) }
        let target = randomTensor([5, 7], seed: 20)
        for e in try gradientCheck([logits], { try Loss.meanSquaredError($0[0], target) }) { #expect(e < tolerance) }
    }

    @Test func layerNormOp() throws {
        let x = randomTensor([4, 8], seed: 21), w = randomTensor([8], seed: 22, shift: 1), b = randomTensor([8], seed: 23)
        for e in try gradientCheck([x, w, b], step: 1e-3, { try $0[0].layerNormalized(weight: $0[1], bias: $0[2]) }) {
            #expect(e < tolerance)
        }
    }

    @Test func dropoutUsesItsMask() throws {
        let x = randomTensor([4, 8], seed: 24)
        // The same seed each call gives the same mask, so the function is deterministic.
        for e in try gradientCheck([x], {
            var g = RandomGenerator(seed: 5)
            return try $0[0].dropout(probability: 0.3, using: &g)
        }) { #expect(e < tolerance) }
    }

    @Test func attentionCausalAndPadded() throws {
        let q = randomTensor([2, 5, 8], seed: 25), k = randomTensor([2, 5, 8], seed: 26), v = randomTensor([2, 5, 8], seed: 27)
        for causal in [true, false] {
            let mask = AttentionMask(causal: causal, keyPadding: causal ? nil : [[1, 1, 1, 0, 0], [1, 1, 1, 1, 1]])
            for e in try gradientCheck([q, k, v], step: 1e-3, { try Attention.scaledDotProduct(query: $0[0], key: $0[1], value: $0[2], heads: 2, mask: mask).output }) {
                #expect(e < tolerance, "causal \(causal)")
            }
        }
    }

    // MARK: - Layers

    @Test func layersPassGradientChecks() throws {
        var generator = RandomGenerator(seed: 30)
        let x = randomTensor([2, 4, 8], seed: 31)
        let linear = Linear(8, 6, generator: &generator)
        let mlp = MLP(8, hiddenSize: 16, outputSize: 8, generator: &generator)
        let norm = LayerNorm(8)
        let attention = MultiHeadAttention(width: 8, heads: 2, causal: true, generator: &generator)
        let pre = TransformerBlock(width: 8, heads: 2, hiddenSize: 16, causal: true, placement: .pre, generator: &generator)
        let post = TransformerBlock(width: 8, heads: 2, hiddenSize: 16, causal: false, placement: .post, activation: .gelu, generator: &generator)
        let sequential = Sequential([Linear(8, 8, generator: &generator), Activation(.tanh), Linear(8, 3, generator: &generator)])
        let cases: [(String, Module, (Tensor) throws -> Tensor)] = [
            ("Linear", linear, { try linear($0) }), ("MLP", mlp, { try mlp($0) }), ("LayerNorm", norm, { try norm($0) }),
            ("MultiHeadAttention", attention, { try attention($0) }), ("pre-LN block", pre, { try pre($0) }),
            ("post-LN block", post, { try post($0) }), ("Sequential", sequential, { try sequential($0) }),
        ]
        for (name, module, forward) in cases {
            let named = module.namedParameters()
            let errors = try gradientCheck([x] + named.map(\.tensor), step: 1e-3) { _ in try forward(x) }
            let keys = ["input"] + named.map(\.key)
            for (key, error) in zip(keys, errors) {
                if key == "key.bias" || key.hasSuffix("attention.key.bias") {
                    // Adding a bias to every key adds the same q·b to a query's scores
                    // for all keys; softmax ignores a shift, so the true gradient is 0
                    // and finite differences see only rounding noise.
                    let norm = (module.parameter(key)!.gradient ?? []).reduce(0) { $0 + $1 * $1 }.squareRoot()
                    #expect(norm < 1e-5, "\(name) \(key): gradient norm \(norm), expected 0")
                    continue
                }
                #expect(error < tolerance, "\(name) \(key): relative error \(error)")
            }
        }
    }

    @Test func embeddingScatterAdds() throws {
        var generator = RandomGenerator(seed: 32)
        let embedding = Embedding(6, 4, standardDeviation: 1, generator: &generator)
        for e in try gradientCheck([embedding.weight], { _ in try embedding([1, 3, 1, 5], shape: [2, 2]) }) {
            #expect(e < tolerance)
        }
    }
}
