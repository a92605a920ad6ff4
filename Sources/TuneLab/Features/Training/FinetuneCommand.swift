import TuneEngine
import TuneModels

extension CommandSpec {
    /// `finetune MODEL on DATA [strategy=] ... [as NEW]`: adapt a pre-trained model to labels.
    public static let finetune = CommandSpec(
        verb: "finetune",
        summary: "fine-tune a language model (or a classifier) on a labelled dataset with a strategy",
        details: """
            From a language model, finetune makes a classifier NEW (a head on a copy of its \
            network) and trains it; from a classifier, it trains that classifier (or its copy NEW). \
            Strategies: full (every weight), head (only the head: a linear probe on frozen \
            features), freeze (the lowest freeze=N blocks and the embeddings stay fixed), gradual \
            (the head first, then one more block every every=N epochs from the top), \
            discriminative (each lower block learns factor= times more slowly), lora (low-rank \
            adapters of rank= and alpha= on the attention query and value; the base stays frozen). \
            prompt=yes reads every text inside zeroshot's prompt and starts the head from the \
            language model's own " good"/" bad" scores, so training begins where zero-shot \
            prompting ends. A table of trainable parameters comes first. Training keys are \
            those of train. seeds=N repeats the fine-tune N times from the same start with \
            seeds seed, seed+1, ... (the seed sets the batch order and dropout, and from a \
            language model the head's starting weights; from a classifier every run starts from \
            its weights as they are), one line per seed, then mean ± sd (sample), min and max; NEW keeps \
            the first seed's weights, and the result RUN publishes RUN.mean.testAccuracy, \
            RUN.sd.testAccuracy, RUN.min.testAccuracy, RUN.max.testAccuracy, the same for \
            bestValAccuracy, bestValLoss and bestEpoch, RUN.seeds and RUN.run.K.testAccuracy (K from 1). \
            For an image model (vision train), finetune puts a new head on a copy of it \
            (finetune cnn on few strategy=head seeds=5 run=h5): \
            strategy=full, head, freeze (freeze=N of conv1, conv2, fc1, fc2), gradual (the head \
            first, then one more layer every every=N epochs from fc2 down), discriminative (each \
            lower layer learns factor= times more slowly, conv1 slowest) or scratch (random \
            weights), steps= (150), batch= (64), lr= (0.003), seeds=N; RUN also publishes \
            valAccuracy and oldTaskAccuracy: the model's own head put back on the fine-tuned \
            trunk, tested on the images it was trained on (forgetting). augment=N moves every \
            training image by up to N pixels at random each time it is drawn.
            """,
        examples: ["finetune base on films as clf", "finetune base on films strategy=head as probe epochs=8",
                   "finetune base on films prompt=yes as judge",
                   "finetune base on films strategy=lora rank=4 alpha=8 as adapted run=lora1",
                   "finetune base on films prompt=yes lr=3e-4 seeds=5 as judge run=judge5"],
        positionals: [
            PositionalSpec("model", .object(.model), summary: "a language model or a classifier"),
            PositionalSpec("data", .text, summary: "a labelled dataset (shipped ones load by name)", keyword: "on"),
            PositionalSpec("new", .newName, summary: "the classifier to make (default MODEL_ft)", required: false, keyword: "as"),
        ],
        keys: [
            KeySpec("strategy", .choice(["full", "head", "freeze", "gradual", "discriminative", "lora", "scratch"]),
                    summary: "which weights learn, and how fast (scratch: image models only, the same network from random weights)", default: "full"),
            KeySpec("rank", .integer(in: 1...256), summary: "lora: the adapters' rank r", default: "4"),
            KeySpec("alpha", .number(above: 0), summary: "lora: the scale α (outputs × α/r)", default: "8"),
            KeySpec("freeze", .integer(in: 0...48), summary: "freeze: how many of the lowest blocks (image models: of conv1, conv2, fc1, fc2) stay fixed", default: "1"),
            KeySpec("factor", .number(in: 1...100), summary: "discriminative: rate divisor per block (image models: per layer) downwards", default: "2.6"),
            KeySpec("every", .integer(in: 1...100), summary: "gradual: epochs between unfreezing blocks (image models: layers)", default: "1"),
            KeySpec("pool", .choice(["mean", "last"]), summary: "from a language model: pooling", default: "mean"),
            ClassifierSupport.promptKey,
            KeySpec("dropout", .number(NumberRange(lower: 0, lowerInclusive: true, upper: 1, upperInclusive: false)), summary: "from a language model: trunk dropout", example: "0.1"),
            KeySpec("runName", aliases: ["run"], .newName, summary: "the run's name (default r1, r2, ...)", example: "ft1"),
            KeySpec("seeds", .integer(in: 1...20), summary: "repeat the fine-tune with seeds seed, seed+1, ...; report mean ± sd", example: "5"),
            KeySpec("augment", .integer(in: 0...8), summary: "image models: move every training image by up to N pixels at random, each time it is drawn", example: "2"),
        ] + TrainingKeys.keys
    ) { invocation, context in
        let modelName = invocation.text("model") ?? ""
        let dataName = invocation.text("data") ?? ""
        if let image = context.session.object(named: modelName) as? ImageModelObject {
            try ImageFinetune.run(invocation, model: image, context: context)
            return
        }
        if invocation.typedKeys.contains("augment") {
            throw CommandError("augment= moves images; it is for image models (vision train), not for \(modelName)")
        }
        let source = try TrainingRunner.model(modelName, context: context, verb: "finetune")
        let dataset = try TrainingData.labelled(dataName, for: invocation.text("new") ?? "the classifier", context: context)
        let runName = invocation.text("runName") ?? TrainingRunner.nextRunName(in: context.session)
        try TrainingRunner.checkRunName(runName, in: context.session)
        if let seeds = invocation.integer("seeds") {
            try FineTuneSeeds.run(count: seeds, invocation: invocation, source: source, dataset: dataset, runName: runName, context: context)
            return
        }
        let setup = try FineTuneSetup(invocation, source: source, dataset: dataset, context: context)
        if setup.classifier !== source { context.session.add(setup.classifier) }
        setup.printHeader(dataset: dataset, context: context)
        context.session.add(try setup.train(on: dataset, runName: runName, context: context, quiet: false))
    }
}

