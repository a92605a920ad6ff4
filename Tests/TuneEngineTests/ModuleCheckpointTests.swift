import Foundation
import Testing
import TuneCheckpoint
import TuneEngine

@Suite struct ModuleCheckpointTests {
    func temporaryFile(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("tunelab-\(UUID().uuidString)-\(name)")
    }

    @Test func saveAndLoadRestoresEveryParameterExactly() throws {
        var g = RandomGenerator(seed: 8)
        let original = TransformerBlock(width: 8, heads: 2, hiddenSize: 16, causal: true, generator: &g)
        let url = temporaryFile("block.safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try original.saveSafetensors(to: url, metadata: ["format": "pt"])

        var other = RandomGenerator(seed: 9)
        let restored = TransformerBlock(width: 8, heads: 2, hiddenSize: 16, causal: true, generator: &other)
        let file = try SafetensorsFile(contentsOf: url)
        #expect(file.metadata["format"] == "pt")
        try restored.loadSafetensors(file)
        for ((k1, a), (k2, b)) in zip(original.namedParameters(), restored.namedParameters()) {
            #expect(k1 == k2)
            #expect(a.values == b.values, "\(k1)")
        }
    }

    @Test func aCheckpointOfAnotherShapeIsRefusedByKey() throws {
        var g = RandomGenerator(seed: 8)
        let small = Linear(4, 2, generator: &g)
        let url = temporaryFile("linear.safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try small.saveSafetensors(to: url)
        let file = try SafetensorsFile(contentsOf: url)
        do {
            try Linear(4, 3, generator: &g).loadSafetensors(file)
            Issue.record("expected a shape error")
        } catch {
            #expect("\(error)".contains("weight"))
            #expect("\(error)".contains("[3, 4]") && "\(error)".contains("[2, 4]"))
        }
        do {
            try MLP(4, hiddenSize: 8, outputSize: 2, generator: &g).loadSafetensors(file)
            Issue.record("expected a missing-key error")
        } catch {
            #expect("\(error)".contains("hidden.weight"))
        }
    }
}
