import Foundation
import TuneEngine
import TuneModels
import TuneText

/// Runs one training run for `train`, `finetune` and `sweep`: builds the task, trains
/// with a progress display, stops cleanly on Ctrl-C or divergence, and keeps the
/// history as a run object.
enum TrainingRunner {
    /// A model the runner can train.
    enum Target {
        case languageModel(LanguageModelObject, TextCorpusObject)
        case classifier(ClassifierObject, DatasetObject)

        var modelName: String {
            switch self { case .languageModel(let m, _): return m.name; case .classifier(let c, _): return c.name }
        }
        var dataName: String {
            switch self { case .languageModel(_, let d): return d.name; case .classifier(_, let d): return d.name }
        }
        var isLanguageModel: Bool { if case .languageModel = self { return true }; return false }
    }

    /// The model called `modelName` with the data called `dataName`, checked to fit each other.
    static func target(model modelName: String, data dataName: String, context: CommandContext, verb: String) throws -> Target {
        let object = try model(modelName, context: context, verb: verb)
        if let language = object as? LanguageModelObject {
            return .languageModel(language, try TrainingData.corpus(dataName, for: modelName, context: context))
        }
        let classifier = object as! ClassifierObject
        return .classifier(classifier, try TrainingData.labelled(dataName, for: modelName, context: context))
    }

    /// The language model or classifier called `name`, or an error that says what exists.
    static func model(_ name: String, context: CommandContext, verb: String) throws -> ModuleHolder {
        if let object = context.session.object(named: name) {
            if object is LanguageModelObject || object is ClassifierObject { return object as! ModuleHolder }
            throw CommandError("\(name) is a \(object.kind.name); \(verb) needs a language model (model new NAME) or a classifier (classifier new NAME from MODEL).")
        }
        let models = context.session.allObjects().filter { $0 is LanguageModelObject || $0 is ClassifierObject }.map(\.name)
        throw CommandError("\(name): no such model in the session ("
            + (models.isEmpty ? "the session has none yet; make one with `model new \(name)`)." : "the session has \(models.joined(separator: ", "))).")
            + EditDistance.didYouMean(name, among: models))
    }

    /// The next free run name: r1, r2, ...
    static func nextRunName(in session: Session, prefix: String = "r") -> String {
        var index = 1
        while session.object(named: "\(prefix)\(index)") != nil { index += 1 }
        return "\(prefix)\(index)"
    }

    /// Fails when `name` belongs to an object that is not a run (runs, and the seed studies
    /// of `finetune seeds=`, may be replaced).
    static func checkRunName(_ name: String, in session: Session) throws {
        if let existing = session.object(named: name), !(existing is RunObject), !(existing is SeedStudyObject) {
            throw CommandError("\(name) is already a \(existing.kind.name) in the session; choose another name for the run.")
        }
    }

