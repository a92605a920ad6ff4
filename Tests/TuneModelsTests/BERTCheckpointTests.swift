import Foundation
import Testing
import TuneCheckpoint
import TuneEngine
import TuneModels

@Suite("BERT checkpoint names, saving and gradients")
struct BERTCheckpointTests {
    /// A two-block BERT small enough to build in a test.
    static let tiny = BERTConfiguration(
        hiddenSize: 16, layerCount: 2, headCount: 4, intermediateSize: 32, vocabularySize: 50, maximumPositions: 12)

    @Test("every checkpoint tensor maps to a parameter key and back")
    func namesRoundTrip() throws {
        let file = try MiniLMFixture.files().weightsFile()
        let model = try MiniLMFixture.model()
        let keys = Set(model.namedParameters().map(\.key))
        for name in file.names where name != BERTModel.positionIDsName {
            let key = try #require(BERTModel.key(forCheckpointName: name), "no key for \(name)")
            #expect(keys.contains(key), "\(name) → \(key) is not a parameter")
            #expect(BERTModel.checkpointName(forKey: key) == name)
        }
        #expect(BERTModel.key(forCheckpointName: "encoder.layer.0.attention.self.query.weight") == "layers.0.attention.query.weight")
        #expect(BERTModel.key(forCheckpointName: "encoder.layer.5.output.LayerNorm.bias") == "layers.5.mlpNorm.bias")
        #expect(BERTModel.checkpointName(forKey: "embeddings.norm.weight") == "embeddings.LayerNorm.weight")
        #expect(BERTModel.checkpointName(forKey: "pooler.bias") == "pooler.dense.bias")
        #expect(BERTModel.key(forCheckpointName: "cls.predictions.bias") == nil)
        #expect(BERTModel.key(forCheckpointName: "encoder.layer.x.output.dense.weight") == nil)
        #expect(file.names.count - 1 == keys.count)
    }

    @Test("saved weights carry the checkpoint's names and load back exactly")
    func saveAndReload() throws {
        let model = try MiniLMFixture.model()
        let original = try MiniLMFixture.files().weightsFile()
        let folder = try MiniLMFixture.temporaryFolder("save")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("model.safetensors")
        try model.saveWeights(to: url)
        let saved = try SafetensorsFile(contentsOf: url)
        #expect(Set(saved.names) == Set(original.names))
        #expect(try saved.int64s(named: BERTModel.positionIDsName) == (0..<512).map { Int64($0) })
        let reloaded = try BERTModel(model.configuration, includesPooler: true, seed: 7)
        try reloaded.loadWeights(from: saved)
        for ((key, a), (_, b)) in zip(model.namedParameters(), reloaded.namedParameters()) {
            #expect(a.values == b.values, "\(key) differs after saving and loading")
        }
        for name in ["embeddings.word_embeddings.weight", "encoder.layer.3.intermediate.dense.bias"] {
            #expect(try saved.floats(named: name) == original.floats(named: name))
        }
    }

    @Test("a checkpoint saved under a task head's bert. prefix loads, its head is reported")
    func prefixedCheckpoint() throws {
        let source = try BERTModel(Self.tiny, includesPooler: true, seed: 1)
        let folder = try MiniLMFixture.temporaryFolder("prefix")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("model.safetensors")
        let prefixed = source.checkpointTensors().map { (name: "bert." + $0.name, shape: $0.shape, values: $0.values) }
        try writeSafetensors(prefixed, to: url)
        let target = try BERTModel(Self.tiny, includesPooler: true, seed: 2)
        try target.loadWeights(from: try SafetensorsFile(contentsOf: url))
        #expect(target.namedParameters().map(\.tensor.values) == source.namedParameters().map(\.tensor.values))

        try writeSafetensors(prefixed + [(name: "classifier.weight", shape: [2, 16], values: [Float](repeating: 0, count: 32))], to: url)
        do {
            try target.loadWeights(from: try SafetensorsFile(contentsOf: url))
            Issue.record("a head's tensor should be unexpected")
        } catch {
            #expect(String(describing: error).contains("classifier.weight"))
            #expect(String(describing: error).contains(url.path))
        }
    }

    @Test("gradients flow from a pooled, normalized embedding to every encoder parameter")
    func gradientsFlow() throws {
        let model = try BERTModel(Self.tiny, includesPooler: false, seed: 3)
        model.evaluationMode()  // no dropout: the check is about the graph, not noise
        let ids = [[1, 5, 9, 2, 0], [1, 7, 2, 0, 0]]
        let mask = [[1, 1, 1, 1, 0], [1, 1, 1, 0, 0]]
        let hidden = try model.encode(ids: ids, attentionMask: mask)
        #expect(hidden.shape == [2, 5, 16])
        let pooled = try BERTModel.normalized(try BERTModel.meanPooled(hidden, attentionMask: mask))
        #expect(pooled.shape == [2, 16])
        for row in 0..<2 {
            let length = pooled.values[(row * 16)..<((row + 1) * 16)].reduce(0) { $0 + $1 * $1 }
            #expect(Swift.abs(length - 1) < 1e-5)
        }
        // A loss that pulls the two sentences together: -cos(a, b).
        let a = try pooled.slice(axis: 0, 0..<1), b = try pooled.slice(axis: 0, 1..<2)
        let loss = -(try (a * b).sum())
        try loss.backward()
        for (key, tensor) in model.namedParameters() {
            let gradient = try #require(tensor.gradient, "\(key) got no gradient")
            // Padding ids (0) and unused rows get none; everything else moves.
            if key.hasPrefix("embeddings.word") || key.hasPrefix("embeddings.position") || key.hasPrefix("embeddings.tokenType") {
                continue
            }
            #expect(gradient.contains { $0 != 0 }, "\(key) has an all-zero gradient")
        }
        // Only the used embedding rows receive gradient.
        let wordGradient = try #require(model.embeddings.word.weight.gradient)
        let touched = Set((0..<50).filter { row in wordGradient[(row * 16)..<((row + 1) * 16)].contains { $0 != 0 } })
        #expect(touched.isSubset(of: [0, 1, 2, 5, 7, 9]))
        #expect(touched.isSuperset(of: [1, 2, 5, 7, 9]))
    }
}
