import Foundation

/// A tokenizer whose tokens are single characters (Swift `Character`s: what a reader
/// sees as one letter, so "é" is one token whether it is stored as one scalar or two).
///
/// The vocabulary is the corpus's unique characters in sorted order, so the same corpus
/// always gives the same ids. Optionally id 0 is `[UNK]`, which stands for any character
/// the corpus did not contain; without it such a character is an error.
public struct CharacterTokenizer: Tokenizer, Equatable {
    /// The spelling of the unknown token.
    public static let unknownToken = "[UNK]"

    /// Tokens by id: `[UNK]` first when present, then the sorted characters.
    public let vocabulary: [String]
    /// The id of `[UNK]`, or nil when unknown characters are an error.
    public let unknownID: Int?
    private let idsByCharacter: [Character: Int]

    /// Builds the vocabulary from every character of `corpus`.
    ///
    /// - Parameter includeUnknownToken: reserve id 0 for `[UNK]`, so that encoding a
    ///   character outside the corpus gives that id instead of an error.
    public init(corpus: String, includeUnknownToken: Bool = false) throws {
        let characters = Set(corpus).sorted()
        guard !characters.isEmpty else { throw TokenizerError.emptyCorpus }
        let tokens = characters.map { String($0) }
        try self.init(vocabulary: includeUnknownToken ? [Self.unknownToken] + tokens : tokens)
    }

    /// A tokenizer with exactly this vocabulary: each entry one character, or `[UNK]`.
    public init(vocabulary: [String]) throws {
        var ids: [Character: Int] = [:]
        var unknownID: Int?
        for (id, token) in vocabulary.enumerated() {
            if token == Self.unknownToken {
                guard unknownID == nil else {
                    throw TokenizerError.invalidVocabulary(reason: "[UNK] appears twice")
                }
                unknownID = id
                continue
            }
            guard token.count == 1, let character = token.first else {
                throw TokenizerError.invalidVocabulary(
                    reason: "entry \(id) is \(String(reflecting: token)), not a single character")
            }
            guard ids[character] == nil else {
                throw TokenizerError.invalidVocabulary(
                    reason: "character \(String(reflecting: token)) appears twice (ids \(ids[character]!) and \(id))")
            }
            ids[character] = id
        }
        guard !vocabulary.isEmpty else { throw TokenizerError.emptyCorpus }
        self.vocabulary = vocabulary
        self.unknownID = unknownID
        self.idsByCharacter = ids
    }

    public var vocabularySize: Int { vocabulary.count }

    public func encode(_ text: String) throws -> [Int] {
        var ids: [Int] = []
        ids.reserveCapacity(text.count)
        for (position, character) in text.enumerated() {
            if let id = idsByCharacter[character] {
                ids.append(id)
            } else if let unknownID {
                ids.append(unknownID)
            } else {
                throw TokenizerError.unknownCharacter(character, position: position)
            }
        }
        return ids
    }

    public func decode(_ ids: [Int]) throws -> String {
        var text = ""
        for id in ids {
            guard let token = token(for: id) else {
                throw TokenizerError.idOutOfRange(id, vocabularySize: vocabularySize)
            }
            text += token
        }
        return text
    }

    public func token(for id: Int) -> String? {
        vocabulary.indices.contains(id) ? vocabulary[id] : nil
    }

    public func id(for token: String) -> Int? {
        if token == Self.unknownToken { return unknownID }
        guard token.count == 1, let character = token.first else { return nil }
        return idsByCharacter[character]
    }

    // MARK: - Codable (the vocabulary alone; the lookup table is rebuilt)

    private enum CodingKeys: String, CodingKey { case vocabulary }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(vocabulary: try container.decode([String].self, forKey: .vocabulary))
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(vocabulary, forKey: .vocabulary)
    }

    public static func == (lhs: CharacterTokenizer, rhs: CharacterTokenizer) -> Bool {
        lhs.vocabulary == rhs.vocabulary
    }
}
