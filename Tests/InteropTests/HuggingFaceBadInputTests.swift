import Foundation
import Testing
import TuneCheckpoint
import TuneEngine
import TuneModels
import TuneText

/// Export and import refuse what they cannot do with a message that names the file and
/// the field or tensor, and never leave half a folder behind. (No Python needed.)
@Suite("Hugging Face folders: bad input")
struct HuggingFaceBadInputTests {
    static func model(width: Int = 32, placement: NormPlacement = .pre) throws -> LanguageModel {
        let tokenizer = SavedTokenizer.character(try CharacterTokenizer(corpus: "abc def"))
        let configuration = GPTConfiguration(
            vocabularySize: tokenizer.tokenizer.vocabularySize, contextLength: 8, layers: 1, heads: 2, width: width, placement: placement)
        return try LanguageModel(gpt: try GPT(configuration, seed: 1), tokenizer: tokenizer)
    }

    /// The names in `folder`, hidden ones included.
    static func contents(_ folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }

    @Test("a non-empty folder is refused and left exactly as it was")
    func nonEmptyFolder() throws {
        let parent = try PythonEnvironment.temporaryFolder("bad")
        defer { try? FileManager.default.removeItem(at: parent) }
        let target = parent.appendingPathComponent("taken")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: false)
        try "mine".write(to: target.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        #expect(throws: HuggingFaceFolderError.folderNotEmpty(path: target.path)) { try HuggingFaceGPT.export(try Self.model(), to: target) }
        #expect(Self.contents(target) == ["notes.txt"])
        #expect(Self.contents(parent) == ["taken"])
        // An empty folder is fine: it is replaced by the finished one.
        let empty = parent.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: false)
        try HuggingFaceGPT.export(try Self.model(), to: empty)
        #expect(Self.contents(empty).contains("model.safetensors"))
    }

    @Test("a folder that cannot be written is refused with its path")
    func readOnlyFolder() throws {
        // /proc refuses new folders even to root, for whom permission bits are no barrier.
        let target = URL(fileURLWithPath: "/proc/tunelab-export-\(UUID().uuidString)")
        do {
            try HuggingFaceGPT.export(try Self.model(), to: target)
            Issue.record("exporting into /proc succeeded")
        } catch let error as HuggingFaceFolderError {
            guard case .folderNotWritable(let path, _) = error else { Issue.record("unexpected \(error)"); return }
            #expect(path == target.path)
            #expect(error.description.hasPrefix("cannot write \(target.path)"))
        }
        #expect(!FileManager.default.fileExists(atPath: target.path))
    }

    @Test("a failure while writing leaves neither the folder nor the temporary one")
    func failureLeavesNothing() throws {
        let parent = try PythonEnvironment.temporaryFolder("bad")
        defer { try? FileManager.default.removeItem(at: parent) }
        struct Interrupted: Error {}
        #expect(throws: HuggingFaceFolderError.self) {
            try StagedFolder.write(to: parent.appendingPathComponent("model")) { staging in
                try Data([1, 2, 3]).write(to: staging.appendingPathComponent("model.safetensors"))
                throw Interrupted()
            }
        }
        #expect(Self.contents(parent).isEmpty)
    }

    @Test("a post-LN GPT has no GPT-2 equivalent, and the message says why")
    func postNormModel() throws {
        let parent = try PythonEnvironment.temporaryFolder("bad")
        defer { try? FileManager.default.removeItem(at: parent) }
        do {
            try HuggingFaceGPT.export(try Self.model(placement: .post), to: parent.appendingPathComponent("post"))
            Issue.record("a post-LN model exported")
        } catch let error as HuggingFaceFolderError {
            #expect(error.description.contains("post-LN"))
            #expect(error.description.contains("GPT2LMHeadModel normalizes before each sublayer"))
        }
        #expect(Self.contents(parent).isEmpty)
    }

    @Test("importing another architecture names config.json and model_type")
    func otherArchitecture() throws {
        let folder = try PythonEnvironment.temporaryFolder("bad")
        defer { try? FileManager.default.removeItem(at: folder) }
        try #"{"model_type": "bert", "hidden_size": 384}"#.write(to: folder.appendingPathComponent("config.json"), atomically: true, encoding: .utf8)
        let config = folder.appendingPathComponent("config.json").path
        #expect(throws: HuggingFaceFolderError.unsupportedConfiguration(
            file: config, field: "model_type", value: "\"bert\"", accepts: "only \"gpt2\" (GPT2LMHeadModel) as a language model")) {
            try HuggingFaceGPT.load(from: folder)
        }
    }

    @Test("importing weights of another shape names the file and the tensor")
    func mismatchedShapes() throws {
        let parent = try PythonEnvironment.temporaryFolder("bad")
        defer { try? FileManager.default.removeItem(at: parent) }
        let wide = parent.appendingPathComponent("wide"), narrow = parent.appendingPathComponent("narrow")
        try HuggingFaceGPT.export(try Self.model(width: 32), to: wide)
        try HuggingFaceGPT.export(try Self.model(width: 16), to: narrow)
        let weights = wide.appendingPathComponent("model.safetensors")
        try FileManager.default.removeItem(at: weights)
        try FileManager.default.copyItem(at: narrow.appendingPathComponent("model.safetensors"), to: weights)
        let vocabulary = try Self.model().configuration.vocabularySize
        #expect(throws: HuggingFaceFolderError.shapeMismatch(file: weights.path, tensor: "transformer.wte.weight", expected: [vocabulary, 32], found: [vocabulary, 16])) {
            try HuggingFaceGPT.load(from: wide)
        }
    }

    @Test("importing a checkpoint with a tensor the model lacks names the file and the tensor")
    func extraTensor() throws {
        let parent = try PythonEnvironment.temporaryFolder("bad")
        defer { try? FileManager.default.removeItem(at: parent) }
        let exported = parent.appendingPathComponent("gpt2")
        try HuggingFaceGPT.export(try Self.model(), to: exported)
        let weights = exported.appendingPathComponent("model.safetensors")
        let file = try SafetensorsFile(contentsOf: weights)
        var tensors = try file.names.map { (name: $0, shape: try file.requireEntry(named: $0).shape, values: try file.floats(named: $0)) }
        tensors.append((name: "transformer.h.1.ln_1.weight", shape: [32], values: [Float](repeating: 1, count: 32)))
        try FileManager.default.removeItem(at: weights)
        try writeSafetensors(tensors, metadata: ["format": "pt"], to: weights)
        #expect(throws: HuggingFaceFolderError.unexpectedTensor(file: weights.path, tensor: "transformer.h.1.ln_1.weight")) {
            try HuggingFaceGPT.load(from: exported)
        }
    }
}
