import Foundation
import TuneEngine
import TuneModels

/// `encoder finetune`: training the encoder (all of it, or LoRA adapters) with a head.
extension EncoderActions {
    static func fineTune(_ invocation: CommandInvocation, context: CommandContext) throws {
        let object = try encoderObject(invocation, context)
        let spec = invocation.text("dataset")!
        let data = try EncoderData.resolve(spec, session: context.session)
        let strategyName = invocation.text("strategy") ?? "lora"
        if strategyName != "lora", let stray = ["rank", "alpha"].first(where: { invocation.typedKeys.contains($0) }) {
            throw CommandError("\(stray): only strategy=lora uses it (strategy is \(strategyName)).")
        }
        let name = resultName(invocation, "ft")
        if let count = invocation.integer("seeds") {
            if let save = invocation.text("save") {
                throw CommandError("save=\(save): with seeds=\(count) there are \(count) models; run once with seed=S to save one.")
            }
            try fineTuneSeeds(count: count, invocation: invocation, object: object, data: data, spec: spec, name: name, context: context)
            return
        }
        let saveURL = try invocation.text("save").map {
            try saveLocation(try context.writableURL($0, argument: "save=").path, given: $0, strategy: strategyName)
        }
        let result = try fineTuneOnce(invocation, object: object, data: data, spec: spec, seed: seed(invocation, context),
                                      name: name, header: true, context: context)
        context.session.add(result)
        let output = context.output
        let history = result.history, losses = history.trainLosses
        if history.stop != .finished { output.line("\(history.stop) after \(history.steps) steps; the model keeps what it learned.") }
        output.line("trained \(history.steps) steps in \(String(format: "%.1f", result.trainingSeconds)) s (\(String(format: "%.1f", result.secondsPerEpoch)) s per epoch of \(result.task.trainingSequences.count) sentences); "
            + "loss \(String(format: "%.3f", losses.first ?? 0)) → \(String(format: "%.3f", history.recentTrainLoss(over: 4) ?? 0)) (mean of the last 4 steps)")
        printMetrics(result.metrics, title: "\(strategyName) fine-tuned on \(result.evaluationName)", output: output)
        output.line("measured in \(String(format: "%.1f", result.evaluationSeconds)) s; peak memory of the lab so far: "
            + (result.peakMemoryMegabytes.map { String(format: "%.0f MB", $0) } ?? "unknown (no /proc)"))
        if let saveURL {
            switch result.strategy {
            case .lora(let configuration):
                try EncoderLoRACheckpoint.save(result.classifier, configuration: configuration, to: saveURL)
                output.line("Saved the adapters and head to \(saveURL.path)/ (\(EncoderLoRACheckpoint.weightsFile), \(EncoderLoRACheckpoint.configFile))")
            default:
                try result.classifier.saveWeights(to: saveURL)
                output.line("Saved encoder and head to \(saveURL.path) (BERT tensor names, head as classifier.*)")
            }
        }
        output.line("Saved as \(name) (\(name).accuracy, \(name).secondsPerEpoch, \(name).peakMemoryMB; `params \(name)`, `grads \(name)`).")
    }

    /// `encoder finetune ... seeds=N`: the fine-tune of `encoder finetune ... seed=S` for
    /// S = seed, seed+1, …, each from a fresh copy of the pre-trained weights with its own
    /// training sentences, head, adapters and batch order. The study is NAME; the first
    /// seed's model is kept as NAME_model for `params`, `grads` and `mistakes`.
    static func fineTuneSeeds(count: Int, invocation: CommandInvocation, object: PretrainedEncoderObject, data: EncoderData,
                              spec: String, name: String, context: CommandContext) throws {
        let output = context.output
        let firstSeed = seed(invocation, context)
        let modelName = "\(name)_model"
        let finished = try SeedLoop.run(count: count, firstSeed: firstSeed, name: name, context: context) { index, seed -> SeedLoop.Outcome<FineTunedEncoderObject> in
            let result = try fineTuneOnce(invocation, object: object, data: data, spec: spec, seed: seed, name: modelName,
                                          header: index == 0, context: context)
            if index == 0 {
                output.line("\(count) run\(count == 1 ? "" : "s"), \(SeedLoop.range(first: seed, count: count)), each from the pre-trained weights "
                    + "with its own training sentences, head and batch order:")
            }
            if result.history.stop != .finished { return .stopped(detail: ", after \(result.history.steps) steps") }
            if index == 0 { context.session.add(result) }
            let losses = result.history.trainLosses
            output.line("  seed \(seed)  loss \(String(format: "%.3f", losses.first ?? 0)) → \(String(format: "%.3f", result.history.recentTrainLoss(over: 4) ?? 0))"
                + "  accuracy \(percent(result.metrics.accuracy)) (\(result.metrics.correct) of \(result.metrics.total))  \(String(format: "%.1f", result.trainingSeconds)) s")
            return .finished(result)
        }
        guard let first = finished.first?.result else { return }
        let labels = first.metrics.labels
        var study = SeedStudy(measures: ["accuracy", "macroF1", "loss.first", "loss.final"] + labels.map { "recall.\($0)" })
        for (seed, result) in finished {
            var values: [String: Double] = ["accuracy": result.metrics.accuracy, "macroF1": result.metrics.macroF1]
            values["loss.first"] = result.value(at: ["loss", "first"])
            values["loss.final"] = result.value(at: ["loss", "final"])
            for score in result.metrics.perClass { values["recall.\(score.label)"] = score.recall }
            study.record(seed: seed, values: values)
        }
        var tableNames = ["accuracy": "accuracy", "macroF1": "macro F1", "loss.first": "first training loss",
                          "loss.final": "final training loss (last 4 steps)"]
        for label in labels { tableNames["recall.\(label)"] = "recall of \(label)" }
        let result = SeedStudyObject(name: name, study: study, subject: "\(invocation.text("strategy") ?? "lora") fine-tunes of \(object.name) on \(spec)",
                                     labels: tableNames, keptName: modelName, seconds: finished.reduce(0) { $0 + $1.result.trainingSeconds })
        context.session.add(result)
        SeedStudyRendering.printSummary(of: result, headline: ["accuracy"],
                                        kept: "\(modelName) holds the model of seed \(finished[0].seed) (`params \(modelName)`)", context: context)
    }

