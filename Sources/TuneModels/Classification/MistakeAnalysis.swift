/// Error analysis: the texts a classifier gets wrong, the most confident mistakes
/// first, and for the first few the words the wrong decision rests on (by occlusion).
///
///     texts [N], true classes [N], class probabilities [N][classes]
///       → misclassified: argmax ≠ truth, sorted by P(predicted) high → low
///       → the first `limit`: OcclusionAnalysis of the text
///
/// A confident mistake is the most instructive kind: the model was sure, and wrong.
public struct MistakeAnalysis: Sendable, Equatable {
    /// One misclassified text.
    public struct Mistake: Sendable, Equatable {
        /// The text's position in the scored data, from 0.
        public var index: Int
        public var text: String
        /// The true class and the predicted one (indices into `labels`).
        public var truth: Int
        public var prediction: Int
        /// The predicted class's probability.
        public var confidence: Float
        /// Which words the wrong prediction rests on; nil beyond the analysed `limit`.
        public var occlusion: OcclusionAnalysis?

        /// Words whose removal alone turns the prediction into the true class (none when
        /// not analysed).
        public var wordsFlippingToTruth: [OcclusionAnalysis.Word] { occlusion?.words(flippingTo: truth) ?? [] }
    }

    /// The class names, in class order.
    public let labels: [String]
    /// How many texts were scored.
    public let total: Int
    /// Every misclassified text, the most confident first (ties in data order).
    public let mistakes: [Mistake]

    /// Finds the mistakes among texts with known classes and their probabilities, and
    /// analyses the first `limit` of them with `occlusion`.
    ///
    /// - Parameters:
    ///   - truths: the true class index of each text.
    ///   - probabilities: each text's class probabilities, from the same classifier. // [N][classes]
    ///   - occlusion: the classifier's occlusion analysis of one text.
    public init(
        labels: [String], texts: [String], truths: [Int], probabilities: [[Float]], limit: Int,
        occlusion: (String) throws -> OcclusionAnalysis
    ) throws {
        guard texts.count == truths.count, texts.count == probabilities.count else {
            throw TrainingError.invalidOption(
                name: "texts", value: "\(texts.count) texts, \(truths.count) classes, \(probabilities.count) rows",
                accepts: "one class and one row of probabilities per text")
        }
        guard probabilities.allSatisfy({ $0.count == labels.count }), truths.allSatisfy(labels.indices.contains) else {
            throw TrainingError.invalidOption(name: "classes", value: "out of range", accepts: "indices into \(labels.count) labels")
        }
        var mistakes: [Mistake] = []
        for (index, row) in probabilities.enumerated() {
            let prediction = OcclusionAnalysis.argmax(row)
            guard prediction != truths[index] else { continue }
            mistakes.append(Mistake(index: index, text: texts[index], truth: truths[index], prediction: prediction,
                                    confidence: row[prediction], occlusion: nil))
        }
        mistakes.sort { $0.confidence != $1.confidence ? $0.confidence > $1.confidence : $0.index < $1.index }
        for i in mistakes.indices.prefix(max(0, limit)) {
            mistakes[i].occlusion = try occlusion(mistakes[i].text)
        }
        self.labels = labels
        self.total = texts.count
        self.mistakes = mistakes
    }

    /// The mistakes that were analysed by occlusion (the first `limit`).
    public var analysed: [Mistake] { mistakes.filter { $0.occlusion != nil } }

    /// The mean confidence of all mistakes (0 when there are none).
    public var meanConfidence: Double {
        mistakes.isEmpty ? 0 : mistakes.map { Double($0.confidence) }.reduce(0, +) / Double(mistakes.count)
    }

    /// How many analysed mistakes a single word's removal turns into the right answer.
    public var flippedByOneWord: Int { analysed.filter { !$0.wordsFlippingToTruth.isEmpty }.count }
}
