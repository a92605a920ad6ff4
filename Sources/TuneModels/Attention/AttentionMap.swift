import Foundation
import TuneEngine

/// Where one sentence's tokens look: the attention weights of one head in one layer,
/// for a GPT (`GPT.attentionMap`) and an encoder (`SentenceEncoder.attentionMap`) alike.
public struct AttentionMap: Sendable {
    /// The tokens: WordPiece `[CLS]` … `[SEP]` for an encoder, words for a GPT.
    public let tokens: [String]
    public let layer: Int
    public let head: Int
    /// weights[i][j]: how much token i attends to token j; each row sums to 1.  // [T, T]
    public let weights: [[Float]]
    /// Every head's map in this layer, [H][T][T] (for an average or another head).
    public let allHeads: [[[Float]]]

    /// The mean over heads, [T][T].
    public var headMean: [[Float]] {
        let count = Float(allHeads.count)
        return weights.indices.map { row in
            weights[row].indices.map { column in allHeads.reduce(0) { $0 + $1[row][column] } / count }
        }
    }

    public init(tokens: [String], layer: Int, head: Int, allHeads: [[[Float]]]) {
        self.tokens = tokens
        self.layer = layer
        self.head = head
        self.allHeads = allHeads
        weights = allHeads[head]
    }

    /// One batch row's weights from a trace record, [H][T][T] (the first sequence of the batch).
    public static func heads(of record: AttentionTrace.Record, time: Int) -> [[[Float]]] {
        let flat = record.weights  // [1, H, T, T]
        return (0..<record.heads).map { h in
            (0..<time).map { i in Array(flat[((h * time + i) * time)..<((h * time + i + 1) * time)]) }
        }
    }
}

// MARK: - Statistics

extension AttentionMap {
    /// Where a map's weight goes on average, over the tokens that look.
    public struct Focus: Sendable, Equatable {
        /// Mean weight on the previous token (over tokens 1…T−1).
        public var previous: Double
        /// Mean weight on the token itself.
        public var itself: Double
        /// Mean weight on the first token (over tokens 1…T−1).
        public var first: Double
        /// Mean entropy of a row, in nats: 0 when each token looks at one place only.
        public var entropy: Double
    }

    /// The focus of `weights` ([T][T], each row summing to 1).
    public static func focus(of weights: [[Float]]) -> Focus {
        let time = weights.count
        var focus = Focus(previous: 0, itself: 0, first: 0, entropy: 0)
        for i in 0..<time {
            let row = weights[i].map(Double.init)
            focus.itself += row[i] / Double(time)
            if i > 0 {
                focus.previous += row[i - 1] / Double(time - 1)
                focus.first += row[0] / Double(time - 1)
            }
            for weight in row where weight > 0 { focus.entropy -= weight * Foundation.log(weight) / Double(time) }
        }
        return focus
    }

    /// For each token, the token it attends to most, as fractions of all tokens.
    public struct Strongest: Sendable, Equatable {
        public var toSelf: Double
        public var toPrevious: Double
        public var toNext: Double
        public var toFirst: Double
        /// To a `[SEP]` token (an encoder's separator).
        public var toSeparator: Double
    }

    /// The strongest targets in `weights` ([T][T]; this map's tokens label the columns).
    public func strongest(in weights: [[Float]]) -> Strongest {
        let strongest = weights.indices.map { row in weights[row].indices.max { weights[row][$0] < weights[row][$1] }! }
        let count = Double(tokens.count)
        return Strongest(
            toSelf: Double(strongest.indices.filter { strongest[$0] == $0 }.count) / count,
            toPrevious: Double(strongest.indices.filter { $0 > 0 && strongest[$0] == $0 - 1 }.count) / count,
            toNext: Double(strongest.indices.filter { strongest[$0] == $0 + 1 }.count) / count,
            toFirst: Double(strongest.filter { $0 == 0 }.count) / count,
            toSeparator: Double(strongest.filter { tokens[$0] == "[SEP]" }.count) / count)
    }
}
