import TuneEngine
import TuneModels

/// What a run trains: it picks the defaults of the training keys and names the run's task
/// (the raw values are the words the lab prints).
public enum TrainingKind: String, Sendable, CustomStringConvertible {
    case languageModel = "language model"
    case classifier

    public var description: String { rawValue }
}

/// A session model that `train`, `step`, `sweep`, `lrfind` and `finetune` can train: a
/// language model on a corpus, a classifier on a labelled dataset. The runner and `step`
/// are the same for both; the model says what data it trains on, how that data becomes a
/// task, and what a run records on it.
protocol TrainableModel: ModuleHolder {
    /// The kind of session data the model trains on.
    associatedtype TrainsOn: SessionObject

    var trainingKind: TrainingKind { get }
    /// Optimizer steps taken on this model, over every `train` and `step`.
    var stepsTaken: Int { get set }
    var lastStepReport: StepReport? { get set }
    /// The trainer `step` keeps between calls (dropped by a run, which uses its own).
    var stepper: Stepper? { get set }
    /// The data this model last trained on.
    var lastDataName: String? { get set }
    /// The data `step` uses when none is named, or nil when there is none.
    var defaultStepData: String? { get }

    /// The data called `name` (loaded when it is shipped), or an error that says why it
    /// does not fit this model.
    func trainingData(_ name: String, context: CommandContext) throws -> TrainsOn
    /// A task on `data`; without `validation`, the held-out part is left out (`lrfind`).
    func task(on data: TrainsOn, validation: Bool) throws -> TrainingTask
    /// Checks that a run on `data` can start and measures the model before it: the task,
    /// and for a language model the validation loss before any training and the unigram
    /// baseline.
    func prepareRun(on data: TrainsOn, options: TrainingOptions) throws -> RunStart
    /// Records on `run`, before the first step, what repeating it elsewhere needs
    /// (`export script`): the starting weights, and for a classifier its batches.
    func beginRun(_ run: RunObject, on data: TrainsOn, task: TrainingTask, trainer: Trainer, strategy: FineTuningStrategy?,
                  changesTrainability: Bool) throws
    /// After the last step: the measures the model keeps (latest validation loss, accuracy)
    /// and, for a classifier on data with a test part, the run's test metrics.
    func finishRun(_ run: RunObject, on data: TrainsOn) throws
    /// A copy with its own weights, for experiments that must leave this model as it is.
    func copy(named newName: String) throws -> Self
}

/// What `TrainableModel.prepareRun` measured before the first step.
struct RunStart {
    var task: TrainingTask
    /// A language model's validation loss before any training (only for an untrained model).
    var initialValidationLoss: Float?
    /// A language model's unigram baseline on the validation part.
    var unigramBaseline: Float?
}

/// The trainer `step` keeps on a model between calls, with the settings it was made with:
/// a `step` on other data or with other settings makes a new one.
struct Stepper {
    struct Key: Equatable {
        var dataName: String
        var learningRate: Float
        var batchSize: Int
        var seed: UInt64
    }

    let trainer: Trainer
    let key: Key
}
