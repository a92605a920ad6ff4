import TuneEngine
import TuneModels

/// A classifier trains on a labelled dataset: one label per text.
extension ClassifierObject: TrainableModel {
    var trainingKind: TrainingKind { .classifier }
    var defaultStepData: String? { lastDataName }

    func trainingData(_ name: String, context: CommandContext) throws -> DatasetObject {
        try TrainingData.labelled(name, for: self.name, context: context)
    }

    func task(on dataset: DatasetObject, validation: Bool) throws -> TrainingTask {
        try TextClassificationTask(classifier: classifier, tokenizer: tokenizer.tokenizer,
                                   training: dataset.train, validation: validation ? dataset.validation : nil)
    }

    /// Refuses data with labels the classifier does not predict.
    func prepareRun(on dataset: DatasetObject, options: TrainingOptions) throws -> RunStart {
        guard Set(dataset.labelNames).isSubset(of: Set(labels)) else {
            throw CommandError("\(dataset.name) has labels \(dataset.labelNames.joined(separator: ", ")), and \(name) "
                + "predicts \(labels.joined(separator: ", ")); make a classifier for these labels (classifier new NAME from MODEL labels=...).")
        }
        return RunStart(task: try task(on: dataset, validation: true))
    }

    /// What `export script` needs to repeat the run, taken before the first step; the
    /// trainer records its batches from here on.
    func beginRun(_ run: RunObject, on dataset: DatasetObject, task: TrainingTask, trainer: Trainer, strategy: FineTuningStrategy?,
                  changesTrainability: Bool) throws {
        guard let textTask = task as? TextClassificationTask else { return }
        trainer.recordsBatches = true
        run.classifierRecording = ClassifierRunRecording(
            classifier: self, task: textTask, dataset: dataset, groups: trainer.optimizer.parameterGroups,
            weightDecay: run.options.weightDecay, strategy: strategy, changesTrainabilityDuringRun: changesTrainability)
    }

    /// Test metrics when the data has a test part (and the run did not diverge); the latest
    /// accuracy is the test accuracy, else the last validation accuracy.
    func finishRun(_ run: RunObject, on dataset: DatasetObject) throws {
        if !run.diverged, let test = dataset.test {
            let evaluation = try TextClassificationTask(classifier: classifier, tokenizer: tokenizer.tokenizer,
                                                        training: dataset.train, validation: nil)
            run.test = try evaluation.metrics(on: test, tokenizer: tokenizer.tokenizer)
        }
        if let accuracy = run.history.lastEvaluation?.accuracy { latestAccuracy = Double(accuracy) }
        if let test = run.test { latestAccuracy = test.accuracy }
    }
}
