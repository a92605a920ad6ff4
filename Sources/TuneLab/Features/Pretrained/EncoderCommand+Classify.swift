import Foundation
import TuneModels
import TuneText

/// `encoder zeroshot`, `fewshot`, `probe`: classifying with frozen sentence embeddings.
extension EncoderActions {
    static func zeroShot(_ invocation: CommandInvocation, context: CommandContext) throws {
        let object = try encoderObject(invocation, context)
        let spec = invocation.text("dataset")!
        let data = try EncoderData.resolve(spec, session: context.session)
        let labels = data.labels
        var prompts = ZeroShotClassifier.defaultPrompts(for: labels)
        var described: Set<String> = []
        var descriptions: [(label: String, text: String, key: String)] = []
        for key in ["positive", "negative"] {
            if let typed = invocation.text(key) { descriptions.append((key, typed, "\(key)=")) }
        }
        if let typed = invocation.text("describe") { descriptions += try labelDescriptions(typed) }
        for (label, text, key) in descriptions {
            guard let index = labels.firstIndex(of: label) else {
                throw CommandError("\(key): \(data.name) has no label \(label) (its labels: \(labels.joined(separator: ", ")))."
                    + EditDistance.didYouMean(label, among: labels))
            }
            prompts[index] = text
            described.insert(label)
        }
        let generic = labels.filter { ZeroShotClassifier.sentimentPrompts[$0] == nil && !described.contains($0) }
        if !generic.isEmpty {
            context.output.warning("label\(generic.count == 1 ? "" : "s") \(generic.joined(separator: ", ")) \(generic.count == 1 ? "has" : "have") no description but \"a text about …\"; "
                + "describe them (describe=\"\(generic[0]): a negative review; …\") or name the labels at load (labels=0:negative,1:positive).")
        }
        let evaluation = try EncoderData.balancedSubset(
            try data.untrainedEvaluationPart(spec, output: context.output), count: invocation.integer("eval"), seed: seed(invocation, context))
        let classifier = try ZeroShotClassifier(labels: labels, prompts: prompts, encoder: object.encoder)
        let began = Date()
        let rows = try embeddings(of: evaluation.texts, encoder: object, title: "embedding \(spec)", context: context)
        let seconds = Date().timeIntervalSince(began)
        let metrics = try classifier.evaluate(rows, on: evaluation)
        let output = context.output
        for (label, prompt) in zip(labels, prompts) { output.line("  \(label): \"\(prompt)\"") }
        printMetrics(metrics, title: "zero-shot on \(evaluation.name)", output: output)
        // The cosine gap: how sure the choices were.
        let similarities = classifier.classify(rows).similarities
        let gaps = similarities.map { row in Double((row.max() ?? 0) - (row.min() ?? 0)) }
        let meanGap = gaps.reduce(0, +) / Double(max(gaps.count, 1))
        output.line("Mean gap between the two cosines: \(String(format: "%.3f", meanGap)) (small: the model hardly prefers one description).")
        let name = resultName(invocation, "zs")
        context.session.add(PretrainedResultObject(
            name: name, summary: "zero-shot on \(evaluation.name): accuracy \(percent(metrics.accuracy))",
            numbers: metricNumbers(metrics) + [(["seconds"], seconds), (["meanGap"], meanGap)]))
        output.line("Saved as \(name) (\(name).accuracy, \(name).confusion.negative.positive, ...).")
    }

