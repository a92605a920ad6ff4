/// How well predictions match the true classes: accuracy, the confusion matrix and
/// per-class precision, recall and F1, as values the lab prints and checks assert.
public struct ClassificationMetrics: Sendable, Codable, Equatable {
    /// Precision, recall and F1 of one class.
    public struct ClassScore: Sendable, Codable, Equatable {
        public var label: String
        /// Of the texts predicted as this class, the fraction that are (nil if none predicted).
        public var precision: Double?
        /// Of the texts of this class, the fraction found (nil if the class is absent).
        public var recall: Double?
        /// The harmonic mean of precision and recall (nil if either is nil or both 0).
        public var f1: Double?
        /// How many texts truly belong to the class.
        public var support: Int
    }

    public let labels: [String]
    /// confusion[true class][predicted class] = count.
    public let confusion: [[Int]]

    /// Counts predictions against truths (both class indices into `labels`).
    public init(labels: [String], truths: [Int], predictions: [Int]) throws {
        guard truths.count == predictions.count else {
            throw TrainingError.invalidOption(
                name: "predictions", value: "\(predictions.count) values", accepts: "one per truth (\(truths.count))")
        }
        var confusion = [[Int]](repeating: [Int](repeating: 0, count: labels.count), count: labels.count)
        for (truth, prediction) in zip(truths, predictions) {
            guard labels.indices.contains(truth), labels.indices.contains(prediction) else {
                throw TrainingError.invalidOption(
                    name: "class index", value: "\(truth) or \(prediction)", accepts: "0..<\(labels.count)")
            }
            confusion[truth][prediction] += 1
        }
        self.labels = labels
        self.confusion = confusion
    }

    public var total: Int { confusion.joined().reduce(0, +) }
    public var correct: Int { labels.indices.reduce(0) { $0 + confusion[$1][$1] } }
    /// The fraction of texts classified correctly (0 when there are none).
    public var accuracy: Double { total == 0 ? 0 : Double(correct) / Double(total) }
    /// The 95% Wilson score interval around `accuracy` (nil when there are no texts).
    public var accuracyInterval: WilsonInterval? { WilsonInterval(successes: correct, trials: total) }

    public var perClass: [ClassScore] {
        labels.indices.map { c in
            let predicted = labels.indices.reduce(0) { $0 + confusion[$1][c] }
            let actual = confusion[c].reduce(0, +)
            let precision = predicted == 0 ? nil : Double(confusion[c][c]) / Double(predicted)
            let recall = actual == 0 ? nil : Double(confusion[c][c]) / Double(actual)
            var f1: Double?
            if let precision, let recall, precision + recall > 0 { f1 = 2 * precision * recall / (precision + recall) }
            return ClassScore(label: labels[c], precision: precision, recall: recall, f1: f1, support: actual)
        }
    }

    /// The unweighted mean F1 over classes that have one.
    public var macroF1: Double {
        let scores = perClass.compactMap(\.f1)
        return scores.isEmpty ? 0 : scores.reduce(0, +) / Double(scores.count)
    }
}