/// One fine-tune ready to train: the classifier, the strategy it prepared and the options.
struct FineTuneSetup {
    let classifier: ClassifierObject
    let strategy: FineTuningStrategy
    let prepared: PreparedFineTuning
    let options: TrainingOptions
    let settings: [(key: String, value: String)]
    /// The strategy key as typed (`full` when not).
    let strategyName: String

    /// Reads `invocation`'s keys and builds the classifier to train.
    /// - Parameters:
    ///   - seed: replaces `seed=` and the session seed: the head's starting weights, the batch order, dropout.
    ///   - copyOf: train a fresh copy of this classifier, called `copyName`, kept out of the session.
    init(_ invocation: CommandInvocation, source: any TrainableModel, dataset: DatasetObject, seed: UInt64? = nil,
         copyOf: ClassifierObject? = nil, copyName: String? = nil, context: CommandContext) throws {
        let modelName = invocation.text("model") ?? ""
        // -- the classifier to train
        let classifier: ClassifierObject
        if let language = source as? LanguageModelObject {
            let newName = copyName ?? invocation.text("new") ?? "\(modelName)_ft"
            if copyName == nil { try FineTuneSupport.checkFreshName(newName, context: context) }
            let shape = try ClassifierSupport.shape(invocation)
            classifier = try ClassifierSupport.make(
                name: newName, source: language.name, like: nil, labels: dataset.labelNames,
                pooling: shape.pooling, prompt: shape.prompt, dropout: invocation.number("dropout").map(Float.init),
                seed: seed ?? invocation.integer("seed").map(UInt64.init) ?? context.session.seed, context: context)
        } else {
            guard let existing = source as? ClassifierObject else { throw CommandError("\(modelName) is not a language model or a classifier.") }
            if invocation.typedKeys.contains("pool") || invocation.typedKeys.contains("dropout") || invocation.typedKeys.contains("prompt") {
                throw CommandError("pool=, prompt= and dropout= shape a new classifier; \(modelName) already has its own. Fine-tune a language model to set them.")
            }
            if let copyOf {
                classifier = try copyOf.copy(named: copyName ?? copyOf.name)
            } else if let newName = invocation.text("new") {
                try FineTuneSupport.checkFreshName(newName, context: context)
                classifier = try existing.copy(named: newName)
            } else {
                classifier = existing
            }
        }
        // -- the strategy
        let strategy: FineTuningStrategy
        let blocks = classifier.classifier.trunk.blocks.count
        switch invocation.text("strategy") ?? "full" {
        case "head": strategy = .headOnly
        case "freeze":
            let count = invocation.integer("freeze") ?? 1
            guard count <= blocks else { throw CommandError("freeze=\(count): \(classifier.name) has \(blocks) blocks; freeze expects 0 to \(blocks).") }
            strategy = .freezeBlocks(Array(0..<count), embeddings: true)
        case "gradual": strategy = .gradualUnfreezing(everyEpochs: invocation.integer("every") ?? 1)
        case "discriminative": strategy = .discriminative(factor: Float(invocation.number("factor") ?? 2.6))
        case "lora":
            let configuration = LoRAConfiguration(rank: invocation.integer("rank") ?? 4, alpha: Float(invocation.number("alpha") ?? 8))
            if let existing = classifier.lora, existing != configuration {
                throw CommandError("\(classifier.name) already has LoRA adapters (r=\(existing.rank)); fine-tune it with rank=\(existing.rank) alpha=\(OutputRendering.number(existing.alpha)), or start from the language model.")
            }
            strategy = .lora(configuration)
            classifier.lora = configuration
        case "scratch":
            throw CommandError("strategy=scratch is for image models (a LeNet-5 from random weights); "
                + "for a text model from scratch, fine-tune a fresh one: model new NAME, then finetune NAME on DATA")
        default: strategy = .full
        }
        var values: [String: ArgumentValue] = [:]
        for name in invocation.typedKeys where TrainingKeys.names.contains(name) { values[name] = invocation.keys[name] }
        if let seed { values["seed"] = .integer(Int(seed)) }
        let (options, settings) = try TrainingKeys.options(values, languageModel: false, seed: context.session.seed)
        let prepared = try strategy.prepare(classifier.classifier, weightDecay: options.weightDecay, seed: options.seed)
        self.classifier = classifier
        self.strategy = strategy
        self.prepared = prepared
        self.options = options
        self.settings = settings
        strategyName = invocation.text("strategy") ?? "full"
    }

