import Foundation

/// A tokenizer whose tokens are whole words and single punctuation marks.
///
/// The vocabulary is built from a corpus: `[PAD]` is id 0, `[UNK]` is id 1, then the
/// words seen at least `minimumFrequency` times, most frequent first, ties in
/// alphabetical order, so the same corpus always gives the same ids. Words outside the
/// vocabulary encode as `[UNK]`.
public struct WordTokenizer: Tokenizer, Equatable {
    public static let paddingToken = "[PAD]"
    public static let unknownToken = "[UNK]"
    public static let paddingID = 0
    public static let unknownID = 1

    /// Tokens by id, `[PAD]` and `[UNK]` first.
    public let vocabulary: [String]
    /// Whether text is lowercased before it is split (and was when the vocabulary was built).
    public let lowercases: Bool
    private let idsByToken: [String: Int]

    /// Builds the vocabulary from `corpus` (any number of texts).
    ///
    /// - Parameters:
    ///   - minimumFrequency: a word seen fewer times than this is left out (at least 1).
    ///   - maximumSize: the largest vocabulary, `[PAD]` and `[UNK]` included (at least 3);
    ///     nil keeps every word that is frequent enough.
    ///   - lowercase: fold case first, so "The" and "the" are one token.
    public init(
        corpus: [String], minimumFrequency: Int = 1, maximumSize: Int? = nil, lowercase: Bool = true
    ) throws {
        guard minimumFrequency >= 1 else {
            throw TokenizerError.invalidArgument(
                name: "minimumFrequency", value: String(minimumFrequency), accepts: "at least 1")
        }
        if let maximumSize, maximumSize < 3 {
            throw TokenizerError.invalidArgument(
                name: "maximumSize", value: String(maximumSize),
                accepts: "at least 3 ([PAD], [UNK] and one word)")
        }
        var counts: [String: Int] = [:]
        for text in corpus {
            for word in Self.split(text, lowercase: lowercase) {
                counts[word, default: 0] += 1
            }
        }
        guard !counts.isEmpty else { throw TokenizerError.emptyCorpus }
        // Most frequent first; equal counts in alphabetical order (by Unicode scalars,
        // so the order does not depend on locale).
        var words = counts
            .filter { $0.value >= minimumFrequency && $0.key != Self.paddingToken && $0.key != Self.unknownToken }
            .sorted { lhs, rhs in
                lhs.value != rhs.value
                    ? lhs.value > rhs.value
                    : lhs.key.unicodeScalars.lexicographicallyPrecedes(rhs.key.unicodeScalars)
            }
            .map(\.key)
        if let maximumSize, words.count > maximumSize - 2 {
            words = Array(words.prefix(maximumSize - 2))
        }
        try self.init(vocabulary: [Self.paddingToken, Self.unknownToken] + words, lowercase: lowercase)
    }

    /// Builds the vocabulary from one text.
    public init(
        corpus: String, minimumFrequency: Int = 1, maximumSize: Int? = nil, lowercase: Bool = true
    ) throws {
        try self.init(
            corpus: [corpus], minimumFrequency: minimumFrequency, maximumSize: maximumSize, lowercase: lowercase)
    }

    /// A tokenizer with exactly this vocabulary, which must start with `[PAD]`, `[UNK]`.
    public init(vocabulary: [String], lowercase: Bool) throws {
        guard vocabulary.count >= 2, vocabulary[0] == Self.paddingToken, vocabulary[1] == Self.unknownToken else {
            throw TokenizerError.invalidVocabulary(reason: "a word vocabulary must start with [PAD], [UNK]")
        }
        var ids: [String: Int] = [:]
        for (id, token) in vocabulary.enumerated() {
            if let earlier = ids[token] {
                throw TokenizerError.invalidVocabulary(
                    reason: "token \(String(reflecting: token)) appears twice (ids \(earlier) and \(id))")
            }
            ids[token] = id
        }
        self.vocabulary = vocabulary
        self.lowercases = lowercase
        self.idsByToken = ids
    }

    public var vocabularySize: Int { vocabulary.count }

    /// The ids of `text`'s words and punctuation marks; unseen words give `[UNK]` (1).
    public func encode(_ text: String) -> [Int] {
        Self.split(text, lowercase: lowercases).map { idsByToken[$0] ?? Self.unknownID }
    }

    /// The tokens joined with spaces, except that closing punctuation attaches to the word
    /// before it, opening brackets to the word after, and apostrophes and hyphens to both.
    /// `[PAD]` ids are left out.
    public func decode(_ ids: [Int]) throws -> String {
        var text = ""
        var gluesToNext = true  // nothing before the first token
        for id in ids where id != Self.paddingID {
            guard let token = token(for: id) else {
                throw TokenizerError.idOutOfRange(id, vocabularySize: vocabularySize)
            }
            let gluesToPrevious = Self.attachesToPrevious.contains(token) || Self.attachesToBoth.contains(token)
            if !gluesToNext && !gluesToPrevious { text += " " }
            text += token
            gluesToNext = Self.attachesToNext.contains(token) || Self.attachesToBoth.contains(token)
        }
        return text
    }

    public func token(for id: Int) -> String? {
        vocabulary.indices.contains(id) ? vocabulary[id] : nil
    }

    public func id(for token: String) -> Int? { idsByToken[token] }

    // MARK: - Splitting

    private static let attachesToPrevious: Set<String> = [".", ",", "!", "?", ";", ":", ")", "]", "}", "%", "…"]
    private static let attachesToNext: Set<String> = ["(", "[", "{", "$", "#", "@"]
    private static let attachesToBoth: Set<String> = ["'", "’", "-", "/"]

    /// Splits text into words and punctuation: whitespace separates, and every punctuation
    /// mark or symbol is a token of its own ("don't!" gives "don", "'", "t", "!").
    public static func split(_ text: String, lowercase: Bool = true) -> [String] {
        let source = lowercase ? text.lowercased() : text
        var tokens: [String] = []
        var word = ""
        for character in source {
            if character.isWhitespace {
                if !word.isEmpty { tokens.append(word); word = "" }
            } else if character.isPunctuation || character.isSymbol {
                if !word.isEmpty { tokens.append(word); word = "" }
                tokens.append(String(character))
            } else {
                word.append(character)
            }
        }
        if !word.isEmpty { tokens.append(word) }
        return tokens
    }

    // MARK: - Codable

    private enum CodingKeys: String, CodingKey { case vocabulary, lowercases }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            vocabulary: try container.decode([String].self, forKey: .vocabulary),
            lowercase: try container.decode(Bool.self, forKey: .lowercases))
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(vocabulary, forKey: .vocabulary)
        try container.encode(lowercases, forKey: .lowercases)
    }

    public static func == (lhs: WordTokenizer, rhs: WordTokenizer) -> Bool {
        lhs.vocabulary == rhs.vocabulary && lhs.lowercases == rhs.lowercases
    }
}
