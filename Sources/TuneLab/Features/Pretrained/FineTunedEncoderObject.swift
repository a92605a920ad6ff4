import TuneEngine
import TuneModels

/// A classifier made by `encoder finetune`: its own copy of the encoder with a head (and
/// LoRA adapters), the run's history and what it measured. The inspect commands
/// (`params`, `grads`, `weights`) work on it.
public final class FineTunedEncoderObject: ModuleHolder {
    public let kind = SessionObjectKind.model
    public let name: String
    public let classifier: EncoderClassifier
    public let task: EncoderClassificationTask
    public let strategy: FineTuningStrategy
    public let history: TrainingHistory
    public let metrics: ClassificationMetrics
    public var inspection = InspectionState()
    /// Measured: seconds of training, per epoch, of the final evaluation; peak memory.
    public let trainingSeconds: Double
    public let epochs: Double
    public let evaluationSeconds: Double
    public let peakMemoryMegabytes: Double?
    /// The pre-trained encoder it was made from: its tokenizer (and maximum length) turn
    /// new texts into the ids this classifier reads (`mistakes`).
    public let reader: SentenceEncoder
    /// The name of the data it was measured on ("films.test").
    public let evaluationName: String

    init(name: String, classifier: EncoderClassifier, task: EncoderClassificationTask, strategy: FineTuningStrategy,
         history: TrainingHistory, metrics: ClassificationMetrics, trainingSeconds: Double, epochs: Double,
         evaluationSeconds: Double, peakMemoryMegabytes: Double?, reader: SentenceEncoder, evaluationName: String) {
        self.name = name
        self.classifier = classifier
        self.reader = reader
        self.evaluationName = evaluationName
        self.task = task
        self.strategy = strategy
        self.history = history
        self.metrics = metrics
        self.trainingSeconds = trainingSeconds
        self.epochs = epochs
        self.evaluationSeconds = evaluationSeconds
        self.peakMemoryMegabytes = peakMemoryMegabytes
    }

    public var module: Module { classifier }

    /// The loss on the first (up to) 8 training sentences, for `gradcheck` and `activations`.
    public func referenceLoss() throws -> Tensor? {
        let count = min(8, task.trainingSequences.count)
        return try classifier.loss(Array(task.trainingSequences.prefix(count)), classes: Array(task.trainingClasses.prefix(count)))
    }

    public var referenceRowCount: Int? { min(8, task.trainingSequences.count) }

    public var secondsPerEpoch: Double { epochs > 0 ? trainingSeconds / epochs : 0 }

    public var summary: String {
        "\(strategy.name) of a pre-trained encoder on \(task.trainingSequences.count) sentences, \(history.steps) steps: "
            + "accuracy \(String(format: "%.1f%%", metrics.accuracy * 100)) on \(metrics.total) held-out sentences, "
            + "\(String(format: "%.1f", secondsPerEpoch)) s per epoch"
    }

    public func value(at path: [String]) -> Double? {
        switch path {
        case ["accuracy"]: return metrics.accuracy
        case ["accuracyLow"]: return metrics.accuracyInterval?.lower
        case ["accuracyHigh"]: return metrics.accuracyInterval?.upper
        case ["correct"]: return Double(metrics.correct)
        case ["total"]: return Double(metrics.total)
        case ["seconds"]: return trainingSeconds
        case ["secondsPerEpoch"]: return secondsPerEpoch
        case ["epochs"]: return epochs
        case ["steps"]: return Double(history.steps)
        case ["evalSeconds"]: return evaluationSeconds
        case ["peakMemoryMB"]: return peakMemoryMegabytes
        case ["trainSize"]: return Double(task.trainingSequences.count)
        case ["loss", "first"]: return history.trainLosses.first.map(Double.init)
        case ["loss", "final"]: return history.recentTrainLoss(over: 4).map(Double.init)
        case ["sentencesPerSecond"]: return trainingSeconds > 0 ? Double(history.itemsSeen) / trainingSeconds : nil
        default:
            if path.count == 3, path[0] == "confusion", let row = metrics.labels.firstIndex(of: path[1]),
               let column = metrics.labels.firstIndex(of: path[2]) {
                return Double(metrics.confusion[row][column])
            }
            return inspectionValue(at: path)
        }
    }

    public var publishedPaths: [[String]] {
        var paths: [[String]] = [["accuracy"], ["correct"], ["total"], ["seconds"], ["secondsPerEpoch"], ["epochs"], ["steps"],
                                 ["evalSeconds"], ["trainSize"], ["loss", "first"], ["loss", "final"], ["sentencesPerSecond"]]
        if peakMemoryMegabytes != nil { paths.append(["peakMemoryMB"]) }
        if metrics.accuracyInterval != nil { paths += [["accuracyLow"], ["accuracyHigh"]] }
        for truth in metrics.labels { for predicted in metrics.labels { paths.append(["confusion", truth, predicted]) } }
        return paths + inspectionPaths
    }
}
