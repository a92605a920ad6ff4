import TuneModels

extension CommandSpec {
    /// `train MODEL on DATA [keys] [as RUN]`: pre-train a language model or train a classifier.
    public static let train = CommandSpec(
        verb: "train",
        summary: "train a language model on a corpus, or a classifier on a labelled dataset",
        details: """
            A language model learns to predict the next token of a corpus (train base on corpus); \
            a classifier learns labels (train clf on films). A progress bar shows the loss; at the \
            end a table lists every evaluation on held-out data and a sparkline draws the loss. \
            The run is kept under its name (as r1, or r1, r2, ... by default) for diagnose, compare \
            and plot, and for checks: r1.best.valLoss, r1.final.trainLoss, r1.gap, r1.diverged, ... \
            Ctrl-C stops at the next step and keeps what was learned. Training again continues \
            from the current weights with a fresh optimizer: a copy of a pre-trained model trained \
            on one domain's unlabelled text (model copy base b2, data text t from films, train b2 on t \
            steps=50 lr=1e-3) is continued pre-training.
            """,
        examples: ["train base on corpus steps=200", "train clf on films epochs=5 lr=1e-3 as r2",
                   "train clf on films epochs=30 early_stop=3 keep_best=yes"],
        positionals: [
            PositionalSpec("model", .object(.model), summary: "the model to train"),
            PositionalSpec("data", .text, summary: "a corpus or labelled dataset (shipped ones load by name)", keyword: "on"),
            PositionalSpec("run", .newName, summary: "the run's name (default r1, r2, ...)", required: false, keyword: "as"),
        ],
        keys: TrainingKeys.keys
    ) { invocation, context in
        let modelName = invocation.text("model") ?? ""
        let target = try TrainingRunner.target(model: modelName, data: invocation.text("data") ?? "", context: context, verb: "train")
        let runName = invocation.text("run") ?? TrainingRunner.nextRunName(in: context.session)
        try TrainingRunner.checkRunName(runName, in: context.session)
        var values: [String: ArgumentValue] = [:]
        for name in invocation.typedKeys { values[name] = invocation.keys[name] }
        let (options, settings) = try TrainingKeys.options(values, languageModel: target.isLanguageModel, seed: context.session.seed)
        if let classifier = target.model as? ClassifierObject {
            FineTuneSupport.printParameterReport(ParameterReport(classifier.classifier), title: "trainable parameters of \(classifier.name)", context: context)
        }
        let run = try TrainingRunner.run(target, options: options, settings: settings, runName: runName, context: context)
        context.session.add(run)
    }
}
