import Foundation
import TuneModels
import TuneText

/// `encoder probe`: a logistic-regression head on frozen sentence embeddings, once or
/// repeated over seeds (`seeds=N`).
extension EncoderActions {
    /// One probe trained and measured with one seed.
    struct ProbeOutcome {
        let probe: LinearProbe
        let training: LabelledDataset
        let evaluation: LabelledDataset
        let metrics: ClassificationMetrics
        let trainAccuracy: Double
        let losses: [Float]
        let epochs: Int
        let seconds: Double
        /// Labels of the evaluation data the probe never trained on, and how many texts carry them.
        let unseenLabels: [String]
        let unseenCount: Int

        var stopped: Bool { losses.count < epochs }

        /// What a seed study keeps of it.
        var measures: [String: Double] {
            var values: [String: Double] = ["accuracy": metrics.accuracy, "trainAccuracy": trainAccuracy, "macroF1": metrics.macroF1]
            values["loss.final"] = losses.last.map(Double.init)
            for score in metrics.perClass { values["recall.\(score.label)"] = score.recall }
            return values
        }
    }

    static func probe(_ invocation: CommandInvocation, context: CommandContext) throws {
        let object = try encoderObject(invocation, context)
        let spec = invocation.text("dataset")!
        let data = try EncoderData.resolve(spec, session: context.session)
        let name = resultName(invocation, "probe")
        if let count = invocation.integer("seeds") {
            try probeSeeds(count: count, invocation: invocation, object: object, data: data, spec: spec, name: name, context: context)
            return
        }
        let outcome = try probeOnce(invocation, object: object, data: data, spec: spec, seed: seed(invocation, context), context: context)
        let output = context.output
        if outcome.stopped { output.line("stopped by request after \(outcome.losses.count) of \(outcome.epochs) epochs; the head keeps what it learned.") }
        output.line("linear probe: \(outcome.probe.parameterCount) trained numbers (\(data.labels.count) × \(object.dimension) + \(data.labels.count)) on \(outcome.training.count) frozen embeddings, "
            + "\(outcome.losses.count) epochs in \(String(format: "%.2f", outcome.seconds)) s; loss \(String(format: "%.3f", outcome.losses.first ?? 0)) → \(String(format: "%.3f", outcome.losses.last ?? 0)); training accuracy \(percent(outcome.trainAccuracy))")
        printMetrics(outcome.metrics, title: "probe on \(outcome.evaluation.name)", output: output)
        if !outcome.unseenLabels.isEmpty {
            output.line("\(outcome.unseenCount) of \(outcome.evaluation.count) texts are labelled \(outcome.unseenLabels.joined(separator: " or ")), which the probe never saw: "
                + "it can only answer \(data.labels.joined(separator: " or ")), so all \(outcome.unseenCount) are misfiled.")
        }
        context.session.add(PretrainedResultObject(
            name: name, summary: "linear probe trained on \(outcome.training.name): accuracy \(percent(outcome.metrics.accuracy)) on \(outcome.evaluation.name)",
            numbers: metricNumbers(outcome.metrics) + [
                (["trainAccuracy"], outcome.trainAccuracy), (["epochs"], Double(outcome.losses.count)), (["seconds"], outcome.seconds),
                (["loss", "first"], Double(outcome.losses.first ?? 0)), (["loss", "final"], Double(outcome.losses.last ?? 0)),
                (["trainSize"], Double(outcome.training.count)), (["parameters"], Double(outcome.probe.parameterCount)),
                (["unseen"], Double(outcome.unseenCount)),
            ]))
        output.line("Saved as \(name) (\(name).accuracy, \(name).trainAccuracy, \(name).loss.final).")
    }

