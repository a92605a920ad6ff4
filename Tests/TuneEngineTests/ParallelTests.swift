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

    /// A convolution splits the batch's images across cores and sums the per-image
    /// weight gradients in image order, so the bits match at any worker count.
    func convolutionAndGradients(workers: Int, stride: Int, padding: Int) throws -> [[Float]] {
        let previous = Parallel.workerCount
        Parallel.workerCount = workers
        defer { Parallel.workerCount = previous }
        var g = RandomGenerator(seed: 78)
        let x = Tensor.normal([16, 12, 12, 3], using: &g)  // 16 images, enough to be split
        let w = Tensor.normal([5, 3, 3, 3], using: &g), b = Tensor.normal([5], using: &g)
        for t in [x, w, b] { t.requiresGradient = true }
        let y = try x.convolution2d(weight: w, bias: b, stride: stride, padding: padding)
        let loss = try (y * y).sum()
        try loss.backward()
        return [y.values, [loss.scalar]] + [x, w, b].map { $0.gradient! }
    }

    @Test(arguments: [(1, 0), (1, 2), (2, 1)])
    func convolutionDoesNotDependOnTheNumberOfWorkers(stride: Int, padding: Int) throws {
        let serial = try convolutionAndGradients(workers: 1, stride: stride, padding: padding)
        let parallel = try convolutionAndGradients(workers: 2, stride: stride, padding: padding)
        #expect(serial == parallel)
    }
}

@Suite struct AttentionInferenceTests {
    /// Without a graph, attention reuses one scratch matrix per worker instead of
    /// keeping every head's weights; the output must not change.
    @Test func inferencePathGivesTheSameOutput() throws {
        var g = RandomGenerator(seed: 4)
        let q = Tensor.normal([3, 40, 32], using: &g), k = Tensor.normal([3, 40, 32], using: &g)
        let v = Tensor.normal([3, 40, 32], using: &g)
        q.requiresGradient = true
        let mask = AttentionMask(causal: false, keyPadding: [[Int]](repeating: (0..<40).map { $0 < 30 ? 1 : 0 }, count: 3))
        let training = try Attention.scaledDotProduct(query: q, key: k, value: v, heads: 4, mask: mask)
        let inference = try GradientMode.withoutGradients {
            try Attention.scaledDotProduct(query: q, key: k, value: v, heads: 4, mask: mask)
        }
        #expect(training.output.values == inference.output.values)
        #expect(training.weights == nil && inference.weights == nil)
    }
}
