import TuneEngine
import TuneModels
import TuneText

/// A GPT language model in the session (`model new base`): the network, its tokenizer,
/// the corpus it was built from, and what was measured on it.
///
/// Checks read `base.vocabularySize`, `base.parameters.total`, `base.steps`,
/// `base.loss.validation` (the latest evaluation), `base.loss.initial` (before any
/// training), `base.baseline.unigram` and `base.perplexity`.
public final class LanguageModelObject: ModuleHolder {
    public let kind = SessionObjectKind.model
    public let name: String
    public private(set) var model: LanguageModel
    /// The corpus the tokenizer was built from (`corpus`), the default data of `step`.
    public let corpusName: String
    public var inspection = InspectionState()
    public var lastStepReport: StepReport?
    /// Optimizer steps taken on this model, over every `train` and `step`.
    public var stepsTaken = 0
    /// True when the weights came from a checkpoint (trained elsewhere).
    public var loadedFromCheckpoint = false
    /// Validation loss before the first step (set by the first evaluation of an untrained model).
    public var initialValidationLoss: Float?
    /// The latest validation loss, perplexity and unigram baseline measured.
    public var latestValidationLoss: Float?
    public var unigramBaseline: Float?
    /// The trainer `step` keeps between calls, with the settings it was made with.
    var stepper: Stepper?
    /// The data this model last trained on (the default of `step`).
    var lastDataName: String?
    /// Corpora encoded with this model's tokenizer (training, validation), by corpus object.
    var tokenCache: [ObjectIdentifier: (training: [Int], validation: [Int]?)] = [:]

    public init(name: String, model: LanguageModel, corpusName: String) {
        self.name = name
        self.model = model
        self.corpusName = corpusName
    }

    public var module: Module { model.gpt }
    public var gpt: GPT { model.gpt }
    public var configuration: GPTConfiguration { model.configuration }

    /// Replaces the weights with `other`'s network (same shape), e.g. after `model load`.
    func replaceModel(with other: LanguageModel) {
        model = other
        stepper = nil
    }

    /// A copy with its own weights, for experiments that must leave this model as it is.
    func copy(named newName: String) throws -> LanguageModelObject {
        let twin = LanguageModelObject(name: newName, model: try model.copy(), corpusName: corpusName)
        twin.stepsTaken = stepsTaken
        twin.initialValidationLoss = initialValidationLoss
        twin.unigramBaseline = unigramBaseline
        twin.tokenCache = tokenCache  // the same tokenizer encodes a corpus the same way
        return twin
    }

    public var summary: String {
        let c = configuration
        var lines = ["GPT language model: \(c.layers) layers, \(c.heads) heads, width \(c.width), context \(c.contextLength) tokens, "
            + "dropout \(OutputRendering.number(c.dropout)); \(model.tokenizer.kind) tokens, vocabulary \(c.vocabularySize); "
            + "\(NumberFormatting.integer(gpt.parameterCount)) parameters; tokenizer built from \(corpusName)"]
        lines.append("\(stepsTaken) training steps so far"
            + (latestValidationLoss.map { ", validation loss \(OutputRendering.number($0))" } ?? ""))
        return lines.joined(separator: "\n")
    }

    // MARK: - Inspection

    /// The loss on the first validation windows of its corpus (or the first training
    /// windows), a fixed batch without dropout randomness.
    public func referenceLoss() throws -> Tensor? {
        let ids = referenceTokens()
        guard ids.count > 1 else { return nil }
        let time = min(configuration.contextLength, ids.count - 1)
        let wasTraining = gpt.isTraining
        gpt.evaluationMode()
        defer { if wasTraining { gpt.trainingMode() } }
        return try gpt.loss(Array(ids[0..<time]), targets: Array(ids[1...time]), batch: 1, time: time)
    }

    public var referenceRowCount: Int? { min(configuration.contextLength, max(referenceTokens().count - 1, 1)) }

    /// Reference text tokens, cached.
    private var cachedReference: [Int]?
    private func referenceTokens() -> [Int] {
        if let cachedReference { return cachedReference }
        let text = "The film was good. The soup arrived cold, and the service was slow. Overall, it was bad."
        let ids = (try? model.encode(text)) ?? []
        cachedReference = ids
        return ids
    }

    // MARK: - Values for checks

    public func value(at path: [String]) -> Double? {
        let c = configuration
        switch path {
        case ["vocabularySize"]: return Double(c.vocabularySize)
        case ["layers"]: return Double(c.layers)
        case ["heads"]: return Double(c.heads)
        case ["width"]: return Double(c.width)
        case ["context"]: return Double(c.contextLength)
        case ["dropout"]: return Double(c.dropout)
        case ["steps"]: return Double(stepsTaken)
        case ["loss", "initial"]: return initialValidationLoss.map(Double.init)
        case ["loss", "validation"]: return latestValidationLoss.map(Double.init)
        case ["perplexity"]: return latestValidationLoss.map { Double(LanguageModelEvaluation.perplexity(loss: $0)) }
        case ["baseline", "unigram"]: return unigramBaseline.map(Double.init)
        default: return inspectionValue(at: path)
        }
    }

    public var publishedPaths: [[String]] {
        var paths: [[String]] = [["vocabularySize"], ["layers"], ["heads"], ["width"], ["context"], ["dropout"], ["steps"]]
        if initialValidationLoss != nil { paths.append(["loss", "initial"]) }
        if latestValidationLoss != nil { paths += [["loss", "validation"], ["perplexity"]] }
        if unigramBaseline != nil { paths.append(["baseline", "unigram"]) }
        return paths + inspectionPaths
    }
}
