import Foundation
import TuneEngine
import TuneModels

extension CommandSpec {
    /// `lrfind MODEL on DATA [from=] [to=] [steps=]`: the learning-rate range test.
    public static let lrfind = CommandSpec(
        verb: "lrfind",
        summary: "learning-rate finder: loss while the rate grows from tiny to huge, with a suggestion",
        details: """
            On a copy of the model (the model itself does not change), each step uses a larger \
            learning rate, growing geometrically from from= to to=, until the loss explodes. \
            The loss falls fastest somewhere in the middle; the suggestion is a tenth of the rate \
            at the lowest smoothed loss. It is noisy: the finder runs twice, with seed and \
            seed+1, and reports both suggestions and how far apart they are. Kept as NAME \
            (default MODEL_lr): NAME.suggested, NAME.suggestedOther, NAME.spread (ratio of the two).
            """,
        examples: ["lrfind base on corpus", "lrfind clf on films from=1e-5 to=1 steps=40"],
        positionals: [
            PositionalSpec("model", .object(.model), summary: "a language model or a classifier"),
            PositionalSpec("data", .text, summary: "its training data", keyword: "on"),
            PositionalSpec("name", .newName, summary: "the result's name (default MODEL_lr)", required: false, keyword: "as"),
        ],
        keys: [
            KeySpec("from", .number(NumberRange(lower: 0, lowerInclusive: false, upper: 10, upperInclusive: true)), summary: "the first learning rate", default: "1e-6"),
            KeySpec("to", .number(NumberRange(lower: 0, lowerInclusive: false, upper: 100, upperInclusive: true)), summary: "the last learning rate", default: "1"),
            KeySpec("steps", .integer(in: 8...1000), summary: "steps per sweep (two sweeps run)", default: "50"),
            KeySpec("batchSize", aliases: ["batch"], .integer(in: 1...4096), summary: "examples or windows per step", default: "16"),
            KeySpec("seed", .integer(atLeast: 0), summary: "the first sweep's batches (the second uses seed+1)", example: "1"),
        ]
    ) { invocation, context in
        let modelName = invocation.text("model") ?? ""
        let target = try TrainingRunner.target(model: modelName, data: invocation.text("data") ?? "", context: context, verb: "lrfind")
        let from = invocation.number("from") ?? 1e-6, to = invocation.number("to") ?? 1
        guard to > from else { throw CommandError("from=\(NumberFormatting.setting(from)) to=\(NumberFormatting.setting(to)): to must be larger than from.") }
        let steps = invocation.integer("steps") ?? 50
        let batch = invocation.integer("batchSize") ?? 16
        let seed = invocation.integer("seed").map(UInt64.init) ?? context.session.seed
        let resultName = invocation.text("name") ?? "\(modelName)_lr"
        try EvaluationSupport.checkResultName(resultName, in: context.session)
        let progress = context.progress("lrfind \(modelName)", total: 2 * steps)
        defer { progress.finish() }
        var sweeps: [LearningRateSweep] = []
        for (index, sweepSeed) in [seed, seed &+ 1].enumerated() {
            let sweep = try LearningRateSweep.run(target, from: from, to: to, steps: steps, batch: batch, seed: sweepSeed,
                                                  shouldStop: context.shouldStop) { step, loss in
                progress.update(step: index * steps + step, detail: "loss \(OutputRendering.number(loss))")
            }
            sweeps.append(sweep)
            if context.shouldStop() { break }
        }
        let output = context.output
        let style = OutputRendering.style(for: output)
        let series = sweeps.enumerated().compactMap { index, sweep in
            try? LinePlot.Series(name: "seed \(seed &+ UInt64(index))", x: sweep.rates, y: sweep.smoothed)
        }
        let markers = sweeps.compactMap(\.suggestion).prefix(1).map { LinePlot.Marker(x: $0, label: "suggested") }
        let plot = LinePlot(series: series, title: "\(modelName): smoothed loss vs learning rate", xLabel: "learning rate (log scale)",
                            yLabel: "loss", xScale: .logarithmic, height: 12, markers: Array(markers))
        OutputRendering.print(plot.render(style: style), to: output)
        let result = EvaluationObject(name: resultName, description: "learning-rate finder on \(modelName)")
        guard let first = sweeps.first, let suggestion = first.suggestion else {
            output.line("Stopped before the finder could suggest a rate.")
            return
        }
        result.numbers["suggested"] = suggestion
        result.numbers["minLossRate"] = first.minimumRate ?? suggestion * 10
        result.numbers["steps"] = Double(first.rates.count)
        output.line("Suggested learning rate: \(NumberFormatting.setting(suggestion)) (a tenth of \(NumberFormatting.setting(first.minimumRate ?? 0)), where the smoothed loss was lowest"
            + (first.explodedAt.map { "; the loss exploded at \(NumberFormatting.setting($0))" } ?? "") + ").")
        if sweeps.count > 1, let other = sweeps[1].suggestion {
            let spread = max(suggestion, other) / min(suggestion, other)
            result.numbers["suggestedOther"] = other
            result.numbers["spread"] = spread
            output.line("With seed \(seed &+ 1) (other batches) it suggests \(NumberFormatting.setting(other)): the two differ by a factor of "
                + "\(NumberFormatting.format(spread, significantDigits: 3)). " + (spread < 2
                    ? "Close: trust the order of magnitude, not the digits."
                    : "Far apart: the curve is noisy here; treat the suggestion as a starting point and confirm with a short sweep."))
        }
        context.session.add(result)
    }
}

