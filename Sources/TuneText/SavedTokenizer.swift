import Foundation

/// A tokenizer of any kind, saved with its kind so it can be reloaded without knowing it.
///
/// JSON form: `{"kind": "wordPiece", "tokenizer": { ... }}`.
public enum SavedTokenizer: Codable, Sendable {
    case character(CharacterTokenizer)
    case word(WordTokenizer)
    case wordPiece(WordPieceTokenizer)

    /// Wraps a tokenizer of one of the three kinds this module provides.
    public init(_ tokenizer: any Tokenizer) throws {
        switch tokenizer {
        case let tokenizer as CharacterTokenizer: self = .character(tokenizer)
        case let tokenizer as WordTokenizer: self = .word(tokenizer)
        case let tokenizer as WordPieceTokenizer: self = .wordPiece(tokenizer)
        default:
            throw TokenizerError.invalidArgument(
                name: "tokenizer", value: String(describing: type(of: tokenizer)),
                accepts: "a CharacterTokenizer, WordTokenizer or WordPieceTokenizer")
        }
    }

    /// The wrapped tokenizer.
    public var tokenizer: any Tokenizer {
        switch self {
        case .character(let tokenizer): return tokenizer
        case .word(let tokenizer): return tokenizer
        case .wordPiece(let tokenizer): return tokenizer
        }
    }

    /// The kind's name as saved: "character", "word" or "wordPiece".
    public var kind: String {
        switch self {
        case .character: return "character"
        case .word: return "word"
        case .wordPiece: return "wordPiece"
        }
    }

    // MARK: - Codable

    private enum CodingKeys: String, CodingKey { case kind, tokenizer }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try container.decode(String.self, forKey: .kind)
        switch kind {
        case "character": self = .character(try container.decode(CharacterTokenizer.self, forKey: .tokenizer))
        case "word": self = .word(try container.decode(WordTokenizer.self, forKey: .tokenizer))
        case "wordPiece": self = .wordPiece(try container.decode(WordPieceTokenizer.self, forKey: .tokenizer))
        default:
            throw TokenizerError.invalidSavedTokenizer(
                reason: "unknown kind \"\(kind)\" (expected character, word or wordPiece)")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        switch self {
        case .character(let tokenizer): try container.encode(tokenizer, forKey: .tokenizer)
        case .word(let tokenizer): try container.encode(tokenizer, forKey: .tokenizer)
        case .wordPiece(let tokenizer): try container.encode(tokenizer, forKey: .tokenizer)
        }
    }

    // MARK: - Files

    /// The saved form as JSON (sorted keys).
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(self)
    }

    /// Reads a saved tokenizer from JSON written by `jsonData()`.
    public static func fromJSON(_ data: Data) throws -> SavedTokenizer {
        do {
            return try JSONDecoder().decode(SavedTokenizer.self, from: data)
        } catch let error as TokenizerError {
            throw error
        } catch {
            throw TokenizerError.invalidSavedTokenizer(reason: String(describing: error))
        }
    }

    /// Writes the saved form to `url`.
    public func save(to url: URL) throws {
        try jsonData().write(to: url, options: .atomic)
    }

    /// Reads a saved tokenizer from `url`.
    public static func load(from url: URL) throws -> SavedTokenizer {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw TokenizerError.invalidSavedTokenizer(reason: "cannot read \(url.path): \(error.localizedDescription)")
        }
        do {
            return try fromJSON(data)
        } catch TokenizerError.invalidSavedTokenizer(let reason) {
            throw TokenizerError.invalidSavedTokenizer(reason: "\(url.lastPathComponent): \(reason)")
        }
    }
}
