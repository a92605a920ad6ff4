import Foundation
import TuneEngine

/// The architecture of a BERT encoder, as a Hugging Face `config.json` describes it.
///
/// For all-MiniLM-L6-v2: 6 layers, width 384, 12 heads of 32, MLP 1536, exact GELU,
/// 30522 tokens, 512 positions, 2 token types, LayerNorm epsilon 1e-12.
public struct BERTConfiguration: Codable, Equatable, Sendable {
    /// "bert" for every BERT-family checkpoint.
    public var modelType: String?
    /// The model classes the checkpoint was saved from ("BertModel").
    public var architectures: [String]?
    /// The width of every token vector (C).
    public var hiddenSize: Int
    /// The number of transformer blocks.
    public var layerCount: Int
    /// Attention heads per block; each sees hiddenSize / headCount features.
    public var headCount: Int
    /// The MLP's inner width (usually 4 × hiddenSize).
    public var intermediateSize: Int
    /// The MLP activation's name as written in the file ("gelu").
    public var hiddenActivation: String
    /// Rows of the word embedding: the number of lines of vocab.txt.
    public var vocabularySize: Int
    /// Rows of the position embedding: the longest input the model can read.
    public var maximumPositions: Int
    /// Rows of the token-type (segment) embedding.
    public var tokenTypeCount: Int
    public var layerNormEpsilon: Double
    /// Dropout after the embeddings, the attention output and the MLP output (training only).
    public var hiddenDropoutProbability: Double

    enum CodingKeys: String, CodingKey {
        case modelType = "model_type"
        case architectures
        case hiddenSize = "hidden_size"
        case layerCount = "num_hidden_layers"
        case headCount = "num_attention_heads"
        case intermediateSize = "intermediate_size"
        case hiddenActivation = "hidden_act"
        case vocabularySize = "vocab_size"
        case maximumPositions = "max_position_embeddings"
        case tokenTypeCount = "type_vocab_size"
        case layerNormEpsilon = "layer_norm_eps"
        case hiddenDropoutProbability = "hidden_dropout_prob"
    }

    public init(
        hiddenSize: Int, layerCount: Int, headCount: Int, intermediateSize: Int,
        hiddenActivation: String = "gelu", vocabularySize: Int, maximumPositions: Int = 512,
        tokenTypeCount: Int = 2, layerNormEpsilon: Double = 1e-12, hiddenDropoutProbability: Double = 0.1
    ) {
        self.modelType = "bert"
        self.architectures = ["BertModel"]
        self.hiddenSize = hiddenSize
        self.layerCount = layerCount
        self.headCount = headCount
        self.intermediateSize = intermediateSize
        self.hiddenActivation = hiddenActivation
        self.vocabularySize = vocabularySize
        self.maximumPositions = maximumPositions
        self.tokenTypeCount = tokenTypeCount
        self.layerNormEpsilon = layerNormEpsilon
        self.hiddenDropoutProbability = hiddenDropoutProbability
    }

    /// The width of one attention head.
    public var headSize: Int { hiddenSize / Swift.max(headCount, 1) }

    // MARK: - Reading config.json

    /// Decodes and validates a config.json; `source` names the file in errors.
    public init(json data: Data, source: String) throws {
        // The architecture is checked first: another model's config may lack BERT's fields.
        let header: Header
        do {
            header = try JSONDecoder().decode(Header.self, from: data)
        } catch {
            throw PretrainedModelError.invalidJSON(file: source, reason: Self.explain(error))
        }
        try Self.checkArchitecture(modelType: header.modelType, architectures: header.architectures, source: source)
        do {
            self = try JSONDecoder().decode(BERTConfiguration.self, from: data)
        } catch {
            throw PretrainedModelError.invalidJSON(file: source, reason: Self.explain(error))
        }
        try validate(source: source)
    }

