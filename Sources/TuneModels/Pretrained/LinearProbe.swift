import TuneEngine
import TuneText

/// A linear probe: logistic regression (one Linear layer, softmax cross-entropy) on
/// frozen sentence embeddings. The encoder never changes, so each text is embedded once
/// and every epoch reuses the cached rows: training costs almost nothing.
///
///     e [B, C] ─ Linear(C, K) ─ logits [B, K] ─ cross-entropy
public final class LinearProbe: Module {
    public let head: Linear  // [K, C]
    public let labels: [String]

    /// A fresh head for `dimension`-wide embeddings and `labels`, drawn from `seed`.
    public init(dimension: Int, labels: [String], seed: UInt64) throws {
        guard labels.count >= 2 else {
            throw PretrainedTaskError.invalidArgument(name: "labels", value: "\(labels)", accepts: "at least two classes")
        }
        var generator = RandomGenerator(seed: seed)
        head = Linear(dimension, labels.count, generator: &generator)
        self.labels = labels
        super.init()
    }

    /// How a probe is trained.
    public struct Options: Sendable {
        public var epochs = 30
        public var batchSize = 16
        public var learningRate: Float = 1e-2
        public var weightDecay: Float = 0.01
        public var seed: UInt64 = 0
        public init(epochs: Int = 30, batchSize: Int = 16, learningRate: Float = 1e-2, weightDecay: Float = 0.01, seed: UInt64 = 0) {
            self.epochs = epochs
            self.batchSize = batchSize
            self.learningRate = learningRate
            self.weightDecay = weightDecay
            self.seed = seed
        }
    }

    /// Trains the head with AdamW on `embeddings` (row i labelled `classes[i]`), shuffling
    /// every epoch with `options.seed`. Returns the mean training loss of each epoch.
    /// `shouldStop` is polled between epochs; stopping keeps the epochs done.
    @discardableResult
    public func train(
        _ embeddings: SentenceEmbeddings, classes: [Int], options: Options,
        onEpoch: ((Int, Float) -> Void)? = nil, shouldStop: () -> Bool = { false }
    ) throws -> [Float] {
        guard embeddings.count == classes.count, embeddings.count > 0 else {
            throw PretrainedTaskError.invalidArgument(
                name: "training embeddings", value: "\(embeddings.count) rows for \(classes.count) labels", accepts: "one row per label, at least one")
        }
        guard options.epochs >= 1, options.batchSize >= 1, options.learningRate > 0, options.learningRate.isFinite else {
            throw PretrainedTaskError.invalidArgument(
                name: "probe options", value: "epochs \(options.epochs), batch \(options.batchSize), lr \(options.learningRate)",
                accepts: "epochs ≥ 1, batch size ≥ 1 and a positive learning rate")
        }
        // AdamW at a constant rate, no clipping; every epoch reshuffles the last one's order.
        let trainingOptions = TrainingOptions(
            length: .epochs(options.epochs), batchSize: options.batchSize, learningRate: options.learningRate,
            schedule: .constant, weightDecay: options.weightDecay, gradientClipping: nil, seed: options.seed)
        let task = ProbeTrainingTask(probe: self, embeddings: embeddings, classes: classes)
        let trainer = try Trainer(task: task, options: trainingOptions, batchOrder: .reshuffledEachEpoch)
        let rows = embeddings.count
        let stepsPerEpoch = (rows + options.batchSize - 1) / options.batchSize
        var epochLosses: [Float] = []
        var total: Float = 0
        try trainer.fit(progress: { report in
            // The batch's share of the epoch's mean loss; the last batch may be short.
            let position = (report.step - 1) % stepsPerEpoch
            total += report.loss * Float(min(options.batchSize, rows - position * options.batchSize))
            if position == stepsPerEpoch - 1 {
                epochLosses.append(total / Float(rows))
                total = 0
                onEpoch?(epochLosses.count, epochLosses.last!)
            }
        }, shouldStop: { trainer.stepsTaken % stepsPerEpoch == 0 && shouldStop() })
        return epochLosses
    }

    /// The predicted class of each row.
    public func predict(_ embeddings: SentenceEmbeddings) throws -> [Int] {
        try GradientMode.withoutGradients { try head(embeddings.tensor).argmax(axis: -1) }
    }

    /// Accuracy and confusion matrix on `dataset` (embedded as `embeddings`).
    public func evaluate(_ embeddings: SentenceEmbeddings, on dataset: LabelledDataset) throws -> ClassificationMetrics {
        let truths = try PretrainedTaskError.classIndices(of: dataset, in: labels)
        return try ClassificationMetrics(labels: labels, truths: truths, predictions: predict(embeddings))
    }

    /// The class indices of `dataset`'s examples in this probe's label order.
    public func classIndices(of dataset: LabelledDataset) throws -> [Int] {
        try PretrainedTaskError.classIndices(of: dataset, in: labels)
    }
}

/// A probe's training rows as the `Trainer`'s task: cross-entropy of the head on
/// cached embeddings. No held-out data: the probe is evaluated separately.
final class ProbeTrainingTask: TrainingTask {
    let probe: LinearProbe
    let embeddings: SentenceEmbeddings
    let classes: [Int]

    init(probe: LinearProbe, embeddings: SentenceEmbeddings, classes: [Int]) {
        self.probe = probe
        self.embeddings = embeddings
        self.classes = classes
    }

    var model: Module { probe }
    var itemsPerEpoch: Int { embeddings.count }
    var itemUnit: String { "examples" }
    func itemsSeen(batchSize: Int) -> Int { batchSize }

    func trainingLoss(indices: [Int], generator: inout RandomGenerator) throws -> Tensor {
        try Loss.crossEntropy(logits: probe.head(embeddings.rows(indices).tensor), targets: indices.map { classes[$0] })
    }

    func evaluate() throws -> (loss: Float, accuracy: Float?)? { nil }
}
