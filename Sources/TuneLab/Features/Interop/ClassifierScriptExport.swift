import Foundation
import TuneCheckpoint
import TuneEngine
import TuneModels

/// `export script RUN DIR` for a classifier run (`finetune MODEL on DATA`, or `train CLF on DATA`):
///
///     DIR/train.py           the program (`ClassifierTrainingScript`)
///     DIR/recipe.json        the settings, the parameter groups and frozen weights (the strategy), TuneLab's losses
///     DIR/model/             the trunk before the first step, as a GPT-2 folder
///     DIR/head.safetensors   the head before the first step
///     DIR/adapters.safetensors  LoRA runs: the adapters before the first step
///     DIR/train.jsonl        the training examples as the run encoded them
///     DIR/validation.jsonl   the validation examples
///     DIR/batches.jsonl      every step's batch, in the run's order
///     DIR/README.md          how to run it, and how to go bigger
enum ClassifierScriptExport {
    static func run(_ run: RunObject, recording: ClassifierRunRecording, folder path: String, context: CommandContext) throws {
        if let reason = recording.notRepeatable {
            throw CommandError("export script \(run.name): a \(strategy(of: run)) run cannot be exported as a script: \(reason).")
        }
        // -- the trunk before the first step, and each of our keys' name in the PyTorch module
        let trunk = try GPT(recording.configuration, seed: 0)
        var start: [String: (shape: [Int], values: [Float])] = [:]
        for weight in recording.startingWeights { start[weight.key] = (weight.shape, weight.values) }
        for (key, tensor) in trunk.namedParameters() {
            guard let weight = start["trunk." + key] else { throw CommandError("export script \(run.name): the recorded trunk has no \(key)") }
            tensor.values = weight.values
        }
        var pythonName = ["head.weight": "head.weight", "head.bias": "head.bias"]
        // GPT2Model is the module's `transformer`, so its names are the checkpoint's (the
        // untied language-model head, lm_head, is not part of it: a classifier never uses it).
        for tensor in trunk.huggingFaceTensors where tensor.name.hasPrefix("transformer.") {
            for key in tensor.keys { pythonName["trunk." + key] = tensor.name }
        }
        // LoRA adapters become modules beside GPT-2's c_attn: attn.lora_query.down (A), .up (B).
        var adapters: [(name: String, shape: [Int], values: [Float])] = []
        if let lora = recording.lora {
            for index in trunk.blocks.indices {
                for target in lora.targetModules {
                    guard let part = ClassifierRunRecording.fusedAttentionPart(of: target) else { continue }
                    for leaf in ["down", "up"] {
                        let key = "trunk.blocks.\(index).attention.\(part).adapter.\(leaf)"
                        guard let weight = start[key] else { throw CommandError("export script \(run.name): the recorded classifier has no \(key)") }
                        let name = "transformer.h.\(index).attn.lora_\(part).\(leaf)"
                        pythonName[key] = name
                        adapters.append((name, weight.shape, weight.values))
                    }
                }
            }
        }
        let (groups, frozen) = try pythonGroups(recording, names: pythonName, run: run.name)
        let recipe = recipe(run, recording: recording, groups: groups, frozen: frozen)
        guard let head = start["head.weight"], let bias = start["head.bias"] else {
            throw CommandError("export script \(run.name): the recorded classifier has no head")
        }
        let target = URL(fileURLWithPath: CommandParser.expandingTilde(path))
        do {
            try StagedFolder.write(to: target) { staging in
                func write(_ text: String, _ name: String) throws {
                    try text.write(to: staging.appendingPathComponent(name), atomically: false, encoding: .utf8)
                }
                try HuggingFaceGPT.export(try LanguageModel(gpt: trunk, tokenizer: recording.tokenizer), to: staging.appendingPathComponent("model"))
                try writeSafetensors([("head.weight", head.shape, head.values), ("head.bias", bias.shape, bias.values)],
                                     metadata: ["format": "pt"], to: staging.appendingPathComponent("head.safetensors"))
                if !adapters.isEmpty {
                    try writeSafetensors(adapters, metadata: ["format": "pt"], to: staging.appendingPathComponent("adapters.safetensors"))
                }
                try write(try lines(recording.training), "train.jsonl")
                if let validation = recording.validation { try write(try lines(validation), "validation.jsonl") }
                try write(recording.batches.map { "[" + $0.map(String.init).joined(separator: ", ") + "]\n" }.joined(), "batches.jsonl")
                try JSONSerialization.data(withJSONObject: recipe, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
                    .write(to: staging.appendingPathComponent("recipe.json"))
                try write(ClassifierTrainingScript.python, "train.py")
                try write(readme(run, recording: recording), "README.md")
            }
        } catch {
            throw CommandError("export script \(run.name): \(error)")
        }
        context.output.line("Wrote \(run.name) (\(strategy(of: run)) of \(recording.classifierName) on \(run.dataName)) to \(target.path): "
            + "train.py, recipe.json, model/ and head.safetensors (the starting weights), train.jsonl (\(recording.training.sequences.count) examples), "
            + "batches.jsonl (\(recording.batches.count) steps, in the run's order), README.md.")
        context.output.line("Run it: python \(path)/train.py   or   torchrun --nproc_per_node=2 \(path)/train.py")
    }

    static func strategy(of run: RunObject) -> String {
        run.setting("strategy").map { "strategy=\($0)" } ?? "train"
    }

    /// The optimizer groups and the frozen weights under PyTorch's names. Query, key and
    /// value are one tensor there (c_attn): their groups and trainability must agree.
    static func pythonGroups(_ recording: ClassifierRunRecording, names: [String: String], run: String) throws
        -> (groups: [[String: Any]], frozen: [String]) {
        var groupOf: [String: String] = [:]
        var trainable: [String: Bool] = [:]
        var groups: [[String: Any]] = []
        for group in recording.groups {
            var members: [String] = []
            for key in group.keys {
                guard let name = names[key] else {
                    // Only the untied language-model head has no name: it gets no gradient here.
                    if key.hasPrefix("trunk.head.") { continue }
                    throw CommandError("export script \(run): \(key) has no counterpart in GPT2Model")
                }
                let isTrainable = recording.trainable.contains(key)
                if let other = groupOf[name], other != group.name {
                    throw CommandError("export script \(run): \(name) holds weights of two optimizer groups (\(other), \(group.name)); PyTorch cannot split one tensor between groups")
                }
                if let earlier = trainable[name], earlier != isTrainable {
                    throw CommandError("export script \(run): \(name) holds frozen and trainable weights at once; PyTorch freezes whole tensors")
                }
                trainable[name] = isTrainable
                if groupOf[name] == nil { members.append(name) }
                groupOf[name] = group.name
            }
            guard !members.isEmpty else { continue }
            groups.append(["name": group.name, "params": members, "lr_multiplier": Double(group.learningRateMultiplier),
                           "weight_decay": Double(group.weightDecay)])
        }
        return (groups, trainable.filter { !$0.value }.map(\.key).sorted())
    }

    static func recipe(_ run: RunObject, recording: ClassifierRunRecording, groups: [[String: Any]], frozen: [String]) -> [String: Any] {
        let options = run.options
        let batchesPerEpoch = max(1, (run.itemsPerEpoch + options.batchSize - 1) / options.batchSize)
        let totalSteps: Int
        switch options.length {
        case .steps(let steps): totalSteps = steps
        case .epochs(let epochs): totalSteps = epochs * batchesPerEpoch
        }
        return [
            "run": run.name, "classifier": recording.classifierName, "data": run.dataName, // `train` on a classifier keeps whatever it had frozen: see "frozen".
            "strategy": run.setting("strategy") ?? "train",
            "labels": recording.labels, "pooling": recording.pooling.rawValue, "padding_id": recording.paddingID,
            "prompt_template": recording.prompt.map { $0.template as Any } ?? NSNull(),
            "lora": recording.lora.map { lora -> Any in
                ["rank": lora.rank, "alpha": Double(lora.alpha),
                 "targets": lora.targetModules.compactMap(ClassifierRunRecording.fusedAttentionPart(of:))]
            } ?? NSNull(),
            "optimizer": options.optimizer.rawValue, "learning_rate": Double(options.learningRate),
            "schedule": options.schedule.rawValue, "warmup_steps": options.warmupSteps,
            "weight_decay": Double(options.weightDecay), "gradient_clipping": options.gradientClipping.map { Double($0) as Any } ?? NSNull(),
            "batch_size": options.batchSize, "total_steps": totalSteps, "steps_taken": run.history.steps,
            // TuneLab evaluates classifiers at the end of every epoch unless told otherwise.
            "evaluate_every": options.evaluateEvery ?? batchesPerEpoch,
            "early_stopping_patience": options.earlyStoppingPatience.map { $0 as Any } ?? NSNull(),
            "keep_best": options.keepBestWeights, "monitor": options.monitor.rawValue,
            "seed": Int(options.seed), "dropout": Double(recording.configuration.dropout),
            "groups": groups, "frozen": frozen,
            "unfreeze_every_epochs": recording.unfreezingEveryEpochs.map { $0 as Any } ?? NSNull(),
            "tunelab_losses": run.history.trainLosses.map { Double($0) },
            "tunelab_evaluations": run.history.evaluations.map { evaluation -> [String: Any] in
                ["step": evaluation.step, "loss": Double(evaluation.loss), "accuracy": evaluation.accuracy.map { Double($0) as Any } ?? NSNull()]
            },
        ]
    }

    /// One JSON object a line: the text, the token ids the classifier read, the class index.
    static func lines(_ examples: ClassifierRunRecording.Examples) throws -> String {
        var text = ""
        for index in examples.sequences.indices {
            let row: [String: Any] = ["text": index < examples.texts.count ? examples.texts[index] : "",
                                      "ids": examples.sequences[index], "label": examples.labels[index]]
            let data = try JSONSerialization.data(withJSONObject: row, options: [.sortedKeys, .withoutEscapingSlashes])
            text += String(decoding: data, as: UTF8.self) + "\n"
        }
        return text
    }

    static func readme(_ run: RunObject, recording: ClassifierRunRecording) -> String {
        let promptNote = recording.prompt.map { " Every text was read inside the prompt \"\($0.template)\"; the ids in train.jsonl include it." } ?? ""
        return """
        # \(run.name): fine-tuning \(recording.classifierName) on \(run.dataName), repeated in PyTorch

        TuneLab trained this classifier (a GPT trunk, \(recording.pooling.rawValue) pooling, a head of \(recording.labels.count) classes:
        \(recording.labels.joined(separator: ", "))) for \(run.history.steps) steps \
        (\(run.settings.map { "\($0.key)=\($0.value)" }.joined(separator: " "))).\(promptNote)
        `train.py` repeats it with transformers and accelerate: the same starting weights (`model/`, `head.safetensors`),
        the same examples in the same batches (`train.jsonl`, `batches.jsonl`), the same optimizer, schedule,
        clipping, weight decay, and the same weights frozen or slowed (`recipe.json`: `frozen`, `groups`).\(recording.lora.map { " LoRA adapters (r=\($0.rank), α=\($0.alpha)) sit beside GPT-2's fused query/key/value layer, starting from `adapters.safetensors`; with the `peft` library the same idea is `LoraConfig(target_modules=[\"c_attn\"])`, which adapts all three parts at once." } ?? "")

        ## Run it

            python -m venv .venv && .venv/bin/pip install torch transformers accelerate safetensors
            .venv/bin/python train.py                      # CPU or one GPU, whichever is there
            .venv/bin/torchrun --nproc_per_node=2 train.py # two processes (GPUs, or CPU with gloo)
            .venv/bin/accelerate launch train.py           # after `accelerate config`, any number of GPUs or machines

        Every step prints its loss beside TuneLab's. The first agrees to the last digits or nearly; later ones drift
        apart slowly by float rounding (sums in other orders).\(recording.configuration.dropout > 0
            ? " This run used dropout \(recording.configuration.dropout): PyTorch draws other masks, so even the first losses differ." : "")
        The trained trunk is saved to `trained/`, the head to `trained/head.pt`.

        ## Scale it up

        The same recipe on a real model: `AutoModelForSequenceClassification.from_pretrained("bert-base-uncased",
        num_labels=\(recording.labels.count))` or `("gpt2", num_labels=\(recording.labels.count))` with its own tokenizer
        (`AutoTokenizer.from_pretrained(...)` on the `text` field instead of `ids`), the same optimizer, schedule and
        freezing code, and `mixed_precision="bf16"` in `Accelerator(...)` on GPUs.

        """
    }
}
