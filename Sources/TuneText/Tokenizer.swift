import Foundation

/// A tokenizer turns text into integer ids a model can embed, and ids back into text.
///
/// Every tokenizer owns a fixed vocabulary: id `i` names the token at position `i`.
/// Tokenizers are `Codable` so a tokenizer is saved beside the model that was trained
/// with it and reloaded with it (see `SavedTokenizer` for a form that remembers the kind).
public protocol Tokenizer: Codable, Sendable {
    /// The number of ids this tokenizer can produce: every id is in `0..<vocabularySize`.
    var vocabularySize: Int { get }

    /// The ids for `text`. Throws only when the tokenizer cannot represent the text
    /// (for example a character outside a character vocabulary without an unknown token).
    func encode(_ text: String) throws -> [Int]

    /// The text for `ids`. Throws `TokenizerError.idOutOfRange` for an id outside the vocabulary.
    func decode(_ ids: [Int]) throws -> String

    /// The token spelled by `id`, or nil when `id` is outside the vocabulary.
    func token(for id: Int) -> String?

    /// The id of `token`, or nil when the vocabulary has no such token.
    func id(for token: String) -> Int?
}

// MARK: - JSON

extension Tokenizer {
    /// The tokenizer as JSON (sorted keys, so the same tokenizer always gives the same bytes).
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(self)
    }

    /// A tokenizer of this kind read back from `jsonData()`.
    public static func fromJSON(_ data: Data) throws -> Self {
        do {
            return try JSONDecoder().decode(Self.self, from: data)
        } catch let error as TokenizerError {
            throw error
        } catch {
            throw TokenizerError.invalidSavedTokenizer(reason: String(describing: error))
        }
    }
}

// MARK: - Errors

/// What went wrong while building, using or loading a tokenizer.
public enum TokenizerError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A character that is not in a character vocabulary, which has no unknown token.
    /// `position` counts characters from 0.
    case unknownCharacter(Character, position: Int)
    /// An id passed to `decode` outside `0..<vocabularySize`.
    case idOutOfRange(Int, vocabularySize: Int)
    /// The corpus a vocabulary is built from has no usable tokens.
    case emptyCorpus
    /// An argument outside what a tokenizer accepts.
    case invalidArgument(name: String, value: String, accepts: String)
    /// A vocabulary is missing a token the tokenizer needs, such as `[CLS]`.
    case missingSpecialToken(String)
    /// A vocabulary file or text that cannot be used.
    case invalidVocabulary(reason: String)
    /// Saved JSON that does not describe a tokenizer.
    case invalidSavedTokenizer(reason: String)

    public var description: String {
        switch self {
        case .unknownCharacter(let character, let position):
            let scalars = character.unicodeScalars
                .map { "U+" + String($0.value, radix: 16, uppercase: true) }
                .joined(separator: " ")
            return "character \(String(reflecting: String(character))) (\(scalars)) at position \(position) "
                + "is not in the vocabulary, and the vocabulary has no [UNK] token; "
                + "build the tokenizer with an unknown token or from a corpus that contains it"
        case .idOutOfRange(let id, let size):
            return "token id \(id) is outside the vocabulary (ids run from 0 to \(size - 1))"
        case .emptyCorpus:
            return "the corpus has no tokens to build a vocabulary from"
        case .invalidArgument(let name, let value, let accepts):
            return "\(name) = \(value) is not accepted: \(name) must be \(accepts)"
        case .missingSpecialToken(let token):
            return "the vocabulary has no \(token) token, which this tokenizer needs"
        case .invalidVocabulary(let reason):
            return "unusable vocabulary: \(reason)"
        case .invalidSavedTokenizer(let reason):
            return "the saved tokenizer cannot be read: \(reason)"
        }
    }
}
