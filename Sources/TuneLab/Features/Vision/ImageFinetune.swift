import Foundation
import TuneEngine
import TuneImages
import TuneModels

/// `finetune MODEL on IMAGES` for a LeNet-5: a new head on a copy of MODEL, trained with a
/// strategy (full, head, freeze=N of conv1, conv2, fc1, fc2, gradual every=N epochs,
/// discriminative factor=F per layer) or, with strategy=scratch,
/// the same architecture from random weights; `seeds=N` repeats it and reports mean ± sd.
///
/// Forgetting: when MODEL's own images are in the session (`vision train cnn data=letters`
/// made it from `letters`), every run also puts MODEL's old head back on the fine-tuned
/// trunk and measures it on those images' test part: what the trunk still knows.
enum ImageFinetune {
    static let allowedKeys = ["strategy", "freeze", "factor", "every", "seeds", "runName", "steps", "batchSize", "learningRate", "seed", "weightDecay", "clip", "augment"]

    static func run(_ invocation: CommandInvocation, model object: ImageModelObject, context: CommandContext) throws {
        if let stray = invocation.typedKeys.sorted().first(where: { !allowedKeys.contains($0) }) {
            throw CommandError("finetune \(object.name) (an image model) does not take \(stray)=; it takes "
                + "strategy=full|head|freeze|gradual|discriminative|scratch, freeze=N, every=N, factor=F, seeds=N, run=NAME, steps=, batch=, lr=, seed=, weightDecay=, clip=, augment=")
        }
        let dataName = invocation.text("data") ?? ""
        let data = try CommandChecks.object(dataName, as: ImageDatasetObject.self, kindName: "image dataset", in: context.session,
                                                    making: "data load \(dataName) letters|mnist|DIR")
        let runName = invocation.text("runName") ?? TrainingRunner.nextRunName(in: context.session)
        if let existing = context.session.object(named: runName), !(existing is ImageSeedStudyObject) {
            throw CommandError("\(runName) is already a \(existing.kind.name) in the session; choose another name for the run.")
        }
        let newName = invocation.text("new")
        if let newName { try CommandChecks.checkNewName(newName, in: context.session) }

        // -- the recipe
        let strategyName = invocation.text("strategy") ?? "full"
        let strategy: ImageFineTuningStrategy?
        switch strategyName {
        case "full": strategy = .full
        case "head": strategy = .headOnly
        // `freeze` has the text models' default (1 block) in the spec: read it only when typed.
        case "freeze": strategy = .freezeLayers(invocation.typedKeys.contains("freeze") ? invocation.integer("freeze") ?? 2 : 2)
        // `every` (1) and `factor` (2.6) have the same defaults for text and image models.
        case "gradual": strategy = .gradualUnfreezing(everyEpochs: invocation.integer("every") ?? 1)
        case "discriminative": strategy = .discriminative(factor: Float(invocation.number("factor") ?? 2.6))
        case "scratch": strategy = nil
        default:
            throw CommandError("strategy=\(strategyName) is for text models; an image model takes full, head, freeze (freeze=N), "
                + "gradual (every=N), discriminative (factor=F) or scratch")
        }
        var options = TrainingOptions(length: .steps(invocation.integer("steps") ?? 150), batchSize: invocation.integer("batchSize") ?? 64,
                                      learningRate: Float(invocation.number("learningRate") ?? 0.003), evaluateEvery: Int.max)
        if let decay = invocation.number("weightDecay") { options.weightDecay = Float(decay) }
        if let clip = invocation.number("clip") { options.gradientClipping = clip > 0 ? Float(clip) : nil }
        let shift = invocation.integer("augment") ?? 0
        let recipe = ImageFineTuningRecipe(strategy: strategy, options: options, augmentation: shift > 0 ? ImageAugmentation(shift: shift) : nil)
        let firstSeed = invocation.integer("seed").map(UInt64.init) ?? context.session.seed
        let seeds = (0..<UInt64(invocation.integer("seeds") ?? 1)).map { firstSeed &+ $0 }

        // -- the old task: the model's own images, when they are in the session
        let oldTask = strategy == nil ? nil
            : (context.session.object(named: object.trainedOn) as? ImageDatasetObject).flatMap { old in
                old.labels == object.labels ? old.test : nil
            }
        let oldBefore = try oldTask.map { Double(try ImageClassificationTask.accuracy(of: object.network, on: $0).accuracy) }

        let trainable = try trainableCount(recipe, object: object, classes: data.labels.count)
        let startsFrozen: Bool
        if case .gradualUnfreezing? = strategy { startsFrozen = true } else { startsFrozen = false }
        context.output.line("Fine-tuning \(object.name) on \(data.name) (\(data.train.count) training images, \(data.labels.count) classes): "
            + "\(recipe.name), \(trainable) of the new network's weights train\(startsFrozen ? " at first" : ""); \(invocation.integer("steps") ?? 150) steps of \(options.batchSize), "
            + "lr \(NumberFormatting.setting(Double(options.learningRate)))"
            + (shift > 0 ? ", every training image moved by up to \(shift) pixels each time it is drawn" : "")
            + ", \(seeds.count) seed\(seeds.count == 1 ? "" : "s").")
        if let oldTask, let oldBefore {
            context.output.line("Old task: \(object.trainedOn) (\(oldTask.count) test images) read with \(object.name)'s own head "
                + "on each fine-tuned trunk; before fine-tuning \(percent(oldBefore))%.")
        }
        let started = DispatchTime.now()
        var firstNetwork: LeNet5?
        let finished = try SeedLoop.run(count: seeds.count, firstSeed: firstSeed, name: runName, context: context) { _, seed -> SeedLoop.Outcome<[String: Double]> in
            let result = try recipe.run(from: object.network, training: data.train, validation: data.validation, test: data.test,
                                        oldTask: oldTask, seed: seed, shouldStop: context.shouldStop)
            if result.history.stop == .stoppedByRequest { return .stopped(detail: ", after \(result.history.steps) steps") }
            var run: [String: Double] = [:]
            run["valAccuracy"] = result.validationAccuracy
            run["testAccuracy"] = result.testAccuracy
            run["oldTaskAccuracy"] = result.oldTaskAccuracy
            if firstNetwork == nil { firstNetwork = result.network }
            context.output.line("  seed \(seed): " + describe(run, oldName: object.trainedOn))
            return .finished(run)
        }
        let runs = finished.map(\.result)
        guard !runs.isEmpty else { throw CommandError("stopped before the first seed finished") }
        let study = ImageSeedStudyObject(name: runName, recipeName: recipe.name, seeds: finished.map(\.seed), runs: runs,
                                         trainableParameters: trainable, oldTaskBefore: oldBefore)
        context.session.add(study)
        var parts: [String] = []
        for (measure, label) in [("valAccuracy", "validation"), ("testAccuracy", "test"), ("oldTaskAccuracy", "\(object.trainedOn) (old head)")] {
            guard let summary = study.summary(measure) else { continue }
            parts.append("\(label) \(percent(summary.mean))%" + (summary.standardDeviation.map { " ± \(percent($0))" } ?? ""))
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        context.output.line("\(runs.count == 1 ? "One seed" : "Mean ± sd over \(runs.count) seeds"): \(parts.joined(separator: ", ")) "
            + "in \(OutputRendering.number(seconds)) s  → \(runName).mean.testAccuracy")
        if let newName, let firstNetwork {
            let kept = ImageModelObject(name: newName, network: firstNetwork, labels: data.labels,
                                        trainedOn: data.name)
            kept.keepReferenceBatch(from: data.train)
            context.session.add(kept)
            context.output.line("\(newName) keeps the weights of seed \(seeds[0]).")
        }
    }

    /// The trainable weights of the network the recipe would train (new head included).
    private static func trainableCount(_ recipe: ImageFineTuningRecipe, object: ImageModelObject, classes: Int) throws -> Int {
        var generator = RandomGenerator(seed: 0)
        let network = object.network.transferred(classes: classes, generator: &generator)
        try recipe.strategy?.prepare(network)
        return network.trainableParameterCount
    }

    private static func describe(_ run: [String: Double], oldName: String) -> String {
        var parts: [String] = []
        if let value = run["valAccuracy"] { parts.append("validation \(percent(value))%") }
        if let value = run["testAccuracy"] { parts.append("test \(percent(value))%") }
        if let value = run["oldTaskAccuracy"] { parts.append("\(oldName) (old head) \(percent(value))%") }
        return parts.joined(separator: ", ")
    }

    private static func percent(_ value: Double) -> String { OutputRendering.number(value * 100) }
}
