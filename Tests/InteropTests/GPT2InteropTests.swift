import Foundation
import Testing
import TuneEngine
import TuneModels
import TuneText

/// TuneLab's GPT as a Hugging Face GPT2LMHeadModel folder and back, checked by loading
/// it in transformers (PyTorch, CPU) and comparing what both compute.
@Suite("Hugging Face GPT-2: export and import, checked in transformers", .serialized)
struct GPT2InteropTests {
    static let text = "the cat sat on the mat. a dog, too!"

    /// A small GPT whose weights are widened random values (GPT-2's N(0, 0.02) start is
    /// too gentle: every layer would look alike and greedy choices would hang on ties).
    static func model(tokens: String, activation: ActivationKind = .gelu, tiedHead: Bool = true, seed: UInt64 = 3) throws -> LanguageModel {
        let tokenizer: SavedTokenizer = tokens == "word"
            ? .word(try WordTokenizer(corpus: text)) : .character(try CharacterTokenizer(corpus: text))
        let configuration = GPTConfiguration(
            vocabularySize: tokenizer.tokenizer.vocabularySize, contextLength: 24, layers: 2, heads: 4, width: 32,
            mlpRatio: 4, dropout: 0.1, tiedHead: tiedHead, activation: activation)
        let gpt = try GPT(configuration, seed: seed)
        var generator = RandomGenerator(seed: seed + 100)
        for (_, tensor) in gpt.namedParameters() {
            tensor.values = Tensor.normal(tensor.shape, standardDeviation: 0.3, using: &generator).values
        }
        return try LanguageModel(gpt: gpt, tokenizer: tokenizer)
    }

    func checkExport(_ model: LanguageModel, label: String) throws {
        let folder = try PythonEnvironment.temporaryFolder(label)
        defer { try? FileManager.default.removeItem(at: folder) }
        let exported = folder.appendingPathComponent("gpt2")
        try HuggingFaceGPT.export(model, to: exported)
        for file in ["config.json", "generation_config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json"] {
            #expect(FileManager.default.fileExists(atPath: exported.appendingPathComponent(file).path), "\(file) missing")
        }
        let ids = try model.encode(Self.text)
        let prompt = Array(ids.prefix(5))
        let request: [String: Any] = ["text": Self.text, "ids": Array(ids.prefix(model.configuration.contextLength)), "prompt": prompt, "new_tokens": 12]
        try PythonEnvironment.writeJSON(request, to: folder.appendingPathComponent("request.json"))
        let result = try PythonEnvironment.lastJSON(try PythonEnvironment.runScript(
            "gpt2_check_export.py", [exported.path, folder.appendingPathComponent("request.json").path]))

        #expect(result["class"] as? String == "GPT2LMHeadModel")
        #expect(integers(result["tokenizer_ids"]) == ids, "AutoTokenizer encodes the text differently")
        let used = Array(ids.prefix(model.configuration.contextLength))
        model.gpt.evaluationMode()
        let ours = try GradientMode.withoutGradients { try model.gpt.logits(used, batch: 1, time: used.count).values }
        let difference = maximumDifference(ours, floats(result["logits"]))
        print("GPT-2 export (\(label)): logits max |TuneLab − transformers| = \(difference) over \(ours.count) values")
        #expect(difference <= 1e-4)
        let greedy = try model.gpt.generate(prompt: prompt, count: 12, options: SamplingOptions(temperature: 0))
        #expect(integers(result["generated"]) == greedy, "greedy generation differs")
    }

    @Test("a character-level GPT loads as GPT2LMHeadModel: same ids, logits within 1e-4, same greedy tokens")
    func characterModelExports() throws {
        try checkExport(try Self.model(tokens: "character"), label: "character")
    }

    @Test("a word-level GPT with GPT-2's tanh GELU and an untied head exports too")
    func wordModelExports() throws {
        try checkExport(try Self.model(tokens: "word", activation: .geluTanh, tiedHead: false), label: "word")
    }

    @Test("a random GPT2LMHeadModel saved by transformers loads into TuneLab with the same logits")
    func transformersModelImports() throws {
        for (activation, tied) in [("gelu_new", true), ("gelu", false)] {
            let folder = try PythonEnvironment.temporaryFolder("import")
            defer { try? FileManager.default.removeItem(at: folder) }
            let made = folder.appendingPathComponent("random-gpt2")
            let ids = Array(try CharacterTokenizer(corpus: Self.text).encode("a cat on a mat"))
            try PythonEnvironment.writeJSON(
                ["characters": Self.text, "ids": ids, "activation": activation, "tied": tied],
                to: folder.appendingPathComponent("request.json"))
            let result = try PythonEnvironment.lastJSON(try PythonEnvironment.runScript(
                "gpt2_make_random.py", [made.path, folder.appendingPathComponent("request.json").path]))
            let model = try HuggingFaceGPT.load(from: made)
            #expect(model.configuration.layers == 2 && model.configuration.width == 32 && model.configuration.tiedHead == tied)
            #expect(try model.encode("a cat on a mat") == ids)
            model.gpt.evaluationMode()
            let ours = try GradientMode.withoutGradients { try model.gpt.logits(ids, batch: 1, time: ids.count).values }
            let difference = maximumDifference(ours, floats(result["logits"]))
            print("GPT-2 import (\(activation), tied \(tied)): logits max |TuneLab − transformers| = \(difference)")
            #expect(difference <= 1e-4)
        }
    }
}
