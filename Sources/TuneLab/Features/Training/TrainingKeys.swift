import TuneModels

/// The keys every training command shares (`train`, `finetune`, `sweep`), and how their
/// values become `TrainingOptions`.
enum TrainingKeys {
    /// `schedule=` values as typed, in help order, and the schedule each names.
    static let schedules: [(name: String, schedule: TrainingOptions.Schedule)] = [
        ("constant", .constant), ("cosine", .cosine), ("linear", .linear), ("onecycle", .oneCycle),
    ]

    /// `optimizer=` values, in help order (typed as their raw values: adamw, adam, sgd).
    static let optimizers: [TrainingOptions.OptimizerKind] = [.adamW, .adam, .sgd]

    /// Key specs; defaults depend on the model (a language model or a classifier), so none is set here.
    static let keys: [KeySpec] = [
        KeySpec("steps", .integer(in: 1...1_000_000), summary: "optimizer steps (default: \(TrainingKeys.languageModelSteps) for a language model)", example: "200"),
        KeySpec("epochs", .integer(in: 1...10_000), summary: "passes over the training data (default: 12 for a classifier)", example: "5"),
        KeySpec("batchSize", aliases: ["batch"], .integer(in: 1...4096), summary: "examples or token windows per step (default 16)", example: "16"),
        KeySpec("learningRate", aliases: ["lr"], .number(above: 0), summary: "the peak learning rate (default 5e-3 for a language model, 1e-3 for a classifier)", example: "3e-4"),
        KeySpec("schedule", .choice(schedules.map(\.name)), summary: "how the rate changes over the run (default cosine)"),
        KeySpec("warmup", aliases: ["warmupSteps"], .integer(in: 0...1_000_000), summary: "steps of linear warmup (default 30 / 4)", example: "20"),
        KeySpec("weightDecay", aliases: ["decay", "wd"], .number(in: 0...10), summary: "AdamW weight decay (default 0.1 / 0.01)", example: "0.1"),
        KeySpec("clip", aliases: ["gradientClipping"], .number(atLeast: 0), summary: "clip the global gradient norm to this; 0 = no clipping (default 1)", example: "1"),
        KeySpec("seed", .integer(atLeast: 0), summary: "batch order and dropout (default: the session seed)", example: "1"),
        KeySpec("evaluateEvery", aliases: ["eval"], .integer(atLeast: 1), summary: "evaluate every N steps (default: a tenth of the run, or every epoch)", example: "50"),
        KeySpec("earlyStop", aliases: ["early_stop", "patience"], .integer(atLeast: 1), summary: "stop after N evaluations without improvement", example: "3"),
        KeySpec("keepBest", aliases: ["keep_best"], .boolean, summary: "at the end, restore the weights of the best evaluation (default no)"),
        KeySpec("optimizer", .choice(optimizers.map(\.rawValue)), summary: "the update rule (default adamw)"),
    ]

    /// The lessons' pre-training length, for the help text.
    static var languageModelSteps: String {
        if case .steps(let steps) = PretrainingRecipe.lessons.options.length { return String(steps) }
        return "the lessons' recipe"
    }

    /// Names of the keys above.
    static var names: [String] { keys.map(\.name) }

    /// The defaults for a language model (the lessons' pre-training recipe) or a classifier
    /// (the lessons' fine-tuning recipe, without keeping the best weights unless asked).
    static func defaults(languageModel: Bool, seed: UInt64) -> TrainingOptions {
        var options = languageModel ? PretrainingRecipe.lessons.options : FineTuningRecipe.lessons.options
        options.seed = seed
        options.keepBestWeights = false
        options.monitor = languageModel ? .validationLoss : .validationAccuracy
        options.evaluateEvery = nil
        return options
    }

    /// `values` (key name → value, only the keys given) applied over the defaults; returns
    /// the options and the settings to show (the keys given, then the main defaults).
    static func options(_ values: [String: ArgumentValue], languageModel: Bool, seed: UInt64) throws
        -> (options: TrainingOptions, settings: [(key: String, value: String)]) {
        var options = defaults(languageModel: languageModel, seed: seed)
        func integer(_ name: String) -> Int? { if case .integer(let v)? = values[name] { return v }; return nil }
        func number(_ name: String) -> Double? {
            switch values[name] { case .number(let v)?: return v; case .integer(let v)?: return Double(v); default: return nil }
        }
        if integer("steps") != nil, integer("epochs") != nil {
            throw CommandError("steps= and epochs= both given; choose one: steps counts optimizer steps, epochs counts passes over the data.")
        }
        if let steps = integer("steps") { options.length = .steps(steps) }
        if let epochs = integer("epochs") { options.length = .epochs(epochs) }
        if let batch = integer("batchSize") { options.batchSize = batch }
        if let rate = number("learningRate") {
            guard rate <= 100 else { throw CommandError("lr=\(rate): lr expects a number > 0 and at most 100, e.g. lr=3e-4") }
            options.learningRate = Float(rate)
        }
        if case .text(let typed)? = values["schedule"], let schedule = schedules.first(where: { $0.name == typed })?.schedule {
            options.schedule = schedule
        }
        if let warmup = integer("warmup") { options.warmupSteps = warmup }
        if let decay = number("weightDecay") { options.weightDecay = Float(decay) }
        if let clip = number("clip") { options.gradientClipping = clip == 0 ? nil : Float(clip) }
        if let seed = integer("seed") { options.seed = UInt64(seed) }
        if let every = integer("evaluateEvery") { options.evaluateEvery = every }
        if let patience = integer("earlyStop") { options.earlyStoppingPatience = patience }
        if case .boolean(let keep)? = values["keepBest"] { options.keepBestWeights = keep }
        if case .text(let typed)? = values["optimizer"], let optimizer = TrainingOptions.OptimizerKind(rawValue: typed) {
            options.optimizer = optimizer
        }
        // Settings as shown in tables: the length and rate always, then what was typed.
        var settings: [(key: String, value: String)] = []
        switch options.length {
        case .steps(let steps): settings.append(("steps", String(steps)))
        case .epochs(let epochs): settings.append(("epochs", String(epochs)))
        }
        settings.append(("lr", NumberFormatting.setting(Double(options.learningRate))))
        let shown: [(String, String)] = [("batchSize", "batch"), ("schedule", "schedule"), ("warmup", "warmup"), ("weightDecay", "decay"),
                                         ("clip", "clip"), ("seed", "seed"), ("evaluateEvery", "eval"), ("earlyStop", "early_stop"),
                                         ("keepBest", "keep_best"), ("optimizer", "optimizer")]
        for (name, label) in shown {
            if let value = values[name] {
                if case .number(let v) = value { settings.append((label, NumberFormatting.setting(v))) } else { settings.append((label, value.description)) }
            }
        }
        return (options, settings)
    }

    /// A number as typed-looking text: 0.001, 3e-4 (`NumberFormatting.setting`; kept for
    /// the vision commands).
    static func format(_ value: Double) -> String { NumberFormatting.setting(value) }
}
