import Foundation
import TuneEngine
import TuneImages
import TuneModels

/// `vision fewshot`: episodes on unseen symbols, solved by prototypes in a feature space
/// (`features=`) or by a LeNet-5 trained on the shots (`learner=finetune|head|scratch`).
///
/// A trained learner has a learning rate to choose, and it is chosen the honest way: on
/// validation symbols (`pool=validation` tries `lr=` or, without it, three rates and keeps
/// the best), and `pool=test` then uses the rate chosen there for the same way, shots and
/// steps. `seeds=N` repeats everything with seeds seed … seed+N−1 (other symbols, other
/// drawings, other starts) and the ± becomes the spread over seeds.
extension VisionActions {
    /// The rates a trained learner tries on validation when no `lr=` is given.
    static let fewShotRates: [Double] = [1e-3, 3e-3, 1e-2]

    static func fewShot(_ invocation: CommandInvocation, name: String, context: CommandContext) throws {
        let object = try model(name, context: context)
        let glyphs = try DataActions.hershey()
        let pools = FewShotEpisodes.classPools(glyphs)
        let poolName = invocation.text("pool") ?? "validation"
        let pool = poolName == "test" ? pools.test : pools.validation
        let learnerName = invocation.text("learner") ?? "prototypes"
        let featureName = invocation.text("features") ?? "relu4"
        let firstSeed = invocation.integer("seed").map(UInt64.init) ?? context.session.seed
        let seedCount = invocation.integer("seeds") ?? 1
        let seeds = (0..<UInt64(seedCount)).map { firstSeed &+ $0 }
        let episodes = FewShotEpisodes(
            way: invocation.integer("way") ?? 5, shots: invocation.integer("shots") ?? 1, queries: invocation.integer("queries") ?? 10,
            episodes: invocation.integer("episodes") ?? 20, seed: firstSeed)
        let shape = "w\(episodes.way)s\(episodes.shots)"
        let percent = { (value: Double) in OutputRendering.number(value * 100) }

        // -- prototypes: nothing to choose
        guard learnerName != "prototypes" else {
            if invocation.typedKeys.contains("steps") || invocation.typedKeys.contains("lr") {
                throw CommandError("steps= and lr= are for a trained learner (learner=finetune|head|scratch); prototypes train nothing")
            }
            let source: ImageFeatureSource = featureName == "pixels" ? .pixels : .layer(featureName)
            let started = DispatchTime.now()
            let results = try episodes.overSeeds(seeds, glyphs: glyphs, pool: pool, learner: .prototypes(object.network, source),
                                                 shouldStop: context.shouldStop)
            let key = "fewshot.\(featureName).\(shape).\(poolName)"
            let line = publish(results, key: key, on: object)
            context.output.line("\(episodes.way)-way \(episodes.shots)-shot on \(poolName) symbols, \(featureName) features, "
                + "\(describe(episodes, seeds: results.count)): accuracy \(line) in \(seconds(since: started)) s  → \(name).\(key).mean")
            return
        }

        // -- a trained learner: the rate from lr=, from the sweep on validation, or as chosen there
        // `steps` and `lr` have `vision train`'s defaults in the spec: read them only when typed.
        let steps = invocation.typedKeys.contains("steps") ? invocation.integer("steps") ?? 60 : 60
        let typedRate = invocation.typedKeys.contains("lr") ? invocation.number("lr") : nil
        let chosenKey = "fewshot.\(learnerName).\(shape).steps\(steps).lr"
        let rates: [Double]
        if let rate = typedRate {
            rates = [rate]
        } else if poolName == "validation" {
            rates = fewShotRates
        } else if let chosen = object.numbers[chosenKey] {
            rates = [chosen]
        } else {
            throw CommandError("learner=\(learnerName) on test symbols needs a learning rate chosen on validation symbols first: "
                + "vision fewshot \(name) learner=\(learnerName) way=\(episodes.way) shots=\(episodes.shots) steps=\(steps) pool=validation "
                + "(or give lr= yourself)")
        }
        let strategy: ImageFineTuningStrategy? = ["finetune": .full, "head": .headOnly][learnerName] ?? nil
        let recipeName = strategy?.name ?? "from scratch"
        context.output.line("\(episodes.way)-way \(episodes.shots)-shot on \(poolName) symbols: a LeNet-5 trained on the shots, \(recipeName)"
            + (strategy == nil ? " (the same architecture, random start)" : " (a new head on \(name))")
            + ", \(steps) steps of all \(episodes.way * episodes.shots) shots, AdamW; \(describe(episodes, seeds: seedCount)):")
        var best: (rate: Double, results: [FewShotResult])?
        let started = DispatchTime.now()
        for rate in rates {
            let options = TrainingOptions(
                length: .steps(steps), batchSize: episodes.way * episodes.shots, learningRate: Float(rate), schedule: .cosine,
                weightDecay: 0.01, gradientClipping: 1, evaluateEvery: Int.max)
            let learner = FewShotLearner.trained(object.network, ImageFineTuningRecipe(strategy: strategy, options: options))
            let results = try episodes.overSeeds(seeds, glyphs: glyphs, pool: pool, learner: learner, shouldStop: context.shouldStop)
            guard let summary = SampleSummary(results.map(\.mean)) else { break }
            context.output.line("  lr \(TrainingKeys.format(rate)): accuracy \(percent(summary.mean))%"
                + (summary.standardDeviation.map { " ± \(percent($0))" } ?? ""))
            if best == nil || summary.mean > SampleSummary(best!.results.map(\.mean))!.mean { best = (rate, results) }
        }
        guard let best else { throw CommandError("stopped before the first seed finished") }
        let key = "fewshot.\(learnerName).\(shape).\(poolName)"
        let line = publish(best.results, key: key, on: object)
        object.numbers[key + ".lr"] = best.rate
        if poolName == "validation" { object.numbers[chosenKey] = best.rate }
        let verdict = rates.count > 1 ? "chosen on validation: lr \(TrainingKeys.format(best.rate))"
            : poolName == "test" && typedRate == nil ? "with lr \(TrainingKeys.format(best.rate)) as chosen on validation"
            : "lr \(TrainingKeys.format(best.rate))"
        context.output.line("\(learnerName), \(verdict): accuracy \(line) in \(seconds(since: started)) s  → \(name).\(key).mean")
    }

