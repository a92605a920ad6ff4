import Foundation
import Testing
import TuneEngine
import TuneModels
import TuneText

/// The fine-tuned MiniLM classifier as a sentence-transformers folder, and its LoRA
/// adapters as a PEFT folder on the original all-MiniLM-L6-v2, checked in transformers/peft.
@Suite("Hugging Face MiniLM: classifier and PEFT adapters, checked in transformers and peft", .serialized)
struct MiniLMInteropTests {
    static let texts = ["a film worth seeing twice", "dull, slow and far too long", "the cast is wonderful"]

    /// The real MiniLM with a head, LoRA adapters on query and value, and every trainable
    /// value moved off its starting point (as fine-tuning would), seeded.
    static func classifier() throws -> (EncoderClassifier, PretrainedModelFiles, SentenceEncoder, LoRAConfiguration) {
        let files = try PretrainedModelFiles.openMiniLM()
        let encoder = try SentenceEncoder.load(from: files)
        let classifier = try EncoderClassifier(encoder: encoder.model, labels: ["negative", "positive", "neutral"], seed: 4)
        let lora = LoRAConfiguration(rank: 4, alpha: 8)
        try lora.attach(to: classifier.encoder, seed: 5)
        var generator = RandomGenerator(seed: 6)
        for (key, tensor) in classifier.namedParameters() where LoRAConfiguration.isAdapterKey(key) || key.hasPrefix("head.") {
            tensor.values = Tensor.normal(tensor.shape, standardDeviation: 0.1, using: &generator).values
        }
        return (classifier, files, encoder, lora)
    }

    func check(folder: URL, wheel: URL?, classifier: EncoderClassifier, encoder: SentenceEncoder, label: String) throws {
        let ids = Self.texts.map { encoder.tokenIDs($0) }
        let request = folder.deletingLastPathComponent().appendingPathComponent("request-\(label).json")
        try PythonEnvironment.writeJSON(["texts": Self.texts, "ids": ids], to: request)
        let result = try PythonEnvironment.lastJSON(try PythonEnvironment.runScript(
            "bert_check_export.py", [folder.path, request.path] + (wheel.map { [$0.path] } ?? [])))
        #expect((result["tokenizer_ids"] as? [[Int]]) == ids, "the exported tokenizer encodes differently")
        let ours = try classifier.scores(ids, batchSize: 1).flatMap { $0 }
        let difference = maximumDifference(ours, floats(result["logits"]))
        print("MiniLM \(label) (\(result["class"] as? String ?? "?")): logits max |TuneLab − transformers| = \(difference)")
        #expect(difference <= 1e-4)
    }

    @Test("the classifier (adapters merged) loads with AutoModel; mean pooling and 2_Dense give TuneLab's logits")
    func classifierExports() throws {
        let (classifier, files, encoder, _) = try Self.classifier()
        let folder = try PythonEnvironment.temporaryFolder("minilm")
        defer { try? FileManager.default.removeItem(at: folder) }
        let exported = folder.appendingPathComponent("classifier")
        try HuggingFaceBERT.export(classifier, base: files, to: exported)
        try check(folder: exported, wheel: nil, classifier: classifier, encoder: encoder, label: "classifier")
    }

    @Test("LoRA adapters load with peft.PeftModel.from_pretrained on the original MiniLM, outputs within 1e-4")
    func adaptersExport() throws {
        let (classifier, _, encoder, lora) = try Self.classifier()
        let folder = try PythonEnvironment.temporaryFolder("peft")
        defer { try? FileManager.default.removeItem(at: folder) }
        let exported = folder.appendingPathComponent("adapters")
        try HuggingFaceBERT.exportAdapters(classifier, configuration: lora, to: exported)
        try check(folder: exported, wheel: try PretrainedModelFiles.locateMiniLM(), classifier: classifier, encoder: encoder, label: "PEFT adapters")
    }
}
