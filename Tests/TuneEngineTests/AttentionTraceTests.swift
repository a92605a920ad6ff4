import Testing
import TuneEngine

/// The attention-inspection channel: weights are recorded only inside a trace.
@Suite struct AttentionTraceTests {
    @Test func tracedPassRecordsEachLayersWeightsAndChangesNothing() throws {
        var generator = RandomGenerator(seed: 3)
        let first = MultiHeadAttention(width: 8, heads: 2, causal: true, generator: &generator)
        let second = MultiHeadAttention(width: 8, heads: 2, causal: true, generator: &generator)
        let input = Tensor.normal([1, 5, 8], using: &generator)
        let plain = try second(try first(input))
        let traced = try AttentionTrace.collect { try second(try first(input)) }
        #expect(traced.result.values == plain.values)
        #expect(traced.records.map(\.module) == [ObjectIdentifier(first), ObjectIdentifier(second)])
        for record in traced.records {
            #expect(record.heads == 2 && record.weights.count == 2 * 5 * 5)
            for row in 0..<(2 * 5) {
                let weights = record.weights[(row * 5)..<(row * 5 + 5)]
                #expect(abs(weights.reduce(0, +) - 1) < 1e-5)
                // Causal: token i gives no weight to tokens after it.
                let i = row % 5
                #expect(weights.dropFirst(i + 1).allSatisfy { $0 == 0 })
            }
        }
        // Each trace starts empty: nothing from the pass before leaks into it.
        #expect(AttentionTrace.collect { input }.records.isEmpty)
    }
}
