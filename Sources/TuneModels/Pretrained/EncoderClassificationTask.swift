import TuneEngine
import TuneText

/// Fine-tuning an `EncoderClassifier` on labelled texts: the task the `Trainer` runs,
/// with held-out loss and accuracy as its evaluation. Texts are tokenized once.
public final class EncoderClassificationTask: TrainingTask {
    public let classifier: EncoderClassifier
    public let trainingSequences: [[Int]]
    public let trainingClasses: [Int]
    public let validationSequences: [[Int]]
    public let validationClasses: [Int]

    public var model: Module { classifier }

    /// Tokenizes both sets with `encoder`'s WordPiece tokenizer (cut to its maximum length).
    public init(classifier: EncoderClassifier, encoder: SentenceEncoder, training: LabelledDataset, validation: LabelledDataset?) throws {
        self.classifier = classifier
        trainingSequences = training.texts.map(encoder.tokenIDs)
        trainingClasses = try PretrainedTaskError.classIndices(of: training, in: classifier.labels)
        validationSequences = validation?.texts.map(encoder.tokenIDs) ?? []
        validationClasses = try validation.map { try PretrainedTaskError.classIndices(of: $0, in: classifier.labels) } ?? []
    }

    public var itemsPerEpoch: Int { trainingSequences.count }
    public var itemUnit: String { "examples" }
    public func itemsSeen(batchSize: Int) -> Int { batchSize }

    public func trainingLoss(indices: [Int], generator: inout RandomGenerator) throws -> Tensor {
        try classifier.loss(indices.map { trainingSequences[$0] }, classes: indices.map { trainingClasses[$0] })
    }

    public func evaluate() throws -> (loss: Float, accuracy: Float?)? {
        guard !validationSequences.isEmpty else { return nil }
        let scores = try classifier.scores(validationSequences)
        let logits = try Tensor(shape: [scores.count, classifier.labels.count], values: scores.flatMap { $0 })
        let loss = try Loss.crossEntropy(logits: logits, targets: validationClasses).scalar
        let correct = try zip(logits.argmax(axis: -1), validationClasses).filter { $0 == $1 }.count
        return (loss, Float(correct) / Float(validationClasses.count))
    }

    /// Accuracy and confusion matrix of the classifier on `dataset`.
    public func metrics(on dataset: LabelledDataset, encoder: SentenceEncoder) throws -> ClassificationMetrics {
        let truths = try PretrainedTaskError.classIndices(of: dataset, in: classifier.labels)
        let predictions = try classifier.predict(dataset.texts.map(encoder.tokenIDs))
        return try ClassificationMetrics(labels: classifier.labels, truths: truths, predictions: predictions)
    }
}