    /// Reads `describe="LABEL: words; LABEL: words"`.
    static func labelDescriptions(_ text: String) throws -> [(label: String, text: String, key: String)] {
        try text.split(separator: ";").map { entry in
            guard let colon = entry.firstIndex(of: ":") else {
                throw CommandError("describe=: \"\(entry.trimmingCharacters(in: .whitespaces))\" has no colon; write LABEL: words; LABEL: words")
            }
            let label = entry[..<colon].trimmingCharacters(in: .whitespaces)
            let words = entry[entry.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            guard !label.isEmpty, !words.isEmpty else {
                throw CommandError("describe=: \"\(entry.trimmingCharacters(in: .whitespaces))\" needs a label and words; write LABEL: words; LABEL: words")
            }
            return (label, words, "describe=")
        }
    }

    static func fewShot(_ invocation: CommandInvocation, context: CommandContext) throws {
        let object = try encoderObject(invocation, context)
        let spec = invocation.text("dataset")!
        let data = try EncoderData.resolve(spec, session: context.session)
        let baseSeed = seed(invocation, context)
        let evaluation = try EncoderData.balancedSubset(try data.evaluationPart(spec), count: invocation.integer("eval"), seed: baseSeed)
        let support = try data.trainingPart(spec)
        let shots = invocation.integer("shots") ?? 1, seeds = invocation.integer("seeds") ?? 5
        // Only the examples some seed can draw need embedding: draw first, embed after.
        let labels = data.labels
        let supportEmbeddings = try embeddings(of: support.texts, encoder: object, title: "embedding \(data.name).train", context: context)
        let evaluationEmbeddings = try embeddings(of: evaluation.texts, encoder: object, title: "embedding \(evaluation.name)", context: context)
        let result = try FewShotResult.measure(
            shots: shots, seeds: seeds, baseSeed: baseSeed, labels: labels, support: support, supportEmbeddings: supportEmbeddings,
            evaluation: evaluation, evaluationEmbeddings: evaluationEmbeddings)
        let output = context.output
        output.line("\(shots)-shot prototypes (\(shots) example\(shots == 1 ? "" : "s") per class from \(support.name)), \(seeds) seed\(seeds == 1 ? "" : "s") from \(baseSeed), on \(evaluation.name):")
        output.line("  accuracy per seed: " + result.accuracies.map(percent).joined(separator: "  "))
        output.line("  mean \(percent(result.mean)), min \(percent(result.minimum)), max \(percent(result.maximum)), spread (sd) \(String(format: "%.1f", result.standardDeviation * 100)) points")
        let name = resultName(invocation, "fs")
        context.session.add(PretrainedResultObject(
            name: name, summary: "\(shots)-shot prototypes on \(evaluation.name): mean accuracy \(percent(result.mean)) over \(seeds) seeds",
            numbers: [(["accuracy"], result.mean), (["mean"], result.mean), (["min"], result.minimum), (["max"], result.maximum),
                      (["sd"], result.standardDeviation), (["shots"], Double(shots)), (["seeds"], Double(seeds))]))
        output.line("Saved as \(name) (\(name).mean, \(name).min, \(name).max, \(name).sd).")
    }

    static func probe(_ invocation: CommandInvocation, context: CommandContext) throws {
        let object = try encoderObject(invocation, context)
        let spec = invocation.text("dataset")!
        let data = try EncoderData.resolve(spec, session: context.session)
        let seed = seed(invocation, context)
        let training = try EncoderData.balancedSubset(try data.trainingPart(spec), count: invocation.integer("train"), seed: seed)
        let evaluation = try EncoderData.balancedSubset(try data.evaluationPart(spec), count: invocation.integer("eval"), seed: seed)
        let options = LinearProbe.Options(
            epochs: invocation.integer("epochs") ?? 30, batchSize: invocation.integer("batchSize") ?? 16,
            learningRate: Float(invocation.number("learningRate") ?? 1e-2), weightDecay: 0.01, seed: seed)
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
        let metrics = try probe.evaluate(evaluationRows, on: evaluation)
        let trainAccuracy = try probe.evaluate(trainRows, on: training).accuracy
        let output = context.output
        if losses.count < options.epochs { output.line("stopped by request after \(losses.count) of \(options.epochs) epochs; the head keeps what it learned.") }
        output.line("linear probe: \(probe.parameterCount) trained numbers (\(data.labels.count) × \(object.dimension) + \(data.labels.count)) on \(training.count) frozen embeddings, "
            + "\(losses.count) epochs in \(String(format: "%.2f", seconds)) s; loss \(String(format: "%.3f", losses.first ?? 0)) → \(String(format: "%.3f", losses.last ?? 0)); training accuracy \(percent(trainAccuracy))")
        printMetrics(metrics, title: "probe on \(evaluation.name)", output: output)
        let name = resultName(invocation, "probe")
        context.session.add(PretrainedResultObject(
            name: name, summary: "linear probe trained on \(training.name): accuracy \(percent(metrics.accuracy)) on \(evaluation.name)",
            numbers: metricNumbers(metrics) + [
                (["trainAccuracy"], trainAccuracy), (["epochs"], Double(losses.count)), (["seconds"], seconds),
                (["loss", "first"], Double(losses.first ?? 0)), (["loss", "final"], Double(losses.last ?? 0)),
                (["trainSize"], Double(training.count)), (["parameters"], Double(probe.parameterCount)),
            ]))
        output.line("Saved as \(name) (\(name).accuracy, \(name).trainAccuracy, \(name).loss.final).")
    }
}