    /// The two fields that say what kind of model a config.json describes.
    private struct Header: Decodable {
        var modelType: String?
        var architectures: [String]?
        enum CodingKeys: String, CodingKey {
            case modelType = "model_type"
            case architectures
        }
    }

    private static func checkArchitecture(modelType: String?, architectures: [String]?, source: String) throws {
        if let modelType, modelType != "bert" {
            throw PretrainedModelError.unsupportedArchitecture(file: source, found: "model_type \"\(modelType)\"")
        }
        if let other = architectures?.first(where: { !$0.hasPrefix("Bert") }) {
            throw PretrainedModelError.unsupportedArchitecture(file: source, found: "architecture \"\(other)\"")
        }
        if modelType == nil && (architectures ?? []).isEmpty {
            throw PretrainedModelError.unsupportedArchitecture(
                file: source, found: "a config without model_type or architectures")
        }
    }

    /// Checks every size and rate; throws naming the field and what it accepts.
    public func validate(source: String) throws {
        try Self.checkArchitecture(modelType: modelType, architectures: architectures, source: source)
        func positive(_ value: Int, _ field: String) throws {
            guard value > 0 else {
                throw PretrainedModelError.invalidConfiguration(file: source, field: field, value: String(value), accepts: "a positive integer")
            }
        }
        try positive(hiddenSize, "hidden_size")
        try positive(layerCount, "num_hidden_layers")
        try positive(headCount, "num_attention_heads")
        try positive(intermediateSize, "intermediate_size")
        try positive(vocabularySize, "vocab_size")
        try positive(maximumPositions, "max_position_embeddings")
        try positive(tokenTypeCount, "type_vocab_size")
        guard hiddenSize % headCount == 0 else {
            throw PretrainedModelError.invalidConfiguration(
                file: source, field: "hidden_size", value: String(hiddenSize),
                accepts: "divisible by num_attention_heads (\(headCount))")
        }
        guard layerNormEpsilon > 0, layerNormEpsilon < 1 else {
            throw PretrainedModelError.invalidConfiguration(
                file: source, field: "layer_norm_eps", value: String(layerNormEpsilon), accepts: "between 0 and 1 (exclusive)")
        }
        guard hiddenDropoutProbability >= 0, hiddenDropoutProbability < 1 else {
            throw PretrainedModelError.invalidConfiguration(
                file: source, field: "hidden_dropout_prob", value: String(hiddenDropoutProbability), accepts: "in 0 ..< 1")
        }
        _ = try activation(source: source)
    }

    /// The engine's activation for `hidden_act`.
    ///
    /// "gelu" is the exact x·Φ(x) with erf (BERT's own); "gelu_new" and
    /// "gelu_pytorch_tanh" are the tanh approximation; "relu" is max(0, x).
    public func activation(source: String) throws -> ActivationKind {
        switch hiddenActivation {
        case "gelu": return .gelu
        case "gelu_new", "gelu_pytorch_tanh": return .geluTanh
        case "relu": return .relu
        default: throw PretrainedModelError.unsupportedActivation(file: source, value: hiddenActivation)
        }
    }

    /// A decoding error in words: which field, and what was wrong with it.
    static func explain(_ error: Error) -> String {
        func path(_ codingPath: [CodingKey]) -> String {
            codingPath.isEmpty ? "the top level" : codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error as? DecodingError {
        case .keyNotFound(let key, _)?:
            return "the field \(key.stringValue) is missing"
        case .typeMismatch(let type, let context)?:
            return "\(path(context.codingPath)) must be \(type == String.self ? "a string" : type == Int.self ? "an integer" : type == Double.self ? "a number" : "\(type)")"
        case .valueNotFound(let type, let context)?:
            return "\(path(context.codingPath)) is null, but must be \(type)"
        case .dataCorrupted(let context)?:
            return context.codingPath.isEmpty ? "not valid JSON" : "\(path(context.codingPath)): \(context.debugDescription)"
        default:
            return "\(error)"
        }
    }
}
