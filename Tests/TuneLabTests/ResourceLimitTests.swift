import Foundation
import Testing
import TuneModels
import TuneLab

/// A run the machine cannot hold is refused before it starts, with the estimate.
@Suite struct ResourceLimitTests {
    @Test func aRunTooBigForTheMachineIsRefusedWithTheEstimate() throws {
        // The largest model the keys allow, with the largest batch: terabytes of activations.
        let lab = TestLab()
        #expect(lab.run("model new big preset=tiny layers=12 width=512 heads=16 context=512").ok)
        let refused = lab.run("train big on corpus steps=1 batch=4096")
        #expect(!refused.ok)
        #expect(refused.text.contains("this run needs about"))
        #expect(refused.text.contains("GB of memory"))
        #expect(refused.text.contains("available"))
        #expect(refused.text.contains("Use a smaller batch"))
        // Refused before a step ran: the model is untouched.
        #expect(lab.session.value(at: ["big", "steps"]) ?? 0 == 0)
    }

    @Test func theEstimateAddsItsPartsAndComparesWithWhatIsAvailable() throws {
        let configuration = GPTConfiguration(vocabularySize: 100, contextLength: 8, layers: 1, heads: 2, width: 16)
        let estimate = TrainingMemory(configuration: configuration, parameterCount: 1000, batchSize: 2)
        // 1000 parameters × 4 copies × 4 bytes.
        #expect(estimate.parameterBytes == 16_000)
        // 16 positions × (1 layer × (20·16 + 2·2·8) + 3·100) floats × 4 bytes.
        #expect(estimate.activationBytes == 16 * Double(1 * (320 + 32) + 300) * 4)
        #expect(throws: Never.self) { try estimate.check(modelName: "m", batchSize: 2, available: 1e9) }
        #expect(throws: (any Error).self) { try estimate.check(modelName: "m", batchSize: 2, available: 30_000) }
        #expect(throws: Never.self) { try estimate.check(modelName: "m", batchSize: 2, available: nil) }
    }
}
