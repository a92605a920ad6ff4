import Foundation
import Testing
import TuneCheckpoint
import TuneEngine
import TuneModels
import TuneText

@Suite struct LoRATests {
    @Test func anAdapterStartsFromTheBaseModelExactly() throws {
        let model = try tinyLanguageModel()
        let ids = try model.encode("the film was good . overall , it was")
        let before = try model.gpt.logits(ids, batch: 1, time: ids.count).values
        try LoRAConfiguration(rank: 2, alpha: 4).attach(to: model.gpt, seed: 1)
        let after = try model.gpt.logits(ids, batch: 1, time: ids.count).values
        #expect(before == after)
        let adapted = model.gpt.namedParameters().filter { LoRAConfiguration.isAdapterKey($0.key) }.map(\.key)
        #expect(adapted.count == 2 * 2 * 2)  // 2 blocks × (query, value) × (A, B)
        #expect(adapted.contains("blocks.0.attention.query.adapter.down"))
        #expect(adapted.contains("blocks.1.attention.value.adapter.up"))
        #expect(!adapted.contains { $0.contains(".key.") || $0.contains("output") })
    }

    @Test func layerComputesBaseplusScaledLowRankProduct() throws {
        var generator = RandomGenerator(seed: 3)
        let layer = Linear(3, 2, generator: &generator)
        let adapter = LoRAAdapter(inputSize: 3, outputSize: 2, rank: 1, alpha: 2, generator: &generator)
        adapter.up.values = [0.5, -1]
        layer.adapter = adapter
        let x = try Tensor(shape: [1, 3], values: [1, 2, 3])
        let y = try layer(x).values
        let a = adapter.down.values, w = layer.weight.values, b = layer.bias!.values
        let ax = a[0] * 1 + a[1] * 2 + a[2] * 3
        for o in 0..<2 {
            let base = w[o * 3] * 1 + w[o * 3 + 1] * 2 + w[o * 3 + 2] * 3 + b[o]
            let expected = base + 2 * adapter.up.values[o] * ax  // α/r = 2
            #expect(abs(y[o] - expected) < 1e-5)
        }
    }

    @Test func adapterGradientsMatchFiniteDifferences() throws {
        var generator = RandomGenerator(seed: 5)
        let layer = Linear(4, 3, generator: &generator)
        layer.adapter = LoRAAdapter(inputSize: 4, outputSize: 3, rank: 2, alpha: 3, generator: &generator)
        layer.adapter!.up.values = Tensor.normal([3, 2], using: &generator).values
        let x = Tensor.normal([5, 4], using: &generator)
        let r = Tensor.normal([5, 3], using: &generator)
        let loss = { try (layer(x) * r).sum() }
        #expect(try finiteDifferenceError(layer.adapter!.down, loss: loss) < 1e-2)
        #expect(try finiteDifferenceError(layer.adapter!.up, loss: loss) < 1e-2)
    }

    @Test func loraStrategyTrainsOnlyAdaptersAndHead() throws {
        let model = try tinyLanguageModel()
        let classifier = try SequenceClassifier(trunk: model.gpt, labels: ["negative", "positive"], seed: 1)
        let prepared = try FineTuningStrategy.lora(LoRAConfiguration(rank: 2, alpha: 4)).prepare(classifier, weightDecay: 0)
        let trainable = classifier.namedParameters().filter { $0.tensor.requiresGradient }.map(\.key)
        #expect(trainable.allSatisfy { LoRAConfiguration.isAdapterKey($0) || $0.hasPrefix("head.") })
        let adapterCount = 2 * 2 * (2 * 8 + 8 * 2)
        #expect(prepared.report.trainable == adapterCount + 2 * 8 + 2)
        #expect(prepared.report.trainablePercentage < 100 && prepared.report.trainablePercentage > 0)
        #expect(throws: TrainingError.self) {
            try LoRAConfiguration(targetModules: ["no.such.layer"]).attach(to: model.gpt, seed: 0)
        }
    }

    @Test func adaptersSaveAndLoadApartFromTheBase() throws {
        let model = try tinyLanguageModel()
        let classifier = try SequenceClassifier(trunk: model.gpt, labels: ["negative", "positive"], seed: 1)
        let configuration = LoRAConfiguration(rank: 2, alpha: 4)
        _ = try FineTuningStrategy.lora(configuration).prepare(classifier, weightDecay: 0)
        var generator = RandomGenerator(seed: 8)
        for (key, tensor) in classifier.namedParameters() where LoRAConfiguration.isAdapterKey(key) {
            tensor.values = Tensor.normal(tensor.shape, using: &generator).values
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lora-test-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try LoRACheckpoint.save(classifier, configuration: configuration, to: folder)

        let file = try SafetensorsFile(contentsOf: folder.appendingPathComponent(LoRACheckpoint.weightsFile))
        #expect(file.names.contains("base_model.model.trunk.blocks.0.attention.query.lora_A.weight"))
        #expect(file.names.contains("base_model.model.trunk.blocks.1.attention.value.lora_B.weight"))
        #expect(file.names.contains("base_model.model.head.weight"))
        #expect(!file.names.contains { $0.contains("tokenEmbedding") })
        let config = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent(LoRACheckpoint.configFile))) as! [String: Any]
        #expect(config["r"] as? Int == 2)
        #expect(config["lora_alpha"] as? Double == 4)
        #expect(config["target_modules"] as? [String] == ["attention.query", "attention.value"])

        // The same base, a fresh head, then the adapters loaded: identical outputs.
        let base = try tinyLanguageModel()
        let reloaded = try SequenceClassifier(trunk: base.gpt, labels: ["negative", "positive"], seed: 99)
        let loaded = try LoRACheckpoint.load(into: reloaded, from: folder)
        #expect(loaded == configuration)
        let ids = [try model.encode("the soup was bad .")]
        classifier.evaluationMode(); reloaded.evaluationMode()
        #expect(try classifier.logits(ids).values == reloaded.logits(ids).values)
        #expect(throws: ModelFolderError.self) { try LoRACheckpoint.load(into: reloaded, from: folder.appendingPathComponent("missing")) }
    }
}