    /// Trains and measures one fine-tune with `seed` (training and eval= subsets, head,
    /// adapters, batch order) from a fresh copy of the pre-trained weights; `header` prints
    /// what trains. Returns the result as NAME, not yet in the session.
    static func fineTuneOnce(_ invocation: CommandInvocation, object: PretrainedEncoderObject, data: EncoderData, spec: String,
                             seed: UInt64, name: String, header: Bool, context: CommandContext) throws -> FineTunedEncoderObject {
        let training = try EncoderData.balancedSubset(try data.trainingPart(spec), count: invocation.integer("train") ?? 64, seed: seed)
        let evaluation = try EncoderData.balancedSubset(try data.evaluationPart(spec), count: invocation.integer("eval"), seed: seed)
        let strategyName = invocation.text("strategy") ?? "lora"
        let rank = invocation.integer("rank") ?? 8
        let alpha = Float(invocation.number("alpha") ?? 16)
        let loraConfiguration = LoRAConfiguration(rank: rank, alpha: alpha, targetModules: ["attention.query", "attention.value"])
        let strategy: FineTuningStrategy
        let defaultRate: Double
        switch strategyName {
        case "full": strategy = .full; defaultRate = 1e-4
        case "head": strategy = .headOnly; defaultRate = 1e-2
        default: strategy = .lora(loraConfiguration); defaultRate = 5e-3
        }
        let epochs = invocation.integer("epochs") ?? 3
        var options = TrainingOptions(
            length: .epochs(epochs), batchSize: invocation.integer("batchSize") ?? 8,
            learningRate: Float(invocation.number("learningRate") ?? defaultRate), schedule: .linear,
            warmupSteps: invocation.integer("warmup") ?? 0, weightDecay: 0.01, gradientClipping: 1, seed: seed)
        options.optimizer = .adamW

        // A fresh copy of the pre-trained weights: the loaded model stays as it was.
        let encoderCopy = try BERTModel.load(from: object.files)
        let classifier = try EncoderClassifier(encoder: encoderCopy, labels: data.labels, seed: seed)
        let (groups, report) = try classifier.prepare(strategy, weightDecay: options.weightDecay, seed: seed)
        let task = try EncoderClassificationTask(classifier: classifier, encoder: object.encoder, training: training, validation: nil)
        let trainer = try Trainer(task: task, options: options, parameterGroups: groups)
        if header {
            context.output.line("\(strategy.name): \(NumberFormatting.integer(report.trainable)) of \(NumberFormatting.integer(report.total)) parameters train "
                + "(\(String(format: "%.2f", report.trainablePercentage))%); \(training.count) sentences of \(data.name), \(epochs) epoch\(epochs == 1 ? "" : "s") "
                + "of \(trainer.totalSteps / epochs) steps (batch \(options.batchSize)), AdamW, peak learning rate \(NumberFormatting.format(Double(options.learningRate))), "
                + "linear decay\(options.warmupSteps > 0 ? " after \(options.warmupSteps) warmup steps" : "")")
        }

        let progress = context.progress("finetune \(object.name)", total: trainer.totalSteps)
        let began = Date()
        let history: TrainingHistory
        do {
            history = try trainer.fit(progress: { step in
                progress.update(step: step.step, detail: String(format: "epoch %.1f  loss %.4f", step.epoch, step.loss))
            }, shouldStop: context.shouldStop)
        } catch {
            progress.finish()
            throw error
        }
        progress.finish()
        let trainingSeconds = Date().timeIntervalSince(began)

        let evaluationBegan = Date()
        let metrics = try task.metrics(on: evaluation, encoder: object.encoder)
        let evaluationSeconds = Date().timeIntervalSince(evaluationBegan)
        return FineTunedEncoderObject(
            name: name, classifier: classifier, task: task, strategy: strategy, history: history, metrics: metrics,
            trainingSeconds: trainingSeconds, epochs: trainer.currentEpoch, evaluationSeconds: evaluationSeconds,
            peakMemoryMegabytes: ProcessMemory.peakMegabytes(), reader: object.encoder, evaluationName: evaluation.name)
    }

    /// Where `save=` writes: a folder for LoRA (its parent must exist), a file otherwise.
    static func saveLocation(_ resolved: String, given path: String, strategy: String) throws -> URL {
        let url = URL(fileURLWithPath: resolved)
        let parent = url.deletingLastPathComponent()
        guard DataFiles.isFolder(parent) else {
            throw CommandError("save=\(path): the folder \(parent.path) does not exist; save expects "
                + (strategy == "lora" ? "a folder to create inside an existing one" : "a .safetensors file in an existing folder"))
        }
        if strategy != "lora", url.pathExtension != "safetensors" {
            throw CommandError("save=\(path): strategy=\(strategy) saves one .safetensors file; name it like ft.safetensors")
        }
        return url
    }
}
