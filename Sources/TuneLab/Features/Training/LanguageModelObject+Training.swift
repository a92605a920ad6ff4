import TuneEngine
import TuneModels

/// A language model trains on a corpus: the next token of every window.
extension LanguageModelObject: TrainableModel {
    var trainingKind: TrainingKind { .languageModel }
    var defaultStepData: String? { lastDataName ?? corpusName }

    func trainingData(_ name: String, context: CommandContext) throws -> TextCorpusObject {
        try TrainingData.corpus(name, for: self.name, context: context)
    }

    func task(on corpus: TextCorpusObject, validation: Bool) throws -> TrainingTask {
        let (training, validationTokens) = try TrainingData.tokens(of: corpus, for: self)
        return try LanguageModelTask(gpt: gpt, trainingTokens: training, validationTokens: validation ? validationTokens : nil)
    }

    /// Refuses a run the machine cannot hold; measures the unigram baseline (once per
    /// corpus) and, for an untrained model, the validation loss before the first step.
    func prepareRun(on corpus: TextCorpusObject, options: TrainingOptions) throws -> RunStart {
        try TrainingMemory(configuration: configuration, parameterCount: gpt.parameterCount, batchSize: options.batchSize)
            .check(modelName: name, batchSize: options.batchSize)
        let (training, validation) = try TrainingData.tokens(of: corpus, for: self)
        let task = try LanguageModelTask(gpt: gpt, trainingTokens: training, validationTokens: validation)
        var start = RunStart(task: task)
        if let validation {
            if unigramBaseline == nil || lastDataName != corpus.name {
                unigramBaseline = try LanguageModelEvaluation.unigramBaseline(
                    trainingTokens: training, validationTokens: validation, vocabularySize: configuration.vocabularySize)
            }
            start.unigramBaseline = unigramBaseline
            if stepsTaken == 0, !loadedFromCheckpoint, let windows = task.validation {
                start.initialValidationLoss = try LanguageModelEvaluation.meanLoss(gpt, windows: windows, starts: windows.evaluationStarts())
                initialValidationLoss = start.initialValidationLoss
            }
        }
        return start
    }

    /// Keeps the weights before the first step, so `export script` can repeat the run.
    func beginRun(_ run: RunObject, on corpus: TextCorpusObject, task: TrainingTask, trainer: Trainer, strategy: FineTuningStrategy?,
                  changesTrainability: Bool) throws {
        run.startingModel = try model.copy()
    }

    func finishRun(_ run: RunObject, on corpus: TextCorpusObject) throws {
        if let loss = run.history.lastEvaluation?.loss { latestValidationLoss = loss }
    }
}
