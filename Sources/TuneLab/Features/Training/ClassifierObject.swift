import TuneEngine
import TuneModels
import TuneText

/// A text classifier in the session (`classifier new clf from base`): a GPT trunk, a
/// pooling rule and a linear head, with the tokenizer of the trunk.
///
/// Checks read `clf.parameters.total`, `clf.parameters.trainable`, `clf.steps`,
/// `clf.accuracy` (the latest evaluation) and `clf.labels`.
public final class ClassifierObject: ModuleHolder {
    public let kind = SessionObjectKind.model
    public let name: String
    public let classifier: SequenceClassifier
    public let tokenizer: SavedTokenizer
    /// "pre-trained base" or "scratch": where the trunk's weights came from.
    public let origin: String
    /// The language model whose weights the trunk started from (nil for a scratch trunk), so
    /// `eval CLASSIFIER on CORPUS` can say how far fine-tuning moved the trunk from it.
    public var pretrainedSource: String?
    /// The LoRA adapters attached, if any.
    public var lora: LoRAConfiguration?
    public var inspection = InspectionState()
    public var lastStepReport: StepReport?
    public var stepsTaken = 0
    /// The latest accuracy measured (validation during training, or `eval`).
    public var latestAccuracy: Double?
    var stepper: Stepper?
    var lastDataName: String?

    public init(name: String, classifier: SequenceClassifier, tokenizer: SavedTokenizer, origin: String) {
        self.name = name
        self.classifier = classifier
        self.tokenizer = tokenizer
        self.origin = origin
    }

    public var module: Module { classifier }
    public var labels: [String] { classifier.labels }

    /// A classifier of the same shape with its own copy of every weight (adapters included).
    func copy(named newName: String) throws -> ClassifierObject {
        let trunk = try GPT(classifier.trunk.configuration, seed: 0)
        let twin = try SequenceClassifier(
            trunk: trunk, labels: classifier.labels, pooling: classifier.pooling, paddingID: classifier.paddingID,
            prompt: classifier.prompt, seed: 0)
        if let lora { try lora.attach(to: twin, seed: 0) }
        let source = Dictionary(uniqueKeysWithValues: classifier.namedParameters().map { ($0.key, $0.tensor) })
        for (key, tensor) in twin.namedParameters() {
            if let original = source[key] {
                tensor.values = original.values
                tensor.requiresGradient = original.requiresGradient
            }
        }
        let object = ClassifierObject(name: newName, classifier: twin, tokenizer: tokenizer, origin: origin)
        object.lora = lora
        object.pretrainedSource = pretrainedSource
        object.stepsTaken = stepsTaken
        return object
    }

    public var summary: String {
        let c = classifier.trunk.configuration
        let report = ParameterReport(classifier)
        return "text classifier (\(classifier.labels.joined(separator: " / "))) on a GPT trunk from \(origin): "
            + "\(c.layers) layers, width \(c.width), \(classifier.pooling.rawValue) pooling"
            + (lora.map { ", LoRA r=\($0.rank) α=\(OutputRendering.number($0.alpha))" } ?? "")
            + "\n\(NumberFormatting.integer(report.trainable)) of \(NumberFormatting.integer(report.total)) parameters trainable; "
            + "\(stepsTaken) training steps" + (latestAccuracy.map { "; accuracy \(OutputRendering.number($0))" } ?? "")
    }

    // MARK: - Inspection

    /// The loss on four fixed labelled sentences (two per sentiment), without dropout.
    public func referenceLoss() throws -> Tensor? {
        let texts = ["the plot was sharp and the acting superb .", "the soup arrived cold and bland .",
                     "the battery lasts two full days .", "the screen cracked within a week ."]
        guard let positive = labels.firstIndex(of: "positive"), let negative = labels.firstIndex(of: "negative") else {
            let sequences = try texts.map { try tokenizer.tokenizer.encode($0) }
            return try classifier.loss(sequences, labels: sequences.indices.map { $0 % labels.count })
        }
        let sequences = try texts.map { try tokenizer.tokenizer.encode($0) }
        let wasTraining = classifier.isTraining
        classifier.evaluationMode()
        defer { if wasTraining { classifier.trainingMode() } }
        return try classifier.loss(sequences, labels: [positive, negative, positive, negative])
    }

    public var referenceRowCount: Int? { 4 }

    // MARK: - Values for checks

    public func value(at path: [String]) -> Double? {
        switch path {
        case ["steps"]: return Double(stepsTaken)
        case ["accuracy"]: return latestAccuracy
        case ["labels"]: return Double(labels.count)
        default: return inspectionValue(at: path)
        }
    }

    public var publishedPaths: [[String]] {
        var paths: [[String]] = [["steps"], ["labels"]]
        if latestAccuracy != nil { paths.append(["accuracy"]) }
        return paths + inspectionPaths
    }
}
