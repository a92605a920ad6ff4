/// A batch of encodings padded to one length, ready to feed a BERT encoder.
///
/// Every row has `sequenceLength` entries: the text's ids, then `[PAD]` (id 0 in BERT
/// vocabularies) up to the longest text in the batch.
public struct WordPieceBatch: Equatable, Sendable {
    /// Token ids, padded. // [B, T]
    public let ids: [[Int]]
    /// 1 for a real token, 0 for padding. // [B, T]
    public let attentionMask: [[Int]]
    /// The segment of every token: all zeros, as every row is a single text. // [B, T]
    public let tokenTypeIDs: [[Int]]
    /// Each row's length before padding. // [B]
    public let lengths: [Int]

    /// The number of texts (B).
    public var batchSize: Int { ids.count }
    /// The padded length of every row (T).
    public var sequenceLength: Int { ids.first?.count ?? 0 }

    /// The ids row after row, for a tensor of shape [B, T]. // [B * T]
    public var flattenedIDs: [Int] { ids.flatMap { $0 } }

    /// The attention mask row after row, for a tensor of shape [B, T]. // [B * T]
    public var flattenedAttentionMask: [Int] { attentionMask.flatMap { $0 } }
}

extension WordPieceTokenizer {
    /// Encodes every text (each cut to `maximumLength`) and pads them to the longest.
    public func encodeBatch(_ texts: [String]) -> WordPieceBatch {
        encodeBatch(texts, maximumLength: maximumLength)
    }

    /// Encodes every text, each cut to `maximumLength` ids, and pads them to the longest.
    public func encodeBatch(_ texts: [String], maximumLength: Int) -> WordPieceBatch {
        let rows = texts.map { encode($0, maximumLength: maximumLength) }
        let longest = rows.map(\.count).max() ?? 0
        var ids: [[Int]] = []
        var mask: [[Int]] = []
        for row in rows {
            let padding = longest - row.count
            ids.append(row + Array(repeating: paddingID, count: padding))
            mask.append(Array(repeating: 1, count: row.count) + Array(repeating: 0, count: padding))
        }
        return WordPieceBatch(
            ids: ids, attentionMask: mask,
            tokenTypeIDs: rows.map { _ in Array(repeating: 0, count: longest) },
            lengths: rows.map(\.count))
    }
}
