import Foundation

/// BERT's uncased WordPiece tokenizer, id for id the same as the reference tokenizer
/// that uncased BERT models such as MiniLM are run with (the `tokenizers` library's
/// BERT normalizer, pre-tokenizer and WordPiece model).
///
/// The older pure-Python BERT tokenizer gives the same ids except at a few edges, where
/// we follow the `tokenizers` library: it keeps unassigned code points, lowercases a
/// word-final capital sigma to "σ", classifies characters by Unicode 8.0, and starts its
/// last CJK range at U+2B920 (see `WordPieceTokenizer+Normalization.swift`).
///
/// Encoding: the text is split around the special tokens written literally in it
/// (`[CLS]`, `[SEP]`, `[PAD]`, `[UNK]`, `[MASK]`); each other stretch is cleaned,
/// lowercased, stripped of accents and split into words (see
/// `WordPieceTokenizer+Normalization.swift`); every word becomes the longest vocabulary
/// pieces that spell it from left to right, later pieces written with a `##` prefix
/// ("lowercased" -> "lower", "##cased"), or `[UNK]` when no such spelling exists or the
/// word is longer than 100 code points. The result is wrapped as `[CLS] ... [SEP]` and cut
/// to `maximumLength` ids, the two special tokens included.
public struct WordPieceTokenizer: Tokenizer, Equatable {
    public static let classifierToken = "[CLS]"
    public static let separatorToken = "[SEP]"
    public static let paddingToken = "[PAD]"
    public static let unknownToken = "[UNK]"
    public static let maskToken = "[MASK]"
    /// The prefix of a piece that continues a word.
    public static let continuationPrefix = "##"
    /// Words longer than this many code points become `[UNK]` without being split.
    public static let maximumWordLength = 100

    /// Tokens by id, as listed in the vocabulary file (id = line index).
    public let vocabulary: [String]
    /// The most ids `encode` returns, `[CLS]` and `[SEP]` included.
    public let maximumLength: Int

    public let classifierID: Int
    public let separatorID: Int
    public let paddingID: Int
    public let unknownID: Int

    /// Ids by exact code point sequence. Keys are scalars, not `String`s, because Swift
    /// compares strings by canonical equivalence ("한" equals its three jamo) and BERT
    /// compares code points.
    let idsByScalars: [[Unicode.Scalar]: Int]
    /// The special tokens present in the vocabulary, found literally in text before
    /// normalization: their scalars and ids.
    let specialTokens: [(scalars: [Unicode.Scalar], id: Int)]

    /// A tokenizer with this vocabulary, which must contain `[CLS]`, `[SEP]`, `[PAD]`, `[UNK]`.
    ///
    /// - Parameter maximumLength: the longest encoding, `[CLS]` and `[SEP]` included (at least 2).
    public init(vocabulary: [String], maximumLength: Int = 256) throws {
        guard maximumLength >= 2 else {
            throw TokenizerError.invalidArgument(
                name: "maximumLength", value: String(maximumLength), accepts: "at least 2 (room for [CLS] and [SEP])")
        }
        var ids: [[Unicode.Scalar]: Int] = [:]
        ids.reserveCapacity(vocabulary.count)
        for (id, token) in vocabulary.enumerated() {
            // A token listed twice keeps its later id, as the reference loaders do.
            ids[Array(token.unicodeScalars)] = id
        }
        func required(_ token: String) throws -> Int {
            guard let id = ids[Array(token.unicodeScalars)] else { throw TokenizerError.missingSpecialToken(token) }
            return id
        }
        self.classifierID = try required(Self.classifierToken)
        self.separatorID = try required(Self.separatorToken)
        self.paddingID = try required(Self.paddingToken)
        self.unknownID = try required(Self.unknownToken)
        self.vocabulary = vocabulary
        self.maximumLength = maximumLength
        self.idsByScalars = ids
        self.specialTokens = [Self.paddingToken, Self.unknownToken, Self.classifierToken, Self.separatorToken, Self.maskToken]
            .compactMap { token in
                let scalars = Array(token.unicodeScalars)
                return ids[scalars].map { (scalars, $0) }
            }
    }

    /// A tokenizer from the text of a `vocab.txt`: one token per line, id = line index.
    public init(vocabularyText: String, maximumLength: Int = 256) throws {
        // Split on U+000A as code points: a "\r\n" is a single Swift Character.
        var lines = vocabularyText.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
            .map { line -> String in
                var scalars = String.UnicodeScalarView(line)
                if scalars.last == "\r" { scalars.removeLast() }
                return String(scalars)
            }
        if lines.last == "" { lines.removeLast() }  // the file's final newline
        guard !lines.isEmpty else { throw TokenizerError.invalidVocabulary(reason: "the vocabulary text is empty") }
        try self.init(vocabulary: lines, maximumLength: maximumLength)
    }

