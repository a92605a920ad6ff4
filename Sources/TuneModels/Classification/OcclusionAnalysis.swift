/// Which words a classifier's decision rests on, found by **occlusion**: take one word
/// out, score the shorter text again, and see how far the predicted class's
/// probability falls. Repeat for every word.
///
///     text                   "the battery was slow to boot ."    P(negative) 0.81
///     without "slow"         "the battery was to boot ."         P(negative) 0.42  change −0.39
///     without "battery"      "the was slow to boot ."            P(negative) 0.79  change −0.02
///
/// Occlusion asks the model itself rather than its gradients: it works for any
/// classifier that can score texts, and every number it reports is a probability the
/// model really gave to a real text.
///
/// A *word* is a whitespace-separated piece of the original text ("boot." with its full
/// stop, if the text has no space before it). The classifier's tokenizer may cut a word
/// into several tokens; occlusion never needs to know, because it edits the text, not
/// the token ids, and lets the tokenizer encode each shorter text again.
public struct OcclusionAnalysis: Sendable, Equatable {
    /// One word of the text and what removing it did.
    public struct Word: Sendable, Equatable {
        /// The word as written in the text.
        public var text: String
        /// Its position among the text's words, from 0.
        public var index: Int
        /// The class probabilities of the text without this word. // [classes]
        public var probabilitiesWithout: [Float]
        /// The predicted class's probability without the word, minus with it: negative
        /// when the word pushed the model toward its prediction.
        public var change: Float
        /// The most likely class once the word is gone.
        public var predictionWithout: Int
    }

    /// The text as it was scored.
    public let text: String
    /// The class probabilities of the whole text. // [classes]
    public let probabilities: [Float]
    /// The most likely class of the whole text.
    public let prediction: Int
    /// Every word, in text order. Empty for a one-word text (removing its only word
    /// would leave nothing to score).
    public let words: [Word]

    /// Scores `text` and each of its one-word-shorter variants with a single call to
    /// `probabilities`, which receives [text, text without word 0, text without word 1,
    /// …] and must return one row of class probabilities per text, in that order.
    ///
    /// Removing versus padding: a word is *removed*, and the rest is joined with single
    /// spaces, rather than replaced by a padding token. Our GPT trunks only ever saw
    /// padding after a text (where causal attention and pooling skip it); a [PAD] in the
    /// middle would be a token the model never learned, so its effect would measure the
    /// model's surprise at [PAD] as much as the word's absence. Removal keeps every
    /// variant a text the learner can read and score by hand. Its cost: later words move
    /// one position earlier, and mean pooling averages over one word fewer.
    public init(text: String, probabilities: (_ texts: [String]) throws -> [[Float]]) throws {
        let words = Self.words(of: text)
        // Row 0 is the whole text; row 1 + i is the text without word i. One batch, one forward pass.
        let variants = words.count < 2 ? [] : words.indices.map { Self.text(of: words, removing: $0) }
        let rows = try probabilities([text] + variants)  // [1 + words, classes]
        guard rows.count == 1 + variants.count, let whole = rows.first, !whole.isEmpty,
              rows.allSatisfy({ $0.count == whole.count }) else {
            throw TrainingError.invalidOption(
                name: "probabilities", value: "\(rows.count) rows", accepts: "one row of class probabilities per text (\(1 + variants.count))")
        }
        let prediction = Self.argmax(whole)
        self.text = text
        self.probabilities = whole
        self.prediction = prediction
        self.words = variants.indices.map { i in
            let without = rows[1 + i]
            return Word(text: words[i], index: i, probabilitiesWithout: without,
                        change: without[prediction] - whole[prediction], predictionWithout: Self.argmax(without))
        }
    }

    /// The probability of the predicted class: how sure the model is.
    public var confidence: Float { probabilities[prediction] }

    /// The words the decision rests on most: those whose removal lowers the predicted
    /// class's probability, the largest drop first, at most `limit` of them, and only
    /// those whose drop is at least half the largest (so one dominant word stands alone).
    public func decisiveWords(limit: Int = 3) -> [Word] {
        let lowering = words.filter { $0.change < 0 }.sorted { $0.change != $1.change ? $0.change < $1.change : $0.index < $1.index }
        guard let largest = lowering.first?.change else { return [] }
        return Array(lowering.prefix(max(0, limit)).filter { $0.change <= largest / 2 })
    }

    /// The words whose removal alone turns the prediction into `label`.
    public func words(flippingTo label: Int) -> [Word] {
        words.filter { $0.predictionWithout == label && $0.predictionWithout != prediction }
    }

    // MARK: - Words and shorter texts

    /// The whitespace-separated words of `text`.
    public static func words(of text: String) -> [String] {
        text.split(whereSeparator: \.isWhitespace).map(String.init)
    }

    /// `words` without the one at `index`, joined by single spaces.
    public static func text(of words: [String], removing index: Int) -> String {
        words.enumerated().filter { $0.offset != index }.map(\.element).joined(separator: " ")
    }

    /// The index of the largest value (the first one on ties).
    static func argmax(_ row: [Float]) -> Int {
        row.indices.max { row[$0] < row[$1] || (row[$0] == row[$1] && $0 > $1) } ?? 0
    }
}
