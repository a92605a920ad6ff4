import Foundation
import TuneEngine
import TuneModels

/// `export script RUN DIR`: a training run as a PyTorch program that repeats it. Language-model
/// runs are written here; classifier runs by `ClassifierScriptExport`, image models (their
/// latest `vision train`) by `ImageModelExport`.
///
///     DIR/train.py           the program (the same for every run; see `TrainingScript`)
///     DIR/recipe.json        the run's settings, as it recorded them
///     DIR/model/             the model before the first step, as a GPT2LMHeadModel folder
///     DIR/train.jsonl        the training windows in the order the run drew them
///     DIR/validation.jsonl   the windows the run evaluated on
///     DIR/README.md          how to run it, on more processes, and with a bigger model
///
/// Batch order: the run drew each step's windows at random from its seed; the same draw
/// is replayed here and written out batch by batch, so the program reads them in order
/// and needs no random generator of its own for data.
enum ScriptExport {
    static func run(runName: String, folder path: String, context: CommandContext) throws {
        let object = context.session.object(named: runName)
        // An image model carries its latest training itself (`vision train` makes no run object).
        if let image = object as? ImageModelObject {
            try ImageModelExport.run(image, withScript: true, folder: path, context: context)
            return
        }
        guard let run = object as? RunObject else {
            throw CommandError("export script needs a training run (train or finetune ... run=NAME) or an image model (vision train NAME); "
                + (object.map { "\(runName) is a \(exportKindName($0))." } ?? "the session has no \(runName)."))
        }
        if run.task == .classifier {
            guard let recording = run.classifierRecording else {
                throw CommandError("export script \(runName): the run kept no record of its start weights and batches; run it again to export it.")
            }
            try ClassifierScriptExport.run(run, recording: recording, folder: path, context: context)
            return
        }
        guard run.task == .languageModel, let starting = run.startingModel else {
            throw CommandError("export script \(runName): a \(run.task) run cannot be exported as a script: only language-model, classifier and image-model training is.")
        }
        guard let model = context.session.object(named: run.modelName) as? LanguageModelObject,
              let corpus = context.session.object(named: run.dataName) as? TextCorpusObject else {
            throw CommandError("export script \(runName): the run's model \(run.modelName) or corpus \(run.dataName) is no longer in the session.")
        }
        let options = run.options
        let (training, validation) = try TrainingData.tokens(of: corpus, for: model)
        let context_ = starting.configuration.contextLength
        let windows = try TokenWindows(tokens: training, contextLength: context_)
        let batchesPerEpoch = max(1, (run.itemsPerEpoch + options.batchSize - 1) / options.batchSize)
        let totalSteps: Int
        switch options.length {
        case .steps(let steps): totalSteps = steps
        case .epochs(let epochs): totalSteps = epochs * batchesPerEpoch
        }
        // The trainer's draw, replayed: one generator from the seed, batchSize starts a step.
        var generator = RandomGenerator(seed: options.seed)
        var trainLines = ""
        for _ in 0..<totalSteps {
            for _ in 0..<options.batchSize {
                let start = generator.nextInt(below: windows.startCount)
                trainLines += windowLine(Array(training[start...(start + context_)]))
            }
        }
        var validationLines = ""
        if let validation, let held = try? TokenWindows(tokens: validation, contextLength: context_) {
            for start in held.evaluationStarts() { validationLines += windowLine(Array(validation[start...(start + context_)])) }
        }
        let recipe: [String: Any] = [
            "run": run.name, "model": run.modelName, "data": run.dataName,
            "optimizer": options.optimizer.rawValue, "learning_rate": Double(options.learningRate),
            "schedule": options.schedule.rawValue, "warmup_steps": options.warmupSteps,
            "weight_decay": Double(options.weightDecay), "gradient_clipping": options.gradientClipping.map { Double($0) as Any } ?? NSNull(),
            "batch_size": options.batchSize, "total_steps": totalSteps, "steps_taken": run.history.steps,
            "evaluate_every": options.evaluateEvery.map { $0 as Any } ?? NSNull(),
            "early_stopping_patience": options.earlyStoppingPatience.map { $0 as Any } ?? NSNull(),
            "seed": Int(options.seed), "dropout": Double(starting.configuration.dropout),
            "tunelab_losses": run.history.trainLosses.map { Double($0) },
        ]
        let target = URL(fileURLWithPath: CommandParser.expandingTilde(path))
        do {
            try StagedFolder.write(to: target) { staging in
                try HuggingFaceGPT.export(starting, to: staging.appendingPathComponent("model"))
                try trainLines.write(to: staging.appendingPathComponent("train.jsonl"), atomically: false, encoding: .utf8)
                if !validationLines.isEmpty {
                    try validationLines.write(to: staging.appendingPathComponent("validation.jsonl"), atomically: false, encoding: .utf8)
                }
                let data = try JSONSerialization.data(withJSONObject: recipe, options: [.prettyPrinted, .sortedKeys])
                try data.write(to: staging.appendingPathComponent("recipe.json"))
                try TrainingScript.python.write(to: staging.appendingPathComponent("train.py"), atomically: false, encoding: .utf8)
                try readme(run: run, totalSteps: totalSteps).write(to: staging.appendingPathComponent("README.md"), atomically: false, encoding: .utf8)
            }
        } catch {
            throw CommandError("export script \(runName): \(error)")
        }
        context.output.line("Wrote \(runName) to \(target.path): train.py, recipe.json, model/ (the starting weights), "
            + "train.jsonl (\(totalSteps) batches of \(options.batchSize) windows, in the run's order), README.md.")
        context.output.line("Run it: python \(path)/train.py   or   torchrun --nproc_per_node=2 \(path)/train.py")
    }