    /// Publishes `results` under `key` (`.mean`, `.sd`, `.min`, `.max`, `.seeds`) and
    /// returns them as "mean% ± sd (min …, max …)". One seed: the spread over its episodes;
    /// several: the spread of the seeds' means (sample sd).
    private static func publish(_ results: [FewShotResult], key: String, on object: ImageModelObject) -> String {
        let values: (mean: Double, sd: Double, min: Double, max: Double)
        if results.count == 1 {
            let only = results[0]
            values = (only.mean, only.standardDeviation, only.minimum, only.maximum)
        } else {
            let summary = SampleSummary(results.map(\.mean))!
            values = (summary.mean, summary.standardDeviation ?? 0, summary.minimum, summary.maximum)
        }
        object.numbers[key + ".mean"] = values.mean
        object.numbers[key + ".sd"] = values.sd
        object.numbers[key + ".min"] = values.min
        object.numbers[key + ".max"] = values.max
        object.numbers[key + ".seeds"] = Double(results.count)
        let percent = { (value: Double) in OutputRendering.number(value * 100) }
        return "\(percent(values.mean))% ± \(percent(values.sd)) (min \(percent(values.min)), max \(percent(values.max)))"
    }

    private static func describe(_ episodes: FewShotEpisodes, seeds: Int) -> String {
        let each = "\(episodes.episodes) episodes of \(episodes.queries) queries per class"
        return seeds == 1 ? each : "\(seeds) seeds × \(each), ± over seeds"
    }

    private static func seconds(since start: DispatchTime) -> String {
        OutputRendering.number(Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9)
    }
}
