import Testing
import TuneEngine

/// The engine's own loops split work across cores; each row is computed the same
/// way whichever core takes it, so results must not depend on the split.
@Suite struct ParallelTests {
    func forwardAndGradients(workers: Int) throws -> [[Float]] {
        let previous = Parallel.workerCount
        Parallel.workerCount = workers
        defer { Parallel.workerCount = previous }
        var g = RandomGenerator(seed: 77)
        let x = Tensor.normal([8, 64, 64], using: &g)  // big enough to be split
        let w = Tensor.normal([64], using: &g), b = Tensor.normal([64], using: &g)
        let k = Tensor.normal([8, 64, 64], using: &g), v = Tensor.normal([8, 64, 64], using: &g)
        for t in [x, w, b, k, v] { t.requiresGradient = true }
        let normed = try x.layerNormalized(weight: w, bias: b).gelu()
        let attended = try Attention.scaledDotProduct(query: normed, key: k, value: v, heads: 4, mask: AttentionMask(causal: true)).output
        let targets = (0..<(8 * 64)).map { $0 % 64 }
        let loss = try Loss.crossEntropy(logits: try attended.reshaped([8 * 64, 64]), targets: targets)
        try loss.backward()
        return [attended.values, [loss.scalar]] + [x, w, b, k, v].map { $0.gradient! }
    }

    @Test func resultsDoNotDependOnTheNumberOfWorkers() throws {
        let serial = try forwardAndGradients(workers: 1)
        let parallel = try forwardAndGradients(workers: 2)
        #expect(serial == parallel)
    }
}
