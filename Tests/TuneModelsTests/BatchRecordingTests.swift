import Testing
import TuneEngine
import TuneModels

/// `Trainer.recordsBatches`: every step's item indices, in order, so a run can be repeated
/// elsewhere on the same batches.
@Suite struct BatchRecordingTests {
    /// Seven items and a one-weight model: the loss is the weight times the batch's size.
    final class CountingTask: TrainingTask {
        let layer: Linear
        init() {
            var generator = RandomGenerator(seed: 0)
            layer = Linear(1, 1, generator: &generator)
        }
        var model: Module { layer }
        var itemsPerEpoch: Int { 7 }
        var itemUnit: String { "items" }
        func itemsSeen(batchSize: Int) -> Int { batchSize }
        func trainingLoss(indices: [Int], generator: inout RandomGenerator) throws -> Tensor {
            try layer(try Tensor(shape: [indices.count, 1], values: [Float](repeating: 1, count: indices.count))).sum()
        }
        func evaluate() throws -> (loss: Float, accuracy: Float?)? { nil }
    }

    @Test func batchesAreEveryEpochsShuffleInOrder() throws {
        let options = TrainingOptions(length: .steps(6), batchSize: 3, seed: 5)
        let recording = try Trainer(task: CountingTask(), options: options)
        recording.recordsBatches = true
        try recording.fit()
        let batches = recording.batchesDrawn
        // 7 items in batches of 3: 3, 3, 1, then a new epoch's shuffle.
        #expect(batches.map(\.count) == [3, 3, 1, 3, 3, 1])
        #expect(Array(batches[0..<3].joined()).sorted() == Array(0..<7))
        #expect(Array(batches[3..<6].joined()).sorted() == Array(0..<7))
        #expect(Array(batches[0..<3].joined()) != Array(0..<7), "the first epoch is shuffled")
        // The same seed draws the same batches; without the flag nothing is kept.
        let again = try Trainer(task: CountingTask(), options: options)
        try again.fit()
        #expect(again.batchesDrawn.isEmpty)
        let repeated = try Trainer(task: CountingTask(), options: options)
        repeated.recordsBatches = true
        try repeated.fit()
        #expect(repeated.batchesDrawn == batches)
    }
}
