import Foundation
import TuneCheckpoint
import TuneEngine
import TuneText

/// A model saved as a folder:
///
///     model.safetensors   every parameter, named by its module key
///     config.json         the GPT configuration (+ the classifier head, if any)
///     tokenizer.json      the tokenizer, with its kind
///
/// Loading rebuilds the model from config.json and copies the values back, so a
/// saved and reloaded model computes bit-identical outputs.
public enum ModelCheckpoint {
    public static let weightsFile = "model.safetensors"
    public static let configFile = "config.json"
    public static let tokenizerFile = "tokenizer.json"

    /// The classifier part of config.json.
    public struct ClassifierInfo: Codable, Equatable, Sendable {
        public var labels: [String]
        public var pooling: Pooling
        public var paddingID: Int
        /// The template texts are read in (absent in checkpoints of plain classifiers).
        public var prompt: PromptTemplate?
    }

    /// config.json.
    public struct Config: Codable, Equatable, Sendable {
        public var modelType = "gpt"
        public var gpt: GPTConfiguration
        public var classifier: ClassifierInfo?
    }

    // MARK: - Saving

    /// Saves a language model (GPT and tokenizer) to `folder`.
    public static func save(_ model: LanguageModel, to folder: URL) throws {
        try write(module: model.gpt, config: Config(gpt: model.configuration), tokenizer: model.tokenizer, to: folder)
    }

    /// Saves a classifier (its trunk, head and labels) and its tokenizer to `folder`.
    public static func save(_ classifier: SequenceClassifier, tokenizer: SavedTokenizer, to folder: URL) throws {
        let info = ClassifierInfo(
            labels: classifier.labels, pooling: classifier.pooling, paddingID: classifier.paddingID, prompt: classifier.prompt)
        try write(module: classifier, config: Config(gpt: classifier.trunk.configuration, classifier: info), tokenizer: tokenizer, to: folder)
    }

    static func write(module: Module, config: Config, tokenizer: SavedTokenizer, to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let tensors = module.namedParameters().map { (name: $0.key, shape: $0.tensor.shape, values: $0.tensor.values) }
        try writeSafetensors(tensors, metadata: ["format": "pt"], to: folder.appendingPathComponent(weightsFile))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(config).write(to: folder.appendingPathComponent(configFile), options: .atomic)
        try tokenizer.save(to: folder.appendingPathComponent(tokenizerFile))
    }

    // MARK: - Loading

    /// Reads config.json.
    public static func config(in folder: URL) throws -> Config {
        let url = folder.appendingPathComponent(configFile)
        guard FileManager.default.fileExists(atPath: url.path) else { throw ModelFolderError.missingFile(path: url.path) }
        do {
            return try JSONDecoder().decode(Config.self, from: Data(contentsOf: url))
        } catch {
            throw ModelFolderError.unreadable(path: url.path, reason: "\(error)")
        }
    }

    /// Loads a language model saved by `save(_:to:)`. A classifier folder loads its trunk.
    public static func loadLanguageModel(from folder: URL) throws -> LanguageModel {
        let config = try self.config(in: folder)
        let gpt = try GPT(config.gpt, seed: 0)
        try loadValues(into: gpt, from: folder, keyPrefix: config.classifier == nil ? "" : "trunk.")
        return try LanguageModel(gpt: gpt, tokenizer: loadTokenizer(from: folder))
    }

    /// Loads a classifier saved by `save(_:tokenizer:to:)`.
    public static func loadClassifier(from folder: URL) throws -> (classifier: SequenceClassifier, tokenizer: SavedTokenizer) {
        let config = try self.config(in: folder)
        guard let info = config.classifier else {
            throw ModelFolderError.mismatch(
                what: folder.appendingPathComponent(configFile).path, reason: "it describes a language model without a classifier head")
        }
        let classifier = try SequenceClassifier(
            trunk: GPT(config.gpt, seed: 0), labels: info.labels, pooling: info.pooling, paddingID: info.paddingID,
            prompt: info.prompt, seed: 0)
        try loadValues(into: classifier, from: folder, keyPrefix: "")
        return try (classifier, loadTokenizer(from: folder))
    }

    static func loadTokenizer(from folder: URL) throws -> SavedTokenizer {
        let url = folder.appendingPathComponent(tokenizerFile)
        guard FileManager.default.fileExists(atPath: url.path) else { throw ModelFolderError.missingFile(path: url.path) }
        return try SavedTokenizer.load(from: url)
    }

    /// Copies every parameter of `module` from the folder's weights (named
    /// `keyPrefix + key`); a missing or misshapen tensor is an error naming it.
    static func loadValues(into module: Module, from folder: URL, keyPrefix: String) throws {
        let url = folder.appendingPathComponent(weightsFile)
        guard FileManager.default.fileExists(atPath: url.path) else { throw ModelFolderError.missingFile(path: url.path) }
        let file = try SafetensorsFile(contentsOf: url)
        for (key, tensor) in module.namedParameters() {
            let name = keyPrefix + key
            guard let entry = file.entry(named: name) else {
                throw ModelFolderError.mismatch(what: url.path, reason: "it has no tensor \(name)")
            }
            guard entry.shape == tensor.shape else {
                throw ModelFolderError.mismatch(what: "\(url.lastPathComponent): \(name)", reason: "shape \(entry.shape), the model needs \(tensor.shape)")
            }
            tensor.values = try file.floats(named: name)
        }
    }
}