    /// What an object is, in words, for messages.
    static func exportKindName(_ object: SessionObject) -> String {
        switch object {
        case is LanguageModelObject: return "language model (export hf \(object.name) DIR writes it as a GPT-2 folder)"
        case is ClassifierObject: return "classifier; its runs export (export script RUN DIR)"
        default: return object.kind.name
        }
    }

    static func windowLine(_ tokens: [Int]) -> String {
        "{\"tokens\": [" + tokens.map(String.init).joined(separator: ", ") + "]}\n"
    }

    static func readme(run: RunObject, totalSteps: Int) -> String {
        """
        # \(run.name): \(run.modelName) on \(run.dataName), repeated in PyTorch

        TuneLab trained this run for \(run.history.steps) steps \
        (\(run.settings.map { "\($0.key)=\($0.value)" }.joined(separator: " "))). `train.py` repeats it with
        transformers and accelerate, from the same starting weights (`model/`), on the same windows in the same
        order (`train.jsonl`), with the same optimizer, schedule, clipping and weight decay (`recipe.json`).

        ## Run it

            python -m venv .venv && .venv/bin/pip install torch transformers accelerate
            .venv/bin/python train.py                      # CPU or one GPU, whichever is there
            .venv/bin/torchrun --nproc_per_node=2 train.py # two processes (GPUs, or CPU with gloo)
            .venv/bin/accelerate launch train.py           # after `accelerate config`, any number of GPUs or machines

        Every step prints its loss; TuneLab's are in recipe.json (`tunelab_losses`). The first step's loss is the
        same to about 1e-6; later steps drift by float rounding (different summation order), around 1e-5 after a
        few steps. Several processes split each batch between them, so they train on exactly the same windows;
        the batch size (\(run.options.batchSize)) must divide by the number of processes. The trained model is
        saved to `trained/`.

        ## Scale it up

        `--model` starts from any GPT-2 checkpoint instead, for example `--model gpt2` (124M parameters) or
        `--model gpt2-medium` (355M), downloaded by transformers. Those use GPT-2's own tokenizer (50,257 byte-level
        tokens), so the windows must be re-tokenized: replace `windows()` with
        `AutoTokenizer.from_pretrained("gpt2")` on your text. For classification, start from
        `AutoModelForSequenceClassification.from_pretrained("bert-base-uncased", num_labels=...)` or
        `sentence-transformers/all-MiniLM-L6-v2` with the same optimizer and schedule code. On GPUs, raise
        `batch_size` in recipe.json and add `mixed_precision="bf16"` to `Accelerator(...)`.
        """
    }
}
