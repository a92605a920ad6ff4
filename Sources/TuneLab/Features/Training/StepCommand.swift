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
        let dataName: String
        if let given = invocation.text("data") {
            dataName = given
        } else if let language = holder as? LanguageModelObject {
            dataName = language.lastDataName ?? language.corpusName
        } else if let last = (holder as! ClassifierObject).lastDataName {
            dataName = last
        } else {
            throw CommandError("step \(modelName): say which data to step on, e.g. step \(modelName) on films")
        }
        let target = try TrainingRunner.target(model: modelName, data: dataName, context: context, verb: "step")
        var values: [String: ArgumentValue] = [:]
        for name in invocation.typedKeys { values[name] = invocation.keys[name] }
        var (options, _) = try TrainingKeys.options(values, languageModel: target.isLanguageModel, seed: context.session.seed)
        if values["learningRate"] == nil, target.isLanguageModel { options.learningRate = 5e-3 }
        options.length = .steps(1_000_000)
        options.schedule = .constant
        options.warmupSteps = 0
        options.collectsParameterStatistics = true
        let key = "\(dataName)|\(options.learningRate)|\(options.batchSize)|\(options.seed)"
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
                throw CommandError("the loss became \(loss) at step \(step) (learning rate \(TrainingKeys.format(Double(rate)))): training diverged; the weights are those of the last good step. Try a smaller lr.")
            } catch let error as TrainingError {
                throw CommandError(error.description)
            }
            lastReport = report
            StepSupport.record(report, on: target)
            let stepNumber = StepSupport.stepsTaken(target)
            output.line("step \(stepNumber)  loss \(InspectRendering.number(trainer.history.trainLosses.last ?? .nan))"
                + "  lr \(TrainingKeys.format(Double(report.learningRate)))"
                + "  grad norm \(InspectRendering.number(report.gradientNormBeforeClipping ?? report.globalGradientNorm))")
        }
        if let report = lastReport { StepSupport.printParameterTable(report, context: context) }
    }
}

/// The trainer `step` keeps on a model, and what it prints.
enum StepSupport {
    /// The model's stepping trainer, made anew when the data or settings change.
    static func trainer(for target: TrainingRunner.Target, options: TrainingOptions, key: String) throws -> Trainer {
        do {
            switch target {
            case .languageModel(let model, let corpus):
                if let stepper = model.stepper, stepper.key == key { return stepper.trainer }
                let (training, validation) = try TrainingData.tokens(of: corpus, for: model)
                let task = try LanguageModelTask(gpt: model.gpt, trainingTokens: training, validationTokens: validation)
                let trainer = try Trainer(task: task, options: options)
                model.stepper = (trainer, key)
                model.lastDataName = corpus.name
                return trainer
            case .classifier(let classifier, let dataset):
                if let stepper = classifier.stepper, stepper.key == key { return stepper.trainer }
                let task = try TextClassificationTask(classifier: classifier.classifier, tokenizer: classifier.tokenizer.tokenizer,
                                                      training: dataset.train, validation: dataset.validation)
                let trainer = try Trainer(task: task, options: options)
                classifier.stepper = (trainer, key)
                classifier.lastDataName = dataset.name
                return trainer
            }
        } catch let error as TrainingError {
            throw CommandError(error.description)
        }
    }

    static func record(_ report: StepReport, on target: TrainingRunner.Target) {
        switch target {
        case .languageModel(let model, _): model.stepsTaken += 1; model.lastStepReport = report
        case .classifier(let classifier, _): classifier.stepsTaken += 1; classifier.lastStepReport = report
        }
    }

    static func stepsTaken(_ target: TrainingRunner.Target) -> Int {
        switch target {
        case .languageModel(let model, _): return model.stepsTaken
        case .classifier(let classifier, _): return classifier.stepsTaken
        }
    }

    /// The five parameters with the largest gradients, and the largest update-to-weight ratio.
    static func printParameterTable(_ report: StepReport, context: CommandContext) {
        let output = context.output
        guard !report.parameters.isEmpty else { return }
        let top = report.parameters.sorted { $0.gradientNorm > $1.gradientNorm }.prefix(5)
        let table = TableRenderer(titles: ["parameter", "gradient norm", "update/weight"], title: "largest gradients (last step)")
        let rows: [[TableRenderer.Cell]] = top.map { [.text($0.key), .number(Double($0.gradientNorm)), .number(Double($0.updateToWeightRatio))] }
        InspectRendering.print(table.render(rows: rows, style: InspectRendering.style(for: output)), to: output)
        if let biggest = report.parameters.filter({ $0.updateToWeightRatio.isFinite }).max(by: { $0.updateToWeightRatio < $1.updateToWeightRatio }) {
            output.line("Biggest update/weight: \(biggest.key) at \(NumberFormatting.scientific(Double(biggest.updateToWeightRatio)))"
                + (biggest.updateToWeightRatio > 1e-2 ? " (large: the rate may be too high)" : biggest.updateToWeightRatio < 1e-5 ? " (tiny: the rate may be too low)" : "")
                + ". See all with `grads`.")
        }
    }
}
