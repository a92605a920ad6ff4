import TuneEngine
import TuneText

/// Few-shot classification by prototypes: a class is the mean embedding of k labelled
/// examples (its prototype, rescaled to unit length); a text gets the class of the
/// nearest prototype by cosine. k = 1 is one-shot. Nothing is trained.
public struct PrototypeClassifier: Sendable {
    public let labels: [String]
    /// Shots per class.
    public let shots: Int
    /// The unit-length mean of each class's chosen examples, [K, C].
    public let prototypes: SentenceEmbeddings
    /// The example indices chosen for each class (into the support set), in class order.
    public let chosen: [[Int]]

    /// Prototypes from `shots` examples per class of `support` (embedded as
    /// `supportEmbeddings`), chosen at random with `seed`.
    public init(
        support: LabelledDataset, supportEmbeddings: SentenceEmbeddings, labels: [String], shots: Int, seed: UInt64
    ) throws {
        guard supportEmbeddings.count == support.count else {
            throw PretrainedTaskError.invalidArgument(
                name: "supportEmbeddings", value: "\(supportEmbeddings.count) rows", accepts: "one per example (\(support.count))")
        }
        try self.init(
            classes: try PretrainedTaskError.classIndices(of: support, in: labels), embeddings: supportEmbeddings,
            labels: labels, shots: shots, seed: seed, source: support.name)
    }

    /// Prototypes from `shots` of the embedded examples of each class, where `classes[i]`
    /// is row i's class (an index into `labels`): any embedding, of texts or of images.
    public init(classes: [Int], embeddings: SentenceEmbeddings, labels: [String], shots: Int, seed: UInt64, source: String = "the support set") throws {
        guard shots >= 1 else {
            throw PretrainedTaskError.invalidArgument(name: "shots", value: "\(shots)", accepts: "at least 1 example per class")
        }
        guard embeddings.count == classes.count else {
            throw PretrainedTaskError.invalidArgument(name: "embeddings", value: "\(embeddings.count) rows", accepts: "one per example (\(classes.count))")
        }
        var generator = RandomGenerator(seed: seed)
        var chosen: [[Int]] = []
        var rows: [Float] = []
        for (classIndex, label) in labels.enumerated() {
            var members = classes.indices.filter { classes[$0] == classIndex }
            guard members.count >= shots else {
                throw PretrainedTaskError.invalidArgument(
                    name: "shots", value: "\(shots)",
                    accepts: "at most \(members.count) (the examples labelled \(label) in \(source))")
            }
            members.shuffle(using: &generator)
            let picked = Array(members.prefix(shots))
            var mean = [Float](repeating: 0, count: embeddings.dimension)
            for index in picked {
                for (position, value) in embeddings.row(index).enumerated() { mean[position] += value / Float(shots) }
            }
            rows.append(contentsOf: SentenceEmbeddings.unitLength(mean))
            chosen.append(picked)
        }
        self.labels = labels
        self.shots = shots
        self.chosen = chosen
        prototypes = SentenceEmbeddings(values: rows, dimension: embeddings.dimension)
    }

    /// The nearest prototype of each embedded text.
    public func classify(_ embeddings: SentenceEmbeddings) -> [Int] {
        embeddings.nearest(among: prototypes).choices
    }

    /// Accuracy and confusion matrix on `dataset` (embedded as `embeddings`).
    public func evaluate(_ embeddings: SentenceEmbeddings, on dataset: LabelledDataset) throws -> ClassificationMetrics {
        let truths = try PretrainedTaskError.classIndices(of: dataset, in: labels)
        return try ClassificationMetrics(labels: labels, truths: truths, predictions: classify(embeddings))
    }
}

/// Accuracy of prototype classifiers over several seeds: the spread tells how much a
/// few-shot result depends on which examples were drawn.
public struct FewShotResult: Sendable {
    public let shots: Int
    /// Accuracy per seed, in seed order.
    public let accuracies: [Double]
    public var mean: Double { accuracies.reduce(0, +) / Double(max(accuracies.count, 1)) }
    public var minimum: Double { accuracies.min() ?? 0 }
    public var maximum: Double { accuracies.max() ?? 0 }
    /// The population standard deviation of the accuracies.
    public var standardDeviation: Double {
        let m = mean
        return (accuracies.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(max(accuracies.count, 1))).squareRoot()
    }

    /// Runs `seeds` prototype classifiers of `shots` per class (seeds base, base+1, ...).
    public static func measure(
        shots: Int, seeds: Int, baseSeed: UInt64, labels: [String],
        support: LabelledDataset, supportEmbeddings: SentenceEmbeddings,
        evaluation: LabelledDataset, evaluationEmbeddings: SentenceEmbeddings
    ) throws -> FewShotResult {
        guard seeds >= 1 else {
            throw PretrainedTaskError.invalidArgument(name: "seeds", value: "\(seeds)", accepts: "at least 1")
        }
        let accuracies = try (0..<seeds).map { offset in
            try PrototypeClassifier(
                support: support, supportEmbeddings: supportEmbeddings, labels: labels, shots: shots,
                seed: baseSeed &+ UInt64(offset)
            ).evaluate(evaluationEmbeddings, on: evaluation).accuracy
        }
        return FewShotResult(shots: shots, accuracies: accuracies)
    }
}
