import Foundation
import TuneEngine
import TuneModels

/// `encoder finetune`: training the encoder (all of it, or LoRA adapters) with a head.
extension EncoderActions {
    static func fineTune(_ invocation: CommandInvocation, context: CommandContext) throws {
        let object = try encoderObject(invocation, context)
        let spec = invocation.text("dataset")!
        let data = try EncoderData.resolve(spec, session: context.session)
        let seed = seed(invocation, context)
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
        if strategyName != "lora", let stray = ["rank", "alpha"].first(where: { invocation.typedKeys.contains($0) }) {
            throw CommandError("\(stray): only strategy=lora uses it (strategy is \(strategyName)).")
        }
        let saveURL = try invocation.text("save").map {
            try saveLocation(try context.writableURL($0, argument: "save=").path, given: $0, strategy: strategyName)
        }
        let epochs = invocation.integer("epochs") ?? 3
        var options = TrainingOptions(
            length: .epochs(epochs), batchSize: invocation.integer("batchSize") ?? 8,
            learningRate: Float(invocation.number("learningRate") ?? defaultRate), schedule: .linear,
            warmupSteps: invocation.integer("warmup") ?? 0, weightDecay: 0.01, gradientClipping: 1, seed: seed)
        options.optimizer = .adamW
        let output = context.output

        // A fresh copy of the pre-trained weights: the loaded model stays as it was.
        let encoderCopy = try BERTModel.load(from: object.files)
        let classifier = try EncoderClassifier(encoder: encoderCopy, labels: data.labels, seed: seed)
        let (groups, report) = try classifier.prepare(strategy, weightDecay: options.weightDecay, seed: seed)
        let task = try EncoderClassificationTask(classifier: classifier, encoder: object.encoder, training: training, validation: nil)
        let trainer = try Trainer(task: task, options: options, parameterGroups: groups)
        output.line("\(strategy.name): \(NumberFormatting.integer(report.trainable)) of \(NumberFormatting.integer(report.total)) parameters train "
            + "(\(String(format: "%.2f", report.trainablePercentage))%); \(training.count) sentences of \(data.name), \(epochs) epoch\(epochs == 1 ? "" : "s") "
            + "of \(trainer.totalSteps / epochs) steps (batch \(options.batchSize)), AdamW, peak learning rate \(NumberFormatting.format(Double(options.learningRate))), "
            + "linear decay\(options.warmupSteps > 0 ? " after \(options.warmupSteps) warmup steps" : "")")

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
        if history.stopReason != "finished" { output.line("\(history.stopReason) after \(history.steps) of \(trainer.totalSteps) steps; the model keeps what it learned.") }

        let evaluationBegan = Date()
        let metrics = try task.metrics(on: evaluation, encoder: object.encoder)
        let evaluationSeconds = Date().timeIntervalSince(evaluationBegan)
        let peak = ProcessMemory.peakMegabytes()
        let epochsDone = trainer.currentEpoch
        let name = resultName(invocation, "ft")
        let result = FineTunedEncoderObject(
            name: name, classifier: classifier, task: task, strategy: strategy, history: history, metrics: metrics,
            trainingSeconds: trainingSeconds, epochs: epochsDone, evaluationSeconds: evaluationSeconds, peakMemoryMegabytes: peak,
            reader: object.encoder)
        context.session.add(result)

        let losses = history.trainLosses
        output.line("trained \(history.steps) steps in \(String(format: "%.1f", trainingSeconds)) s (\(String(format: "%.1f", result.secondsPerEpoch)) s per epoch of \(training.count) sentences); "
            + "loss \(String(format: "%.3f", losses.first ?? 0)) → \(String(format: "%.3f", history.recentTrainLoss(over: 4) ?? 0)) (mean of the last 4 steps)")
        printMetrics(metrics, title: "\(strategyName) fine-tuned on \(evaluation.name)", output: output)
        output.line("measured in \(String(format: "%.1f", evaluationSeconds)) s; peak memory of the lab so far: "
            + (peak.map { String(format: "%.0f MB", $0) } ?? "unknown (no /proc)"))
        if let saveURL {
            switch strategy {
            case .lora(let configuration):
                try EncoderLoRACheckpoint.save(classifier, configuration: configuration, to: saveURL)
                output.line("Saved the adapters and head to \(saveURL.path)/ (\(EncoderLoRACheckpoint.weightsFile), \(EncoderLoRACheckpoint.configFile))")
            default:
                try classifier.saveWeights(to: saveURL)
                output.line("Saved encoder and head to \(saveURL.path) (BERT tensor names, head as classifier.*)")
            }
        }
        output.line("Saved as \(name) (\(name).accuracy, \(name).secondsPerEpoch, \(name).peakMemoryMB; `params \(name)`, `grads \(name)`).")
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