    /// `encoder probe ... seeds=N`: the probe of `encoder probe ... seed=S` for S = seed,
    /// seed+1, …: each seed draws its own training sentences (and eval= subset) and its own
    /// head and batch order, so the spread is what another 64 sentences would give.
    static func probeSeeds(count: Int, invocation: CommandInvocation, object: PretrainedEncoderObject, data: EncoderData,
                           spec: String, name: String, context: CommandContext) throws {
        let output = context.output
        let firstSeed = seed(invocation, context)
        output.line("\(count) linear probe\(count == 1 ? "" : "s") on \(spec), \(SeedLoop.range(first: firstSeed, count: count)) "
            + "(each seed draws its own training sentences, head and batch order):")
        var labels: [String] = []
        let finished = try SeedLoop.run(count: count, firstSeed: firstSeed, name: name, context: context) { _, seed -> SeedLoop.Outcome<ProbeOutcome> in
            let outcome = try probeOnce(invocation, object: object, data: data, spec: spec, seed: seed, context: context)
            if outcome.stopped { return .stopped(detail: ", after \(outcome.losses.count) of \(outcome.epochs) epochs") }
            if labels.isEmpty { labels = outcome.metrics.labels }
            output.line("  seed \(seed)  training accuracy \(percent(outcome.trainAccuracy))  accuracy \(percent(outcome.metrics.accuracy)) "
                + "(\(outcome.metrics.correct) of \(outcome.metrics.total)) on \(outcome.evaluation.name)")
            return .finished(outcome)
        }
        guard !finished.isEmpty else { return }
        let recalls = labels.map { "recall.\($0)" }
        var study = SeedStudy(measures: ["accuracy", "trainAccuracy", "macroF1", "loss.final"] + recalls)
        for (seed, outcome) in finished { study.record(seed: seed, values: outcome.measures) }
        var tableNames = ["accuracy": "accuracy", "trainAccuracy": "training accuracy", "macroF1": "macro F1", "loss.final": "final training loss"]
        for label in labels { tableNames["recall.\(label)"] = "recall of \(label)" }
        let result = SeedStudyObject(name: name, study: study, subject: "linear probes of \(object.name) on \(spec)", labels: tableNames,
                                     seconds: finished.reduce(0) { $0 + $1.result.seconds })
        context.session.add(result)
        SeedStudyRendering.printSummary(of: result, headline: ["accuracy", "trainAccuracy"], context: context)
    }

    /// Trains and measures one probe with `seed` (the training subset, the eval= subset, the
    /// head's start and the batch order), showing progress but printing no result.
    static func probeOnce(_ invocation: CommandInvocation, object: PretrainedEncoderObject, data: EncoderData, spec: String,
                          seed: UInt64, context: CommandContext) throws -> ProbeOutcome {
        let training = try EncoderData.balancedSubset(try data.trainingPart(spec), count: invocation.integer("train"), seed: seed)
        // eval_on= measures on other data, whose labels may include ones never trained on.
        let evaluationSpec = invocation.text("evalOn") ?? spec
        let evaluationData = evaluationSpec == spec ? data : try EncoderData.resolve(evaluationSpec, session: context.session)
        let evaluation = try EncoderData.balancedSubset(try evaluationData.evaluationPart(evaluationSpec), count: invocation.integer("eval"), seed: seed)
        let unseenLabels = evaluation.labels.filter { !data.labels.contains($0) }
        let options = LinearProbe.Options(
            epochs: invocation.integer("epochs") ?? 30, batchSize: invocation.integer("batchSize") ?? 16,
            learningRate: Float(invocation.number("learningRate") ?? 1e-2), weightDecay: 0.01, seed: seed)
        // The encoder caches what it embedded: later seeds embed only sentences new to it.
        let trainRows = try embeddings(of: training.texts, encoder: object, title: "embedding \(training.name)", context: context)
        let evaluationRows = try embeddings(of: evaluation.texts, encoder: object, title: "embedding \(evaluation.name)", context: context)
        let probe = try LinearProbe(dimension: object.dimension, labels: data.labels, seed: seed)
        let progress = context.progress("probe", total: options.epochs)
        let began = Date()
        let losses = try probe.train(trainRows, classes: try probe.classIndices(of: training), options: options,
                                     onEpoch: { epoch, loss in progress.update(step: epoch, detail: "loss \(String(format: "%.4f", loss))") },
                                     shouldStop: context.shouldStop)
        progress.finish()
        let seconds = Date().timeIntervalSince(began)
        // Scored over the trained labels and then the unseen ones: the probe predicts only the
        // first, so every text of an unseen label lands in a column of a trained one.
        let allLabels = data.labels + unseenLabels
        let metrics = try ClassificationMetrics(
            labels: allLabels, truths: evaluation.examples.compactMap { allLabels.firstIndex(of: $0.label) }, predictions: try probe.predict(evaluationRows))
        let trainAccuracy = try probe.evaluate(trainRows, on: training).accuracy
        return ProbeOutcome(probe: probe, training: training, evaluation: evaluation, metrics: metrics, trainAccuracy: trainAccuracy,
                            losses: losses, epochs: options.epochs, seconds: seconds, unseenLabels: unseenLabels,
                            unseenCount: evaluation.examples.filter { unseenLabels.contains($0.label) }.count)
    }
}
