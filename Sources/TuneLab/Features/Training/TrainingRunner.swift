import Foundation
import TuneEngine
import TuneModels

/// Runs one training run for `train`, `finetune` and `sweep`, in four parts, each its own
/// function or type: build the plan (`TrainingPlan`: task, options, trainer), run it
/// (`train`: the trainer's loop with a progress display, stopping cleanly on Ctrl-C or
/// divergence), record it (the `RunObject` and what the model keeps), render it
/// (`RunReport`).
enum TrainingRunner {
    /// The model called `modelName` with the data called `dataName`, checked to fit each other.
    static func target(model modelName: String, data dataName: String, context: CommandContext, verb: String) throws -> TrainingTarget {
        try model(modelName, context: context, verb: verb).target(on: dataName, context: context)
    }

    /// The trainable model (language model or classifier) called `name`, or an error that
    /// says what exists.
    static func model(_ name: String, context: CommandContext, verb: String) throws -> any TrainableModel {
        if let object = context.session.object(named: name) {
            if let model = object as? any TrainableModel { return model }
            throw CommandError("\(name) is a \(object.kind.name); \(verb) needs a language model (model new NAME) or a classifier (classifier new NAME from MODEL).")
        }
        let models = context.session.allObjects().filter { $0 is any TrainableModel }.map(\.name)
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
    ///   - parameterGroups: the optimizer's groups (fine-tuning strategies); nil for one group.
    ///   - onEpochStart: called before each epoch (strategies that unfreeze layers as they go).
    ///   - strategy: the fine-tuning strategy, recorded for `export script`.
    ///   - quiet: print nothing (sweeps print their own line per run).
    static func run(
        _ target: TrainingTarget, options: TrainingOptions, settings: [(key: String, value: String)], runName: String,
        parameterGroups: [ParameterGroup]? = nil, onEpochStart: ((Int) -> Void)? = nil, strategy: FineTuningStrategy? = nil,
        context: CommandContext, quiet: Bool = false
    ) throws -> RunObject {
        let plan = try TrainingPlan(target, options: options, parameterGroups: parameterGroups, onEpochStart: onEpochStart)
        let run = try begin(plan, runName: runName, settings: settings, strategy: strategy)
        if !quiet { context.output.line(RunReport.headline(of: plan, settings: settings)) }
        let lastReport = try train(plan, into: run, context: context)
        try finish(run, of: plan, lastReport: lastReport)
        if !quiet { RunReport.printSummary(of: run, context: context) }
        return run
    }

    // MARK: - Record

    /// The run object, before the first step: settings, what the model measured before it,
    /// and what repeating the run needs.
    static func begin(_ plan: TrainingPlan, runName: String, settings: [(key: String, value: String)],
                      strategy: FineTuningStrategy?) throws -> RunObject {
        let target = plan.target
        let run = RunObject(name: runName, modelName: target.model.name, dataName: target.data.name, task: target.kind,
                            settings: settings, options: plan.options, itemsPerEpoch: plan.task.itemsPerEpoch)
        run.initialValidationLoss = plan.start.initialValidationLoss
        run.unigramBaseline = plan.start.unigramBaseline
        try target.beginRun(run, task: plan.task, trainer: plan.trainer, strategy: strategy, changesTrainability: plan.changesTrainability)
        return run
    }

    /// After the last step: the batches drawn (for `export script`), and what the model keeps.
    static func finish(_ run: RunObject, of plan: TrainingPlan, lastReport: StepReport?) throws {
        run.classifierRecording?.batches = Array(plan.trainer.batchesDrawn.prefix(run.history.steps))
        let model = plan.target.model
        model.stepsTaken += run.history.steps
        if let lastReport { model.lastStepReport = lastReport }
        model.stepper = nil
        try plan.target.finishRun(run)
    }

    // MARK: - Run

    /// The trainer's loop with a progress bar (loss, and the last validation loss), into
    /// `run.history`. A diverged run keeps its history up to the last good step and says
    /// where it diverged; other errors end the command. Returns the last step's report.
    static func train(_ plan: TrainingPlan, into run: RunObject, context: CommandContext) throws -> StepReport? {
        let trainer = plan.trainer
        let progress = context.progress("train \(run.modelName)", total: trainer.totalSteps)
        var lastReport: StepReport?
        do {
            defer { progress.finish() }
            try trainer.fit(progress: { step in
                lastReport = step.report
                var detail = "loss \(OutputRendering.number(step.loss))"
                if let evaluation = trainer.history.lastEvaluation { detail += "  val \(OutputRendering.number(evaluation.loss))" }
                progress.update(step: step.step, detail: detail)
            }, shouldStop: context.shouldStop)
            run.history = trainer.history
        } catch TrainingError.diverged(let step, let loss, let rate, let history) {
            run.history = history
            run.history.stop = .diverged
            run.divergence = "the training loss became \(loss) at step \(step) (learning rate \(NumberFormatting.setting(Double(rate))))"
        }
        return lastReport
    }
}