    /// A tokenizer from a `vocab.txt` file (UTF-8).
    public init(vocabularyFile url: URL, maximumLength: Int = 256) throws {
        let text: String
        do {
            text = try TextFile.read(url)
        } catch {
            throw TokenizerError.invalidVocabulary(reason: String(describing: error))
        }
        try self.init(vocabularyText: text, maximumLength: maximumLength)
    }

    public var vocabularySize: Int { vocabulary.count }

    // MARK: - Encoding

    /// `[CLS]`, the ids of `text`'s pieces, `[SEP]`, cut to `maximumLength` ids.
    public func encode(_ text: String) -> [Int] {
        encode(text, maximumLength: maximumLength)
    }

    /// `[CLS]`, the ids of `text`'s pieces, `[SEP]`; when that is longer than
    /// `maximumLength`, the pieces are cut so that `[SEP]` is still the last id.
    /// A `maximumLength` below 2 counts as 2.
    public func encode(_ text: String, maximumLength: Int) -> [Int] {
        let pieces = pieceIDs(text)
        let room = max(0, maximumLength - 2)
        return [classifierID] + pieces.prefix(room) + [separatorID]
    }

    /// The ids of `text`'s pieces, without `[CLS]`/`[SEP]` and without truncation.
    public func pieceIDs(_ text: String) -> [Int] {
        var ids: [Int] = []
        for segment in splitOnSpecialTokens(Array(text.unicodeScalars)) {
            switch segment {
            case .special(let id):
                ids.append(id)
            case .text(let scalars):
                for word in Self.basicWords(scalars) {
                    ids.append(contentsOf: wordPieceIDs(word))
                }
            }
        }
        return ids
    }

    /// The pieces of `text` as strings ("lower", "##cased"), without `[CLS]`/`[SEP]`.
    public func tokens(in text: String) -> [String] {
        pieceIDs(text).map { vocabulary[$0] }
    }

    // MARK: - Decoding

    /// The tokens joined with spaces, continuation pieces glued to the piece before
    /// ("lower ##cased" -> "lowercased"). Special tokens are kept.
    public func decode(_ ids: [Int]) throws -> String {
        try decode(ids, skippingSpecialTokens: false)
    }

    /// As `decode(_:)`; with `skippingSpecialTokens`, `[CLS]`, `[SEP]`, `[PAD]`,
    /// `[UNK]` and `[MASK]` are left out.
    public func decode(_ ids: [Int], skippingSpecialTokens: Bool) throws -> String {
        let specialIDs = Set(specialTokens.map(\.id))
        var tokens: [String] = []
        for id in ids {
            guard let token = token(for: id) else {
                throw TokenizerError.idOutOfRange(id, vocabularySize: vocabularySize)
            }
            if skippingSpecialTokens && specialIDs.contains(id) { continue }
            tokens.append(token)
        }
        var text = ""
        for (index, token) in tokens.enumerated() {
            if token.hasPrefix(Self.continuationPrefix) && index > 0 {
                text += token.dropFirst(Self.continuationPrefix.count)
            } else {
                if index > 0 { text += " " }
                text += token
            }
        }
        return text
    }

    // MARK: - Lookup

    public func token(for id: Int) -> String? {
        vocabulary.indices.contains(id) ? vocabulary[id] : nil
    }

    /// The id of exactly this code point sequence (no normalization).
    public func id(for token: String) -> Int? {
        idsByScalars[Array(token.unicodeScalars)]
    }

    // MARK: - Codable (vocabulary and maximum length; lookup tables are rebuilt)

    private enum CodingKeys: String, CodingKey { case vocabulary, maximumLength }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            vocabulary: try container.decode([String].self, forKey: .vocabulary),
            maximumLength: try container.decode(Int.self, forKey: .maximumLength))
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(vocabulary, forKey: .vocabulary)
        try container.encode(maximumLength, forKey: .maximumLength)
    }

    public static func == (lhs: WordPieceTokenizer, rhs: WordPieceTokenizer) -> Bool {
        lhs.maximumLength == rhs.maximumLength
            && lhs.vocabulary.count == rhs.vocabulary.count
            && zip(lhs.vocabulary, rhs.vocabulary).allSatisfy { $0.unicodeScalars.elementsEqual($1.unicodeScalars) }
    }
}
