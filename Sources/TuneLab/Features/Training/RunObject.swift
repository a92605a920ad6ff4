import TuneModels

/// One training run in the session (`train base on corpus as r1`): its settings and the
/// whole history, kept for `diagnose`, `compare`, `plot` and checks.
///
/// Checks read `r1.best.valLoss`, `r1.best.valAccuracy`, `r1.best.step`, `r1.best.epoch`,
/// `r1.final.trainLoss`, `r1.final.valLoss`, `r1.final.valAccuracy`, `r1.gap` (validation −
/// training loss at the end), `r1.seconds`, `r1.steps`, `r1.diverged` (1 or 0),
/// `r1.rising` (1 when validation loss rose at the end), `r1.stoppedEarly`,
/// `r1.learningRate`, `r1.test.accuracy` (classifiers with a test part, with its 95% Wilson
/// interval as `r1.test.accuracyLow` and `r1.test.accuracyHigh`) and, for language
/// models, `r1.initial.valLoss` and `r1.baseline.unigram`.
public final class RunObject: SessionObject {
    public let kind = SessionObjectKind.run
    public let name: String
    /// The model trained and the data it trained on.
    public let modelName: String
    public let dataName: String
    /// A language model or a classifier.
    public let task: TrainingKind
    /// The settings as typed or defaulted, in display order (`lr`, `steps`, ...).
    public let settings: [(key: String, value: String)]
    public let options: TrainingOptions
    /// Training items (examples or token windows) per epoch, for epochs on the x axis.
    public let itemsPerEpoch: Int
    public internal(set) var history: TrainingHistory
    /// Set when the loss became NaN or infinite: the message says at which step.
    public internal(set) var divergence: String?
    /// Test metrics after training (classifiers whose data has a test part).
    public internal(set) var test: ClassificationMetrics?
    /// Language models: validation loss before training and the unigram baseline.
    public internal(set) var initialValidationLoss: Float?
    public internal(set) var unigramBaseline: Float?
    /// Language models: a copy of the model as it was before the first step, so the run
    /// can be repeated elsewhere (`export script`).
    public internal(set) var startingModel: LanguageModel?
    /// Classifiers: the starting weights, optimizer groups, encoded data and batches, for
    /// `export script`.
    var classifierRecording: ClassifierRunRecording?

    public init(name: String, modelName: String, dataName: String, task: TrainingKind, settings: [(key: String, value: String)],
                options: TrainingOptions, itemsPerEpoch: Int, history: TrainingHistory = TrainingHistory()) {
        self.name = name
        self.modelName = modelName
        self.dataName = dataName
        self.task = task
        self.settings = settings
        self.options = options
        self.itemsPerEpoch = itemsPerEpoch
        self.history = history
    }

    public var diverged: Bool { divergence != nil }

    /// The analysis `diagnose` prints and checks read.
    public var diagnosis: RunDiagnosis { RunDiagnosis(run: self) }

    /// The setting `key` as shown (`lr` → "0.001").
    public func setting(_ key: String) -> String? { settings.first { $0.key == key }?.value }

    public var summary: String {
        let d = diagnosis
        var text = "\(task) run: \(modelName) on \(dataName), " + settings.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        text += "\n\(history.steps) steps in \(NumberFormatting.duration(seconds: history.elapsedSeconds)); \(history.stop)"
        if let loss = d.finalTrainLoss { text += "; final training loss \(OutputRendering.number(loss))" }
        if let loss = d.finalValidation?.loss { text += ", validation loss \(OutputRendering.number(loss))" }
        if let divergence { text += "\ndiverged: \(divergence)" }
        return text
    }

    // MARK: - Values for checks

    public func value(at path: [String]) -> Double? {
        let d = diagnosis
        switch path {
        case ["best", "valLoss"]: return d.bestLoss.map { Double($0.loss) }
        case ["best", "valAccuracy"]: return d.bestAccuracy.flatMap { $0.accuracy.map(Double.init) }
        case ["best", "step"]: return d.best.map { Double($0.step) }
        case ["best", "epoch"]: return d.best.map { $0.epoch }
        case ["final", "trainLoss"]: return d.finalTrainLoss.map(Double.init)
        case ["final", "valLoss"]: return d.finalValidation.map { Double($0.loss) }
        case ["final", "valAccuracy"]: return d.finalValidation.flatMap { $0.accuracy.map(Double.init) }
        case ["first", "trainLoss"]: return history.trainLosses.first.map(Double.init)
        case ["gap"]: return d.gap.map(Double.init)
        case ["seconds"]: return history.elapsedSeconds
        case ["steps"]: return Double(history.steps)
        case ["epochs"]: return Double(history.steps * options.batchSize) / Double(max(itemsPerEpoch, 1))
        case ["diverged"]: return diverged ? 1 : 0
        case ["exploding"]: return d.isExploding ? 1 : 0
        case ["rising"]: return d.isValidationRising ? 1 : 0
        case ["stoppedEarly"]: return history.stop == .earlyStopping ? 1 : 0
        case ["learningRate"]: return Double(options.learningRate)
        case ["test", "accuracy"]: return test?.accuracy
        case ["test", "accuracyLow"]: return test?.accuracyInterval?.lower
        case ["test", "accuracyHigh"]: return test?.accuracyInterval?.upper
        case ["initial", "valLoss"]: return initialValidationLoss.map(Double.init)
        case ["baseline", "unigram"]: return unigramBaseline.map(Double.init)
        default: return nil
        }
    }

    public var publishedPaths: [[String]] {
        var paths: [[String]] = [["steps"], ["epochs"], ["seconds"], ["learningRate"], ["diverged"], ["exploding"], ["first", "trainLoss"]]
        let d = diagnosis
        if d.finalTrainLoss != nil { paths.append(["final", "trainLoss"]) }
        if !history.evaluations.isEmpty {
            paths += [["best", "valLoss"], ["best", "step"], ["best", "epoch"], ["final", "valLoss"], ["gap"], ["rising"], ["stoppedEarly"]]
            if history.evaluations.contains(where: { $0.accuracy != nil }) { paths += [["best", "valAccuracy"], ["final", "valAccuracy"]] }
        }
        if let test {
            paths.append(["test", "accuracy"])
            if test.accuracyInterval != nil { paths += [["test", "accuracyLow"], ["test", "accuracyHigh"]] }
        }
        if initialValidationLoss != nil { paths.append(["initial", "valLoss"]) }
        if unigramBaseline != nil { paths.append(["baseline", "unigram"]) }
        return paths
    }
}
