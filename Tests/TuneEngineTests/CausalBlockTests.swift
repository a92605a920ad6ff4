import Testing
import TuneEngine

/// Causal attention skips the products a future key would contribute to, block by
/// block of 32 query rows. At T = 70 (blocks of 32, 32 and 6 rows) the fused op
/// must still agree with attention written out in plain tensor ops that compute
/// every product: S = Q·Kᵀ/√D, −∞ above the diagonal, softmax, P·V.
@Suite struct CausalBlockTests {
    static let batch = 2, time = 70, width = 8

    /// Plain-op attention for one head, with the full T × T products.
    func reference(_ q: Tensor, _ k: Tensor, _ v: Tensor) throws -> Tensor {
        let t = Self.time
        let future = (0..<(t * t)).map { index in index % t > index / t ? -Float.infinity : 0 }
        let mask = try Tensor(shape: [t, t], values: future)
        let scores = try q.matmul(k, transposingOther: true) * (1 / Float(Self.width).squareRoot())
        return try (scores + mask).softmax().matmul(v)
    }

    /// Output and the gradients of Q, K and V under one fixed random probe.
    func outputsAndGradients(_ attend: (Tensor, Tensor, Tensor) throws -> Tensor) throws -> [[Float]] {
        var generator = RandomGenerator(seed: 21)
        let inputs = (0..<3).map { _ in Tensor.normal([Self.batch, Self.time, Self.width], using: &generator) }
        for x in inputs { x.requiresGradient = true }
        let output = try attend(inputs[0], inputs[1], inputs[2])
        let probe = Tensor.normal(output.shape, using: &generator)
        try (output * probe).sum().backward()
        return [output.values] + inputs.map { $0.gradient! }
    }

    func largestDifference(_ a: [Float], _ b: [Float]) -> Float {
        zip(a, b).map { Swift.abs($0 - $1) }.max() ?? .infinity
    }

    @Test func blockedCausalAttentionMatchesFullProducts() throws {
        let blocked = try outputsAndGradients { q, k, v in
            try Attention.scaledDotProduct(query: q, key: k, value: v, heads: 1, mask: AttentionMask(causal: true)).output
        }
        let full = try outputsAndGradients(reference)
        for (name, (a, b)) in zip(["output", "dQ", "dK", "dV"], zip(blocked, full)) {
            #expect(a.count == b.count)
            #expect(largestDifference(a, b) < 1e-5, "\(name): largest difference \(largestDifference(a, b))")
        }
    }

    /// The packed form writes dQ, dK and dV straight into the [B, T, 3C] gradient:
    /// with beta 0 on the first backward pass and beta 1 (adding) on the second.
    /// Two passes must give exactly twice one pass, block edges included.
    @Test func packedGradientAccumulatesAcrossBlocks() throws {
        var generator = RandomGenerator(seed: 5)
        let packed = Tensor.normal([Self.batch, Self.time, 3 * Self.width], using: &generator)
        packed.requiresGradient = true
        let output = try Attention.scaledDotProduct(packed: packed, heads: 2, mask: AttentionMask(causal: true)).output
        let probe = Tensor.normal(output.shape, using: &generator)
        try (output * probe).sum().backward()
        let once = packed.gradient!
        #expect(once.contains { $0 != 0 })
        let again = try Attention.scaledDotProduct(packed: packed, heads: 2, mask: AttentionMask(causal: true)).output
        try (again * probe).sum().backward()
        let twice = packed.gradient!
        #expect(largestDifference(twice, once.map { 2 * $0 }) < 1e-5)
    }

    /// Weights kept for the lab's attention maps: each row sums to 1 over the keys it
    /// may see and is exactly 0 after them, in every block.
    @Test func keptWeightsAreZeroAfterTheDiagonal() throws {
        var generator = RandomGenerator(seed: 9)
        let packed = Tensor.normal([1, Self.time, 3 * Self.width], using: &generator)
        let weights = try Attention.scaledDotProduct(
            packed: packed, heads: 1, mask: AttentionMask(causal: true), keepWeights: true).weights!
        let t = Self.time
        for row in 0..<t {
            let values = weights[(row * t)..<((row + 1) * t)]
            #expect(Swift.abs(values.prefix(row + 1).reduce(0, +) - 1) < 1e-5, "row \(row)")
            #expect(values.dropFirst(row + 1).allSatisfy { $0 == 0 }, "row \(row)")
        }
    }
}
