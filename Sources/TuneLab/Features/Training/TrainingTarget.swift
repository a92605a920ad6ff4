import TuneEngine
import TuneModels

/// A trainable model with the data it trains on, checked to fit each other
/// (`train base on corpus`): what the runner, `step` and `lrfind` work on.
struct TrainingTarget {
    let model: any TrainableModel
    let data: SessionObject

    // The model's steps, bound to `data` when the target was made (the data is of the
    // model's own kind, so no caller needs to know which kind that is).
    private let makeTask: (_ validation: Bool) throws -> TrainingTask
    private let prepare: (TrainingOptions) throws -> RunStart
    private let begin: (RunObject, TrainingTask, Trainer, FineTuningStrategy?, Bool) throws -> Void
    private let finish: (RunObject) throws -> Void
    private let copyModel: (String) throws -> TrainingTarget

    init<Model: TrainableModel>(_ model: Model, on data: Model.TrainsOn) {
        self.model = model
        self.data = data
        makeTask = { try model.task(on: data, validation: $0) }
        prepare = { try model.prepareRun(on: data, options: $0) }
        begin = { try model.beginRun($0, on: data, task: $1, trainer: $2, strategy: $3, changesTrainability: $4) }
        finish = { try model.finishRun($0, on: data) }
        copyModel = { TrainingTarget(try model.copy(named: $0), on: data) }
    }

    var kind: TrainingKind { model.trainingKind }
    var isLanguageModel: Bool { kind == .languageModel }

    /// The model and data as their own types, when the model is a `Model`.
    func typed<Model: TrainableModel>(as _: Model.Type) -> (model: Model, data: Model.TrainsOn)? {
        guard let model = model as? Model, let data = data as? Model.TrainsOn else { return nil }
        return (model, data)
    }

    /// A fresh task on the data; without `validation`, the held-out part is left out.
    func task(validation: Bool = true) throws -> TrainingTask { try makeTask(validation) }
    func prepareRun(options: TrainingOptions) throws -> RunStart { try prepare(options) }
    func beginRun(_ run: RunObject, task: TrainingTask, trainer: Trainer, strategy: FineTuningStrategy?, changesTrainability: Bool) throws {
        try begin(run, task, trainer, strategy, changesTrainability)
    }
    func finishRun(_ run: RunObject) throws { try finish(run) }

    /// The same data with a copy of the model called `name` (its own weights).
    func copy(named name: String) throws -> TrainingTarget { try copyModel(name) }
}

extension TrainableModel {
    /// This model with the data called `dataName`, checked to fit it.
    func target(on dataName: String, context: CommandContext) throws -> TrainingTarget {
        TrainingTarget(self, on: try trainingData(dataName, context: context))
    }
}