    /// What is fine-tuned, how, and the table of trainable parameters.
    func printHeader(dataset: DatasetObject, context: CommandContext) {
        let promptNote = classifier.classifier.prompt.map { " Texts are read as \"\($0.template)\", from the last token." } ?? ""
        context.output.line("Fine-tuning \(classifier.name) (from \(classifier.origin)) on \(dataset.name): \(strategy.name).\(promptNote)")
        FineTuneSupport.printParameterReport(prepared.report, title: "trainable parameters of \(classifier.name)", context: context)
    }

    /// Trains the classifier; returns the run (not yet added to the session).
    func train(on dataset: DatasetObject, runName: String, context: CommandContext, quiet: Bool) throws -> RunObject {
        try TrainingRunner.run(
            TrainingTarget(classifier, on: dataset), options: options, settings: [("strategy", strategyName)] + settings,
            runName: runName, parameterGroups: prepared.groups, onEpochStart: prepared.onEpochStart, strategy: strategy,
            context: context, quiet: quiet)
    }
}

enum FineTuneSupport {
    static func checkFreshName(_ name: String, context: CommandContext) throws {
        if let existing = context.session.object(named: name) {
            throw CommandError("\(name) is already a \(existing.kind.name) in the session; choose another name with `as NEW`"
                + (existing is ClassifierObject ? ", or fine-tune \(name) itself." : "."))
        }
    }

    /// Total and trainable parameters per part of the model.
    static func printParameterReport(_ report: ParameterReport, title: String, context: CommandContext) {
        let output = context.output
        let table = TableRenderer(titles: ["part", "parameters", "trainable"], title: title)
        var rows: [[TableRenderer.Cell]] = report.parts.map { [.text($0.name), .integer($0.total), .integer($0.trainable)] }
        rows.append([.text("total"), .integer(report.total), .integer(report.trainable)])
        OutputRendering.print(table.render(rows: rows, style: OutputRendering.style(for: output)), to: output)
        output.line("\(NumberFormatting.format(report.trainablePercentage, significantDigits: 3))% of the parameters will learn.")
    }
}
