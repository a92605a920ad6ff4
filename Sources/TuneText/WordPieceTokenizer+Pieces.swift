// The two steps around BERT's basic tokenization: special tokens written in the text
// are set aside first, and each word that comes out is cut into WordPiece pieces.

extension WordPieceTokenizer {
    enum Segment {
        case text([Unicode.Scalar])
        case special(id: Int)
    }

    /// Splits raw text around literal special tokens ("[CLS]", "[SEP]", ...), matched
    /// exactly (case-sensitive) before any normalization, leftmost first.
    func splitOnSpecialTokens(_ text: [Unicode.Scalar]) -> [Segment] {
        var segments: [Segment] = []
        var pending: [Unicode.Scalar] = []
        var index = 0
        while index < text.count {
            if text[index] == "[",
                let match = specialTokens
                    .filter({ index + $0.scalars.count <= text.count
                        && text[index..<(index + $0.scalars.count)].elementsEqual($0.scalars) })
                    .max(by: { $0.scalars.count < $1.scalars.count }) {
                if !pending.isEmpty { segments.append(.text(pending)); pending = [] }
                segments.append(.special(id: match.id))
                index += match.scalars.count
            } else {
                pending.append(text[index])
                index += 1
            }
        }
        if !pending.isEmpty { segments.append(.text(pending)) }
        return segments
    }

    /// Greedy longest-match-first WordPiece: from the word's start take the longest
    /// vocabulary entry that matches, then continue from where it ended with `##` pieces.
    /// If some position has no matching piece, or the word has more than
    /// `maximumWordLength` code points, the whole word is `[UNK]`.
    func wordPieceIDs(_ word: [Unicode.Scalar]) -> [Int] {
        guard word.count <= Self.maximumWordLength else { return [unknownID] }
        let prefix = Array(Self.continuationPrefix.unicodeScalars)
        var ids: [Int] = []
        var start = 0
        while start < word.count {
            var end = word.count
            var found: Int?
            while start < end {
                let candidate = start > 0 ? prefix + word[start..<end] : Array(word[start..<end])
                if let id = idsByScalars[candidate] {
                    found = id
                    break
                }
                end -= 1
            }
            guard let id = found else { return [unknownID] }
            ids.append(id)
            start = end
        }
        return ids
    }
}
