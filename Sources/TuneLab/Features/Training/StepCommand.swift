import TuneEngine
import TuneModels

extension CommandSpec {
    /// `step MODEL [N]`: one optimizer step at a time, with what it did.
    public static let step = CommandSpec(
        verb: "step",
        summary: "take one optimizer step (or N) and print the loss, rate, gradient norm and biggest updates",
        details: """
            Each step draws a batch, computes the loss, back-propagates and updates the weights \
            with AdamW at a constant learning rate. It prints the loss, the learning rate and the \
            global gradient norm; after the last step, a table of the parameters with the largest \
            gradients and their update-to-weight ratios (about 1e-3 is healthy). The data defaults \
            to what the model last trained on (a language model: its corpus). Consecutive steps \
            share one optimizer, so its momentum carries over.
            """,
        examples: ["step base", "step base 5", "step clf 3 on films lr=1e-3"],
        positionals: [
            PositionalSpec("model", .object(.model), summary: "the model to step"),
            PositionalSpec("count", .integer(in: 1...1000), summary: "how many steps (default 1)", required: false),
            PositionalSpec("data", .text, summary: "the data (default: what the model last trained on)", required: false, keyword: "on"),
        ],
        keys: [
            KeySpec("learningRate", aliases: ["lr"], .number(NumberRange(lower: 0, lowerInclusive: false, upper: 100, upperInclusive: true)), summary: "the learning rate (default 5e-3 for a language model, 1e-3 for a classifier)", example: "1e-3"),
            KeySpec("batchSize", aliases: ["batch"], .integer(in: 1...4096), summary: "examples or windows per step (default 16)", example: "16"),
            KeySpec("seed", .integer(atLeast: 0), summary: "batch order (default: the session seed)", example: "1"),
        ]
    ) { invocation, context in
        let modelName = invocation.text("model") ?? ""
        let holder = try TrainingRunner.model(modelName, context: context, verb: "step")
        guard let dataName = invocation.text("data") ?? holder.defaultStepData else {
            throw CommandError("step \(modelName): say which data to step on, e.g. step \(modelName) on films")
        }
        let target = try holder.target(on: dataName, context: context)
        var values: [String: ArgumentValue] = [:]
        for name in invocation.typedKeys { values[name] = invocation.keys[name] }
        var (options, _) = try TrainingKeys.options(values, languageModel: target.isLanguageModel, seed: context.session.seed)
        if values["learningRate"] == nil, target.isLanguageModel { options.learningRate = 5e-3 }
        options.length = .steps(1_000_000)
        options.schedule = .constant
        options.warmupSteps = 0
        options.collectsParameterStatistics = true
        let key = Stepper.Key(dataName: dataName, learningRate: options.learningRate, batchSize: options.batchSize, seed: options.seed)
        let trainer = try StepSupport.trainer(for: target, options: options, key: key)
        let count = invocation.integer("count") ?? 1
        let output = context.output
        var lastReport: StepReport?
        for index in 0..<count {
            if context.shouldStop() {
                output.line("Stopped by Ctrl-C after \(index) of \(count) steps.")
                break
            }
            let report: StepReport
            do {
                report = try trainer.step()
            } catch TrainingError.diverged(let step, let loss, let rate, _) {
                throw CommandError("the loss became \(loss) at step \(step) (learning rate \(NumberFormatting.setting(Double(rate)))): training diverged; the weights are those of the last good step. Try a smaller lr.")
            }
            lastReport = report
            target.model.stepsTaken += 1
            target.model.lastStepReport = report
            output.line("step \(target.model.stepsTaken)  loss \(OutputRendering.number(trainer.history.trainLosses.last ?? .nan))"
                + "  lr \(NumberFormatting.setting(Double(report.learningRate)))"
                + "  grad norm \(OutputRendering.number(report.gradientNormBeforeClipping ?? report.globalGradientNorm))")
        }
        if let report = lastReport { StepSupport.printParameterTable(report, context: context) }
    }
}

/// The trainer `step` keeps on a model, and what it prints.
enum StepSupport {
    /// The model's stepping trainer, made anew when the data or settings change.
    static func trainer(for target: TrainingTarget, options: TrainingOptions, key: Stepper.Key) throws -> Trainer {
        let model = target.model
        if let stepper = model.stepper, stepper.key == key { return stepper.trainer }
        let trainer = try Trainer(task: try target.task(), options: options)
        model.stepper = Stepper(trainer: trainer, key: key)
        model.lastDataName = target.data.name
        return trainer
    }

    /// The five parameters with the largest gradients, and the largest update-to-weight ratio.
    static func printParameterTable(_ report: StepReport, context: CommandContext) {
        let output = context.output
        guard !report.parameters.isEmpty else { return }
        let top = report.parameters.sorted { $0.gradientNorm > $1.gradientNorm }.prefix(5)
        let table = TableRenderer(titles: ["parameter", "gradient norm", "update/weight"], title: "largest gradients (last step)")
        let rows: [[TableRenderer.Cell]] = top.map { [.text($0.key), .number(Double($0.gradientNorm)), .number(Double($0.updateToWeightRatio))] }
        OutputRendering.print(table.render(rows: rows, style: OutputRendering.style(for: output)), to: output)
        if let biggest = report.parameters.filter({ $0.updateToWeightRatio.isFinite }).max(by: { $0.updateToWeightRatio < $1.updateToWeightRatio }) {
            output.line("Biggest update/weight: \(biggest.key) at \(NumberFormatting.scientific(Double(biggest.updateToWeightRatio)))"
                + (biggest.updateToWeightRatio > 1e-2 ? " (large: the rate may be too high)" : biggest.updateToWeightRatio < 1e-5 ? " (tiny: the rate may be too low)" : "")
                + ". See all with `grads`.")
        }
    }
}
