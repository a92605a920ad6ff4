import Foundation
import Testing
import TuneCheckpoint
import TuneEngine
import TuneModels
import TuneText

/// The encoder classifier on a tiny random BERT (no wheel needed): gradients, LoRA, checkpoints.
@Suite("MiniLM fine-tuning: gradients, LoRA adapters, checkpoints")
struct MiniLMFineTuningTests {
    static let tiny = BERTConfiguration(
        hiddenSize: 16, layerCount: 2, headCount: 4, intermediateSize: 32, vocabularySize: 50, maximumPositions: 12)
    static let sequences = [[2, 7, 9, 3], [2, 11, 3], [2, 5, 6, 8, 3], [2, 4, 3]]
    static let classes = [1, 0, 1, 0]

    static func classifier(seed: UInt64 = 1) throws -> EncoderClassifier {
        try EncoderClassifier(encoder: try BERTModel(tiny, includesPooler: false, seed: seed), labels: ["negative", "positive"], seed: seed)
    }

    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tunelab-minilm-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("full fine-tuning: the loss's gradient reaches the lowest block and the embeddings")
    func gradientsReachTheEncoder() throws {
        let classifier = try Self.classifier()
        let (groups, report) = try classifier.prepare(.full, weightDecay: 0.01, seed: 0)
        #expect(report.trainable == report.total)
        #expect(groups.flatMap(\.parameters).count == classifier.namedParameters().count)
        let loss = try classifier.loss(Self.sequences, classes: Self.classes)
        try loss.backward()
        for key in ["encoder.layers.0.attention.query.weight", "encoder.embeddings.word.weight", "encoder.layers.1.mlp.output.weight", "head.weight"] {
            let gradient = try #require(classifier.parameter(key)?.gradient, "no gradient for \(key)")
            #expect(gradient.contains { $0 != 0 }, "\(key) has an all-zero gradient")
        }
    }

    @Test("LoRA: only adapters and head train; B starts at zero so outputs are unchanged")
    func loraPrepares() throws {
        let classifier = try Self.classifier()
        let before = try classifier.scores(Self.sequences)
        let (groups, report) = try classifier.prepare(.lora(LoRAConfiguration(rank: 2, alpha: 4)), weightDecay: 0.01, seed: 5)
        let trainableKeys = groups.flatMap(\.parameters).map(\.key)
        // 2 blocks × (query, value) × (A, B) + head weight and bias.
        #expect(trainableKeys.count == 2 * 2 * 2 + 2)
        #expect(trainableKeys.allSatisfy { $0.contains(".adapter.") || $0.hasPrefix("head.") })
        #expect(report.trainable == 2 * 2 * (2 * 16 + 16 * 2) + 2 * 16 + 2)
        #expect(try classifier.scores(Self.sequences) == before)
        let loss = try classifier.loss(Self.sequences, classes: Self.classes)
        try loss.backward()
        #expect(classifier.parameter("encoder.layers.0.attention.query.weight")?.gradient == nil)
        let up = try #require(classifier.parameter("encoder.layers.0.attention.query.adapter.up")?.gradient)
        #expect(up.contains { $0 != 0 })
    }

