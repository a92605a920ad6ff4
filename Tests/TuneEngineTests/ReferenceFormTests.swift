import Testing
import TuneEngine

/// The fused kernels against their reference forms written with ordinary ops:
/// the same values and the same gradients.
@Suite struct ReferenceFormTests {
    /// Output and input gradients of `function`, with a fixed random upstream gradient.
    func valuesAndGradients(_ inputs: [Tensor], _ function: ([Tensor]) throws -> Tensor) throws -> (values: [Float], gradients: [[Float]]) {
        for input in inputs { input.requiresGradient = true; input.gradient = nil }
        let output = try function(inputs)
        let upstream = randomTensor(output.shape, seed: 77)
        try (try output * upstream).sum().backward()
        return (output.values, inputs.map { $0.gradient ?? [] })
    }

    @Test(arguments: [
        ("causal", AttentionMask(causal: true)),
        ("padding", AttentionMask(causal: false, keyPadding: [[1, 1, 1, 1, 0], [1, 1, 1, 0, 0]])),
        ("causal and padding", AttentionMask(causal: true, keyPadding: [[1, 1, 1, 1, 1], [1, 1, 1, 1, 0]])),
        ("none", AttentionMask(causal: false)),
    ])
    func attentionMatchesItsReference(_ name: String, _ mask: AttentionMask) throws {
        let inputs = { [randomTensor([2, 5, 8], seed: 1), randomTensor([2, 5, 8], seed: 2), randomTensor([2, 5, 8], seed: 3)] }
        let fused = try valuesAndGradients(inputs()) {
            try Attention.scaledDotProduct(query: $0[0], key: $0[1], value: $0[2], heads: 2, mask: mask).output
        }
        let reference = try valuesAndGradients(inputs()) {
            try Attention.reference(query: $0[0], key: $0[1], value: $0[2], heads: 2, mask: mask)
        }
        #expect(allClose(fused.values, reference.values, tolerance: 1e-5), "\(name): values")
        for (index, (a, b)) in zip(fused.gradients, reference.gradients).enumerated() {
            #expect(allClose(a, b, tolerance: 1e-5), "\(name): gradient of input \(index)")
        }
    }

    @Test func layerNormMatchesItsReference() throws {
        let inputs = { [randomTensor([3, 4, 6], seed: 4, shift: 0.5), randomTensor([6], seed: 5), randomTensor([6], seed: 6)] }
        let fused = try valuesAndGradients(inputs()) { try $0[0].layerNormalized(weight: $0[1], bias: $0[2]) }
        let reference = try valuesAndGradients(inputs()) { try $0[0].referenceLayerNormalized(weight: $0[1], bias: $0[2]) }
        #expect(allClose(fused.values, reference.values, tolerance: 1e-5))
        for (index, (a, b)) in zip(fused.gradients, reference.gradients).enumerated() {
            #expect(allClose(a, b, tolerance: 1e-4), "gradient of input \(index)")
        }
    }
}
