import TuneEngine
import TuneModels

/// Everything a run needs before its first step: the target's task and what the model
/// measured before it, the options completed, and the trainer made from them.
struct TrainingPlan {
    let target: TrainingTarget
    let start: RunStart
    /// The options as given, with parameter statistics on (`grads` reads them) and, for a
    /// language model without `eval=`, an evaluation every tenth of the run.
    let options: TrainingOptions
    let trainer: Trainer
    /// True when the trainable weights change between epochs (gradual unfreezing).
    let changesTrainability: Bool

    var task: TrainingTask { start.task }

    init(_ target: TrainingTarget, options: TrainingOptions, parameterGroups: [ParameterGroup]?, onEpochStart: ((Int) -> Void)?) throws {
        var options = options
        options.collectsParameterStatistics = true
        let start = try target.prepareRun(options: options)
        target.model.lastDataName = target.data.name
        if options.evaluateEvery == nil, target.isLanguageModel {
            options.evaluateEvery = max(1, Self.totalSteps(options, itemsPerEpoch: start.task.itemsPerEpoch) / 10)
        }
        let trainer = try Trainer(task: start.task, options: options, parameterGroups: parameterGroups)
        trainer.onEpochStart = onEpochStart
        self.target = target
        self.start = start
        self.options = options
        self.trainer = trainer
        changesTrainability = onEpochStart != nil
    }

    /// The optimizer steps `options` asks for, over `itemsPerEpoch` items an epoch.
    static func totalSteps(_ options: TrainingOptions, itemsPerEpoch: Int) -> Int {
        switch options.length {
        case .steps(let steps): return steps
        case .epochs(let epochs): return epochs * max(1, (itemsPerEpoch + options.batchSize - 1) / options.batchSize)
        }
    }
}
