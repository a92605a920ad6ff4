import TuneEngine
import TuneText

/// Few-shot classification by prototypes: a class is the mean embedding of k labelled
/// examples (its prototype, rescaled to unit length); a text gets the class of the
/// nearest prototype by cosine. k = 1 is one-shot. Nothing is trained.
public struct PrototypeClassifier: Sendable {
    public let labels: [String]
    /// Shots per class (the most, when classes differ).
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
            classes: PretrainedTaskError.classIndices(of: support, in: labels), embeddings: supportEmbeddings,
            labels: labels, shots: shots, seed: seed, source: support.name)
    }

    /// Prototypes from `shots` of the embedded examples of each class, where `classes[i]`
    /// is row i's class (an index into `labels`): any embedding, of texts or of images.
    public init(classes: [Int], embeddings: SentenceEmbeddings, labels: [String], shots: Int, seed: UInt64, source: String = "the support set") throws {
        try self.init(classes: classes, embeddings: embeddings, labels: labels,
                      shotsPerClass: Array(repeating: shots, count: labels.count), seed: seed, source: source)
    }

    /// Prototypes from `shotsPerClass[k]` examples of class k, and for the classes in
    /// `given` the vector given instead (a description's embedding: no example at all).
    /// Classes seen in many examples beside a new one seen once, or only described.
    ///
    /// Every class's examples are shuffled in class order whatever its shots, so two
    /// classifiers with the same seed draw the same examples for the classes they share.
    public init(
        classes: [Int], embeddings: SentenceEmbeddings, labels: [String], shotsPerClass: [Int],
        given: [Int: [Float]] = [:], seed: UInt64, source: String = "the support set"
    ) throws {
        guard shotsPerClass.count == labels.count else {
            throw PretrainedTaskError.invalidArgument(name: "shots", value: "\(shotsPerClass.count) counts", accepts: "one per class (\(labels.count))")
        }
        if let shots = shotsPerClass.enumerated().first(where: { $0.element < 1 && given[$0.offset] == nil })?.element {
            throw PretrainedTaskError.invalidArgument(name: "shots", value: "\(shots)", accepts: "at least 1 example per class")
        }
        if let wrong = given.first(where: { $0.value.count != embeddings.dimension }) {
            throw PretrainedTaskError.invalidArgument(
                name: "prototype of \(labels.indices.contains(wrong.key) ? labels[wrong.key] : "class \(wrong.key)")",
                value: "\(wrong.value.count) numbers", accepts: "\(embeddings.dimension), the embedding's width")
        }
        guard embeddings.count == classes.count else {
            throw PretrainedTaskError.invalidArgument(name: "embeddings", value: "\(embeddings.count) rows", accepts: "one per example (\(classes.count))")
        }
        var generator = RandomGenerator(seed: seed)
        var chosen: [[Int]] = []
        var rows: [Float] = []
        for (classIndex, label) in labels.enumerated() {
            var members = classes.indices.filter { classes[$0] == classIndex }
            members.shuffle(using: &generator)
            if let vector = given[classIndex] {
                rows.append(contentsOf: SentenceEmbeddings.unitLength(vector))
                chosen.append([])
                continue
            }
            let shots = shotsPerClass[classIndex]
            guard members.count >= shots else {
                throw PretrainedTaskError.invalidArgument(
                    name: "shots", value: "\(shots)",
                    accepts: "at most \(members.count) (the examples labelled \(label) in \(source))")
            }
            let picked = Array(members.prefix(shots))
            var mean = [Float](repeating: 0, count: embeddings.dimension)
            for index in picked {
                for (position, value) in embeddings.row(index).enumerated() { mean[position] += value / Float(shots) }
            }
            rows.append(contentsOf: SentenceEmbeddings.unitLength(mean))
            chosen.append(picked)
        }
        self.labels = labels
        self.shots = shotsPerClass.max() ?? 0
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
    /// The confusion of each seed's classifier, in seed order (empty when not kept).
    public var perSeed: [ClassificationMetrics] = []
    public var mean: Double { Self.mean(accuracies) }
    public var minimum: Double { accuracies.min() ?? 0 }
    public var maximum: Double { accuracies.max() ?? 0 }
    /// The population standard deviation of the accuracies.
    public var standardDeviation: Double { Self.standardDeviation(accuracies) }

    /// Each seed's share of class `label`'s texts given `label` (per-class accuracy).
    public func recalls(of label: String) -> [Double] {
        perSeed.compactMap { metrics in
            metrics.labels.firstIndex(of: label).flatMap { metrics.perClass[$0].recall }
        }
    }

    /// The bias between classes seen in examples and `newLabels` (seen once, or only
    /// described), seed by seed: the share of new-class texts put in a seen class, and the
    /// share of seen-class texts put in a new class. Unbiased, the two are alike.
    public func bias(newLabels: Set<String>) -> (newToSeen: [Double], seenToNew: [Double]) {
        var newToSeen: [Double] = [], seenToNew: [Double] = []
        for metrics in perSeed {
            let isNew = metrics.labels.map { newLabels.contains($0) }
            var counts = (newTotal: 0, newMisfiled: 0, seenTotal: 0, seenToNew: 0)
            for (truth, row) in metrics.confusion.enumerated() {
                for (predicted, count) in row.enumerated() {
                    if isNew[truth] {
                        counts.newTotal += count
                        if !isNew[predicted] { counts.newMisfiled += count }
                    } else {
                        counts.seenTotal += count
                        if isNew[predicted] { counts.seenToNew += count }
                    }
                }
            }
            newToSeen.append(Double(counts.newMisfiled) / Double(max(counts.newTotal, 1)))
            seenToNew.append(Double(counts.seenToNew) / Double(max(counts.seenTotal, 1)))
        }
        return (newToSeen, seenToNew)
    }

    public static func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(max(values.count, 1)) }
    public static func standardDeviation(_ values: [Double]) -> Double {
        let m = mean(values)
        return (values.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(max(values.count, 1))).squareRoot()
    }

    /// Runs `seeds` prototype classifiers of `shots` per class (seeds base, base+1, ...).
    public static func measure(
        shots: Int, seeds: Int, baseSeed: UInt64, labels: [String],
        support: LabelledDataset, supportEmbeddings: SentenceEmbeddings,
        evaluation: LabelledDataset, evaluationEmbeddings: SentenceEmbeddings
    ) throws -> FewShotResult {
        try measure(
            shotsPerClass: Array(repeating: shots, count: labels.count), seeds: seeds, baseSeed: baseSeed, labels: labels,
            support: support, supportEmbeddings: supportEmbeddings, evaluation: evaluation, evaluationEmbeddings: evaluationEmbeddings)
    }

    /// Runs `seeds` prototype classifiers with `shotsPerClass[k]` examples of class k and
    /// the `given` prototypes (seeds base, base+1, ...), keeping each seed's confusion.
    public static func measure(
        shotsPerClass: [Int], given: [Int: [Float]] = [:], seeds: Int, baseSeed: UInt64, labels: [String],
        support: LabelledDataset, supportEmbeddings: SentenceEmbeddings,
        evaluation: LabelledDataset, evaluationEmbeddings: SentenceEmbeddings
    ) throws -> FewShotResult {
        guard seeds >= 1 else {
            throw PretrainedTaskError.invalidArgument(name: "seeds", value: "\(seeds)", accepts: "at least 1")
        }
        guard supportEmbeddings.count == support.count else {
            throw PretrainedTaskError.invalidArgument(
                name: "supportEmbeddings", value: "\(supportEmbeddings.count) rows", accepts: "one per example (\(support.count))")
        }
        let classes = try PretrainedTaskError.classIndices(of: support, in: labels)
        let perSeed = try (0..<seeds).map { offset in
            try PrototypeClassifier(
                classes: classes, embeddings: supportEmbeddings, labels: labels, shotsPerClass: shotsPerClass, given: given,
                seed: baseSeed &+ UInt64(offset), source: support.name
            ).evaluate(evaluationEmbeddings, on: evaluation)
        }
        var result = FewShotResult(shots: shotsPerClass.max() ?? 0, accuracies: perSeed.map(\.accuracy))
        result.perSeed = perSeed
        return result
    }
}
