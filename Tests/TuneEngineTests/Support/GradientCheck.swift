import TuneEngine

/// Compares autograd's gradient with central finite differences (the engine's
/// `GradientCheck.centralDifferences`, which the lab's `gradcheck` uses too).
///
/// The loss is Σ f(inputs) ⊙ r for a fixed random r, so every output element
/// matters with a different weight. Each input value is nudged by ±h and the
/// slope (L(x+h) − L(x−h)) / (the step taken) is formed in Double. Float32 forward passes limit
/// agreement to about 1e-3 relative, so checks use `relativeError < 1e-2`.
///
/// Returns, per input, ‖autograd − numeric‖ / max(‖autograd‖ + ‖numeric‖, 1e-6).
func gradientCheck(
    _ inputs: [Tensor], step h: Float = 1e-2, seed: UInt64 = 99,
    _ function: ([Tensor]) throws -> Tensor
) throws -> [Double] {
    var generator = RandomGenerator(seed: seed)
    for input in inputs { input.requiresGradient = true; input.gradient = nil }
    let probe = try function(inputs)
    let weights = Tensor.normal(probe.shape, using: &generator)
    func loss() throws -> Double {
        let output = try GradientMode.withoutGradients { try function(inputs) }
        var total = 0.0
        for i in 0..<output.count { total += Double(output.values[i]) * Double(weights.values[i]) }
        return total
    }
    try (try probe * weights).sum().backward()

    var errors: [Double] = []
    for input in inputs {
        let analytic = input.gradient ?? [Float](repeating: 0, count: input.count)
        let numeric = try GradientCheck.centralDifferences(of: input, at: Array(0..<input.count), epsilon: h, loss: loss)
        var difference = 0.0, scale = 0.0
        for (a, n) in zip(analytic.map(Double.init), numeric) {
            difference += (a - n) * (a - n)
            scale += a * a + n * n
        }
        errors.append(difference.squareRoot() / max(scale.squareRoot(), 1e-6))
    }
    return errors
}

/// A tensor of N(0, 1) values (shifted if asked), seeded.
func randomTensor(_ shape: [Int], seed: UInt64, shift: Float = 0) -> Tensor {
    var generator = RandomGenerator(seed: seed)
    let t = Tensor.normal(shape, using: &generator)
    if shift != 0 { t.values = t.values.map { $0 + shift } }
    return t
}

/// True when every pair differs by at most `tolerance` (absolute).
func allClose(_ a: [Float], _ b: [Float], tolerance: Float) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance }
}
