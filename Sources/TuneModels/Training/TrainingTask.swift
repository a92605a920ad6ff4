import TuneEngine

/// What the `Trainer` trains: a model, its training batches and its evaluation.
/// The same trainer runs language-model pre-training and classifier fine-tuning;
/// only the task differs.
public protocol TrainingTask: AnyObject {
    /// The model whose parameters are trained (and saved/restored as "best").
    var model: Module { get }
    /// Items in one pass over the training data: examples, or token windows.
    var itemsPerEpoch: Int { get }
    /// What an item is called in reports: "examples" or "tokens".
    var itemUnit: String { get }
    /// Items (examples or tokens) a batch of `batchSize` trains on.
    func itemsSeen(batchSize: Int) -> Int
    /// The mean loss on the training items `indices` (a batch chosen by the trainer,
    /// shuffled each epoch). A language model may draw its windows from `generator`.
    func trainingLoss(indices: [Int], generator: inout RandomGenerator) throws -> Tensor
    /// Loss (and accuracy, for a classifier) on held-out data; nil when there is none.
    /// Called in evaluation mode without gradients.
    func evaluate() throws -> (loss: Float, accuracy: Float?)?
    /// True when every batch is drawn at random by the task (a language model's
    /// windows): the trainer then always asks for a full batch and does not shuffle.
    var drawsRandomBatches: Bool { get }
}

extension TrainingTask {
    public var drawsRandomBatches: Bool { false }
}

/// Next-token prediction on a token stream: the task of pre-training.
public final class LanguageModelTask: TrainingTask {
    public let gpt: GPT
    public let training: TokenWindows
    public let validation: TokenWindows?
    /// At most this many validation windows per evaluation (spread over the stream).
    public var evaluationWindowLimit: Int?

    public var model: Module { gpt }

    /// Train `gpt` on `trainingTokens`, evaluate on `validationTokens`, both cut into
    /// windows of the model's context length.
    public init(gpt: GPT, trainingTokens: [Int], validationTokens: [Int]?, evaluationWindowLimit: Int? = nil) throws {
        self.gpt = gpt
        let context = gpt.configuration.contextLength
        training = try TokenWindows(tokens: trainingTokens, contextLength: context)
        validation = try validationTokens.map { try TokenWindows(tokens: $0, contextLength: context) }
        self.evaluationWindowLimit = evaluationWindowLimit
    }

    public var itemsPerEpoch: Int { training.windowsPerEpoch }
    public var drawsRandomBatches: Bool { true }
    public var itemUnit: String { "tokens" }
    public func itemsSeen(batchSize: Int) -> Int { batchSize * training.contextLength }

    public func trainingLoss(indices: [Int], generator: inout RandomGenerator) throws -> Tensor {
        // nanoGPT's way: random windows anywhere in the stream, one per batch row.
        let (inputs, targets) = training.randomBatch(batchSize: indices.count, using: &generator)
        return try gpt.loss(inputs, targets: targets, batch: indices.count, time: training.contextLength)
    }

    public func evaluate() throws -> (loss: Float, accuracy: Float?)? {
        guard let validation else { return nil }
        let loss = try LanguageModelEvaluation.meanLoss(
            gpt, windows: validation, starts: validation.evaluationStarts(limit: evaluationWindowLimit))
        return (loss, nil)
    }
}