/// One learning-rate range test on a copy of a model.
struct LearningRateSweep {
    var rates: [Double] = []
    var losses: [Double] = []
    /// Exponentially smoothed loss (bias-corrected, factor 0.9).
    var smoothed: [Double] = []
    var explodedAt: Double?

    /// The rate where the smoothed loss was lowest.
    var minimumRate: Double? {
        guard let index = smoothed.indices.min(by: { smoothed[$0] < smoothed[$1] }) else { return nil }
        return rates[index]
    }

    /// A tenth of the rate at the lowest smoothed loss.
    var suggestion: Double? { minimumRate.map { $0 / 10 } }

    static func run(_ target: TrainingTarget, from: Double, to: Double, steps: Int, batch: Int, seed: UInt64,
                    shouldStop: () -> Bool, progress: (Int, Double) -> Void) throws -> LearningRateSweep {
        // -- a copy of the model and its task, without the held-out part
        let task = try target.copy(named: "lrfind").task(validation: false)
        // -- the trainer: AdamW, no clipping, each batch drawn afresh, the rate growing
        //    geometrically from `from` to `to` over the steps
        var options = TrainingOptions()
        options.length = .steps(steps)
        options.batchSize = batch
        options.learningRate = Float(from)
        options.optimizer = .adamW
        options.weightDecay = 0.01
        options.gradientClipping = nil
        options.seed = seed
        let rate = { (step: Int) in from * pow(to / from, Double(step) / Double(steps - 1)) }
        let trainer = try Trainer(task: task, options: options, learningRates: .perStep(rate), batchOrder: .drawnWithReplacement)

        // -- run until the end, a request to stop, or the smoothed loss exploding
        var sweep = LearningRateSweep()
        var average = 0.0, best = Double.infinity
        var exploded = false
        do {
            _ = try withoutActuallyEscaping(progress) { progress in
                try trainer.fit(progress: { report in
                    let step = report.step - 1
                    let value = Double(report.loss)
                    average = 0.9 * average + 0.1 * value
                    let smooth = average / (1 - pow(0.9, Double(step + 1)))
                    sweep.rates.append(rate(step))
                    sweep.losses.append(value)
                    sweep.smoothed.append(smooth)
                    progress(step + 1, value)
                    best = min(best, smooth)
                    if step > 5, smooth > 4 * best { sweep.explodedAt = rate(step); exploded = true }
                }, shouldStop: { exploded || shouldStop() })
            }
        } catch TrainingError.diverged(let step, _, _, _) {
            sweep.explodedAt = rate(step - 1)
        }
        return sweep
    }
}