    /// Trains `target` and returns the run (not yet added to the session).
    /// - Parameters:
    ///   - quiet: print one summary line instead of the table and sparkline (sweeps).
    static func run(
        _ target: Target, options: TrainingOptions, settings: [(key: String, value: String)], runName: String,
        parameterGroups: [ParameterGroup]? = nil, onEpochStart: ((Int) -> Void)? = nil, strategy: FineTuningStrategy? = nil,
        context: CommandContext, quiet: Bool = false
    ) throws -> RunObject {
        var options = options
        options.collectsParameterStatistics = true
        let task: TrainingTask
        var initialLoss: Float?
        var baseline: Float?
        switch target {
        case .languageModel(let model, let corpus):
            try TrainingMemory(configuration: model.configuration, parameterCount: model.gpt.parameterCount, batchSize: options.batchSize)
                .check(modelName: model.name, batchSize: options.batchSize)
            let (training, validation) = try TrainingData.tokens(of: corpus, for: model)
            let languageTask = try LanguageModelTask(gpt: model.gpt, trainingTokens: training, validationTokens: validation)
            task = languageTask
            if let validation {
                if model.unigramBaseline == nil || model.lastDataName != corpus.name {
                    model.unigramBaseline = try LanguageModelEvaluation.unigramBaseline(
                        trainingTokens: training, validationTokens: validation, vocabularySize: model.configuration.vocabularySize)
                }
                baseline = model.unigramBaseline
                if model.stepsTaken == 0, !model.loadedFromCheckpoint, let windows = languageTask.validation {
                    initialLoss = try LanguageModelEvaluation.meanLoss(model.gpt, windows: windows, starts: windows.evaluationStarts())
                    model.initialValidationLoss = initialLoss
                }
            }
            model.lastDataName = corpus.name
        case .classifier(let classifier, let dataset):
            guard Set(dataset.labelNames).isSubset(of: Set(classifier.labels)) else {
                throw CommandError("\(dataset.name) has labels \(dataset.labelNames.joined(separator: ", ")), and \(classifier.name) "
                    + "predicts \(classifier.labels.joined(separator: ", ")); make a classifier for these labels (classifier new NAME from MODEL labels=...).")
            }
            do {
                task = try TextClassificationTask(classifier: classifier.classifier, tokenizer: classifier.tokenizer.tokenizer,
                                                  training: dataset.train, validation: dataset.validation)
            }
            classifier.lastDataName = dataset.name
        }
        if options.evaluateEvery == nil, target.isLanguageModel {
            let total: Int
            switch options.length {
            case .steps(let steps): total = steps
            case .epochs(let epochs): total = epochs * max(1, (task.itemsPerEpoch + options.batchSize - 1) / options.batchSize)
            }
            options.evaluateEvery = max(1, total / 10)
        }
        let trainer: Trainer
        do {
            trainer = try Trainer(task: task, options: options, parameterGroups: parameterGroups)
        } catch let error as TrainingError {
            throw CommandError(error.description)
        }
        trainer.onEpochStart = onEpochStart
        // Classifiers: what `export script` needs to repeat the run, taken before the first step.
        var recording: ClassifierRunRecording?
        if case .classifier(let classifier, let dataset) = target, let textTask = task as? TextClassificationTask {
            trainer.recordsBatches = true
            recording = ClassifierRunRecording(
                classifier: classifier, task: textTask, dataset: dataset, groups: trainer.optimizer.parameterGroups,
                weightDecay: options.weightDecay, strategy: strategy, changesTrainabilityDuringRun: onEpochStart != nil)
        }
        let run = RunObject(name: runName, modelName: target.modelName, dataName: target.dataName,
                            task: target.isLanguageModel ? "language model" : "classifier", settings: settings,
                            options: options, itemsPerEpoch: task.itemsPerEpoch)
        run.initialValidationLoss = initialLoss
        if case .languageModel(let model, _) = target { run.startingModel = try model.model.copy() }
        run.unigramBaseline = baseline
        let output = context.output
        if !quiet {
            output.line("Training \(target.modelName) on \(target.dataName): \(trainer.totalSteps) steps of \(options.batchSize) "
                + (target.isLanguageModel ? "windows of \(task is LanguageModelTask ? (task as! LanguageModelTask).training.contextLength : 0) tokens" : "examples")
                + " (\(NumberFormatting.format(Double(trainer.totalSteps * options.batchSize) / Double(task.itemsPerEpoch), significantDigits: 3)) epochs), "
                + settings.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
        }
        let progress = context.progress("train \(target.modelName)", total: trainer.totalSteps)
        var lastReport: StepReport?
        do {
            defer { progress.finish() }
            try trainer.fit(progress: { step in
                lastReport = step.report
                var detail = "loss \(InspectRendering.number(step.loss))"
                if let evaluation = trainer.history.lastEvaluation { detail += "  val \(InspectRendering.number(evaluation.loss))" }
                progress.update(step: step.step, detail: detail)
            }, shouldStop: context.shouldStop)
            run.history = trainer.history
        } catch TrainingError.diverged(let step, let loss, let rate, let history) {
            run.history = history
            run.history.stopReason = "diverged"
            run.divergence = "the training loss became \(loss) at step \(step) (learning rate \(TrainingKeys.format(Double(rate))))"
        } catch let error as TrainingError {
            throw CommandError(error.description)
        }
        recording?.batches = Array(trainer.batchesDrawn.prefix(run.history.steps))
        run.classifierRecording = recording
        // -- what the model object remembers
        switch target {
        case .languageModel(let model, _):
            model.stepsTaken += run.history.steps
            if let report = lastReport { model.lastStepReport = report }
            if let loss = run.history.lastEvaluation?.loss { model.latestValidationLoss = loss }
            model.stepper = nil
        case .classifier(let classifier, let dataset):
            classifier.stepsTaken += run.history.steps
            if let report = lastReport { classifier.lastStepReport = report }
            classifier.stepper = nil
            if !run.diverged, let test = dataset.test {
                let evaluation = try TextClassificationTask(classifier: classifier.classifier, tokenizer: classifier.tokenizer.tokenizer,
                                                            training: dataset.train, validation: nil)
                run.test = try evaluation.metrics(on: test, tokenizer: classifier.tokenizer.tokenizer)
            }
            if let accuracy = run.history.lastEvaluation?.accuracy { classifier.latestAccuracy = Double(accuracy) }
            if let test = run.test { classifier.latestAccuracy = test.accuracy }
        }
        if quiet {
            return run
        }
        printSummary(of: run, context: context)
        return run
    }

    /// The end-of-run report: a table of evaluations, a loss sparkline, and a closing line.
    static func printSummary(of run: RunObject, context: CommandContext) {
        let output = context.output
        let style = InspectRendering.style(for: output)
        let diagnosis = run.diagnosis
        let history = run.history
        if !diagnosis.points.isEmpty {
            let hasAccuracy = diagnosis.points.contains { $0.validation.accuracy != nil }
            var titles = ["step", "epoch", "train loss", "val loss"]
            if hasAccuracy { titles.append("val acc") }
            let table = TableRenderer(titles: titles)
            // At most 12 rows: every k-th evaluation and always the last.
            let points = diagnosis.points
            let stride = max(1, (points.count + 11) / 12)
            let chosen = points.enumerated().filter { $0.offset % stride == 0 || $0.offset == points.count - 1 }.map(\.element)
            let rows: [[TableRenderer.Cell]] = chosen.map { point in
                var row: [TableRenderer.Cell] = [.integer(point.step), .number(point.epoch),
                                                 point.trainLoss.map { .number(Double($0)) } ?? .empty, .number(Double(point.validation.loss))]
                if hasAccuracy { row.append(point.validation.accuracy.map { .number(Double($0)) } ?? .empty) }
                return row
            }
            InspectRendering.print(table.render(rows: rows, style: style), to: output)
        }
        if !history.trainLosses.isEmpty {
            output.line("train loss " + Sparkline.render(history.trainLosses, maximumWidth: min(60, style.layoutWidth - 24), style: style)
                + "  \(InspectRendering.number(history.trainLosses.first!)) → \(InspectRendering.number(diagnosis.recentTrainLoss ?? history.trainLosses.last!))")
        }
        var closing = "\(run.name): \(history.steps) steps in \(NumberFormatting.duration(seconds: history.elapsedSeconds))"
        if let best = diagnosis.bestAccuracy, let accuracy = best.accuracy {
            closing += "; highest val accuracy \(InspectRendering.number(accuracy)) at step \(best.step)"
        }
        if let lowest = diagnosis.bestLoss {
            closing += "; lowest val loss \(InspectRendering.number(lowest.loss)) at step \(lowest.step)"
        }
        if let baseline = run.unigramBaseline { closing += "; unigram baseline \(InspectRendering.number(baseline))" }
        if let test = run.test { closing += "; test accuracy " + ClassificationPrinting.accuracy(test) }
        output.line(closing + ".")
        if history.restoredBestWeights { output.line("Restored the weights of step \(history.bestStep ?? 0) (keep_best=yes).") }
        switch history.stopReason {
        case "stopped by request":
            output.line("Stopped by Ctrl-C after \(history.steps) steps; kept the weights and the history so far.")
        case "early stopping":
            output.line("Stopped early: \(run.options.earlyStoppingPatience ?? 0) evaluations without improvement.")
        default: break
        }
        if let divergence = run.divergence {
            output.warning("training diverged: \(divergence). The weights are those of the last good step. See `diagnose \(run.name)`.")
        } else if diagnosis.isExploding {
            output.warning("the training loss ended above where it started: see `diagnose \(run.name)`.")
        }
    }
}