    @Test("LoRA adapters save with PEFT names and load back bit-identically")
    func loraRoundTrip() throws {
        let configuration = LoRAConfiguration(rank: 2, alpha: 4)
        let trained = try Self.classifier()
        _ = try trained.prepare(.lora(configuration), weightDecay: 0, seed: 5)
        // Make B non-zero, as training would.
        var generator = RandomGenerator(seed: 9)
        for (key, tensor) in trained.namedParameters() where key.hasSuffix(".adapter.up") {
            tensor.values = tensor.values.map { _ in generator.nextNormal() * 0.1 }
        }
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try EncoderLoRACheckpoint.save(trained, configuration: configuration, to: folder)

        let file = try SafetensorsFile(contentsOf: folder.appendingPathComponent(EncoderLoRACheckpoint.weightsFile))
        #expect(file.names.contains("base_model.model.encoder.layer.0.attention.self.query.lora_A.weight"))
        #expect(file.names.contains("base_model.model.encoder.layer.1.attention.self.value.lora_B.weight"))
        #expect(file.names.contains("base_model.model.classifier.weight"))
        #expect(file.entry(named: "base_model.model.encoder.layer.0.attention.self.query.lora_A.weight")?.shape == [2, 16])
        #expect(file.names.count == 10)
        let config = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent(EncoderLoRACheckpoint.configFile))) as? [String: Any]
        #expect(config?["peft_type"] as? String == "LORA")
        #expect(config?["r"] as? Int == 2)
        #expect(config?["target_modules"] as? [String] == ["query", "value"])

        // Same base (same seed), fresh head; loading restores adapters and head exactly.
        let restored = try Self.classifier()
        let loaded = try EncoderLoRACheckpoint.load(into: restored, from: folder)
        #expect(loaded == configuration)
        let original = Dictionary(uniqueKeysWithValues: trained.namedParameters().map { ($0.key, $0.tensor.values) })
        for (key, tensor) in restored.namedParameters() {
            #expect(tensor.values == original[key], "\(key) differs after loading")
        }
        #expect(try restored.scores(Self.sequences) == trained.scores(Self.sequences))
    }

    @Test("a corrupt adapter folder gets a message naming the file")
    func loraBadFolder() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let error = #expect(throws: PretrainedModelError.self) { try EncoderLoRACheckpoint.load(into: try Self.classifier(), from: folder) }
        #expect(error?.description.contains("adapter_config.json") == true)
        try Data(#"{"peft_type": "LORA", "r": 2, "lora_alpha": 4, "target_modules": ["gate_proj"]}"#.utf8)
            .write(to: folder.appendingPathComponent(EncoderLoRACheckpoint.configFile))
        try writeSafetensors([("x", [1], [0])], to: folder.appendingPathComponent(EncoderLoRACheckpoint.weightsFile))
        let unknown = #expect(throws: PretrainedModelError.self) { try EncoderLoRACheckpoint.load(into: try Self.classifier(), from: folder) }
        #expect(unknown?.description.contains("gate_proj") == true)
    }

    @Test("a full checkpoint uses BERT names plus classifier.* and loads back exactly")
    func fullCheckpointRoundTrip() throws {
        let trained = try Self.classifier(seed: 2)
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("ft.safetensors")
        try trained.saveWeights(to: url)
        let file = try SafetensorsFile(contentsOf: url)
        #expect(file.names.contains("bert.encoder.layer.1.attention.self.value.weight"))
        #expect(file.names.contains("bert.embeddings.word_embeddings.weight"))
        #expect(file.names.contains("classifier.weight") && file.names.contains("classifier.bias"))
        let restored = try Self.classifier(seed: 3)
        try restored.loadWeights(from: url)
        #expect(try restored.scores(Self.sequences) == trained.scores(Self.sequences))
    }

    @Test("the trainer fine-tunes the classifier: the training loss falls")
    func trainerRuns() throws {
        let classifier = try Self.classifier()
        let (groups, _) = try classifier.prepare(.full, weightDecay: 0.01, seed: 0)
        final class Task: TrainingTask {
            let classifier: EncoderClassifier
            init(_ classifier: EncoderClassifier) { self.classifier = classifier }
            var model: Module { classifier }
            var itemsPerEpoch: Int { MiniLMFineTuningTests.sequences.count }
            var itemUnit: String { "examples" }
            func itemsSeen(batchSize: Int) -> Int { batchSize }
            func trainingLoss(indices: [Int], generator: inout RandomGenerator) throws -> Tensor {
                try classifier.loss(indices.map { MiniLMFineTuningTests.sequences[$0] }, classes: indices.map { MiniLMFineTuningTests.classes[$0] })
            }
            func evaluate() throws -> (loss: Float, accuracy: Float?)? { nil }
        }
        var options = TrainingOptions(length: .steps(30), batchSize: 4, learningRate: 3e-3, schedule: .constant)
        options.optimizer = .adamW
        classifier.encoder.evaluationMode()
        let history = try Trainer(task: Task(classifier), options: options, parameterGroups: groups).fit()
        #expect(history.recentTrainLoss(over: 5)! < history.trainLosses.first! * 0.6)
        #expect(try classifier.predict(Self.sequences) == Self.classes)
    }
}
