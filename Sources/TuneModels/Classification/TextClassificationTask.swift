import TuneEngine
import TuneText

/// Fine-tuning a `SequenceClassifier` on labelled texts: the training task the
/// `Trainer` runs, with held-out loss and accuracy as its evaluation.
public final class TextClassificationTask: TrainingTask {
    public let classifier: SequenceClassifier
    public let trainingSequences: [[Int]]
    public let trainingLabels: [Int]
    public let validationSequences: [[Int]]
    public let validationLabels: [Int]

    public var model: Module { classifier }

    /// Encodes both sets with `tokenizer`; labels are matched by name to the
    /// classifier's labels.
    public init(
        classifier: SequenceClassifier, tokenizer: any Tokenizer, training: LabelledDataset, validation: LabelledDataset?
    ) throws {
        self.classifier = classifier
        (trainingSequences, trainingLabels) = try Self.encode(training, tokenizer: tokenizer, labels: classifier.labels, prompt: classifier.prompt)
        if let validation {
            (validationSequences, validationLabels) = try Self.encode(validation, tokenizer: tokenizer, labels: classifier.labels, prompt: classifier.prompt)
        } else {
            (validationSequences, validationLabels) = ([], [])
        }
    }

    /// Token ids and class indices of a dataset, in the classifier's label order; each
    /// text wrapped in `prompt`'s template when one is given.
    public static func encode(
        _ dataset: LabelledDataset, tokenizer: any Tokenizer, labels: [String], prompt: PromptTemplate? = nil
    ) throws -> ([[Int]], [Int]) {
        var sequences: [[Int]] = [], classes: [Int] = []
        for example in dataset.examples {
            guard let index = labels.firstIndex(of: example.label) else {
                throw TrainingError.invalidOption(
                    name: "label", value: "\"\(example.label)\" in \(dataset.name)\(example.line.map { ":\($0)" } ?? "")",
                    accepts: "one of the classifier's labels \(labels)")
            }
            let ids = try tokenizer.encode(prompt?.prompt(for: example.text) ?? example.text)
            guard !ids.isEmpty else {
                throw TrainingError.invalidOption(
                    name: "text", value: "\"\(example.text)\" in \(dataset.name)", accepts: "at least one token")
            }
            sequences.append(ids)
            classes.append(index)
        }
        return (sequences, classes)
    }

    public var itemsPerEpoch: Int { trainingSequences.count }
    public var itemUnit: String { "examples" }
    public func itemsSeen(batchSize: Int) -> Int { batchSize }

    public func trainingLoss(indices: [Int], generator: inout RandomGenerator) throws -> Tensor {
        try classifier.loss(indices.map { trainingSequences[$0] }, labels: indices.map { trainingLabels[$0] })
    }

    public func evaluate() throws -> (loss: Float, accuracy: Float?)? {
        guard !validationSequences.isEmpty else { return nil }
        var total: Float = 0, correct = 0, start = 0
        while start < validationSequences.count {
            let end = min(start + 32, validationSequences.count)
            let logits = try classifier.logits(Array(validationSequences[start..<end]))
            let truths = Array(validationLabels[start..<end])
            total += try Loss.crossEntropy(logits: logits, targets: truths).scalar * Float(end - start)
            correct += try zip(logits.argmax(axis: -1), truths).filter { $0 == $1 }.count
            start = end
        }
        let count = Float(validationSequences.count)
        return (total / count, Float(correct) / count)
    }

    /// Accuracy, confusion matrix and per-class scores of the classifier on `dataset`.
    public func metrics(on dataset: LabelledDataset, tokenizer: any Tokenizer) throws -> ClassificationMetrics {
        let (sequences, truths) = try Self.encode(dataset, tokenizer: tokenizer, labels: classifier.labels, prompt: classifier.prompt)
        return try ClassificationMetrics(labels: classifier.labels, truths: truths, predictions: classifier.predict(sequences))
    }
}
