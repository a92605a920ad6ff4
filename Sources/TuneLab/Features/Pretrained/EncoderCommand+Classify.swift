import Foundation
import TuneModels
import TuneText

/// `encoder zeroshot`, `fewshot`: classifying with frozen sentence embeddings, without training.
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
        if !generic.isEmpty, !described.isEmpty {
            // Some labels described and not all: a description was forgotten, not waived.
            throw CommandError("zeroshot: label\(generic.count == 1 ? "" : "s") \(generic.joined(separator: ", ")) of \(data.name) \(generic.count == 1 ? "has" : "have") no description; "
                + "describe every label, e.g. describe=\"\(labels.map { "\($0): \(described.contains($0) ? "…" : "WORDS")" }.joined(separator: "; "))\"")
        }
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
        output.line("Mean gap between the \(labels.count == 2 ? "two cosines" : "highest and lowest cosine"): \(String(format: "%.3f", meanGap)) (small: the model hardly prefers one description).")
        let name = resultName(invocation, "zs")
        context.session.add(PretrainedResultObject(
            name: name, summary: "zero-shot on \(evaluation.name): accuracy \(percent(metrics.accuracy))",
            numbers: metricNumbers(metrics) + [(["seconds"], seconds), (["meanGap"], meanGap)]))
        output.line("Saved as \(name) (\(name).accuracy, \(name).recall.\(labels[0]), \(name).confusion.\(labels[0]).\(labels.last!), ...).")
    }

    /// Reads `describe="LABEL: words; LABEL: words"`.
    static func labelDescriptions(_ text: String) throws -> [(label: String, text: String, key: String)] {
        try labelValues(text, key: "describe")
    }

    /// Reads `KEY="LABEL: value; LABEL: value"` (describe=, shots_for=).
    static func labelValues(_ text: String, key: String) throws -> [(label: String, text: String, key: String)] {
        try text.split(separator: ";").map { entry in
            guard let colon = entry.firstIndex(of: ":") else {
                throw CommandError("\(key)=: \"\(entry.trimmingCharacters(in: .whitespaces))\" has no colon; write LABEL: value; LABEL: value")
            }
            let label = entry[..<colon].trimmingCharacters(in: .whitespaces)
            let words = entry[entry.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            guard !label.isEmpty, !words.isEmpty else {
                throw CommandError("\(key)=: \"\(entry.trimmingCharacters(in: .whitespaces))\" needs a label and a value; write LABEL: value; LABEL: value")
            }
            return (label, words, "\(key)=")
        }
    }

    /// The class index of `label` typed in `key`, or an error listing the labels.
    static func classIndex(of label: String, key: String, in data: EncoderData) throws -> Int {
        guard let index = data.labels.firstIndex(of: label) else {
            throw CommandError("\(key): \(data.name) has no label \(label) (its labels: \(data.labels.joined(separator: ", ")))."
                + EditDistance.didYouMean(label, among: data.labels))
        }
        return index
    }

    static func fewShot(_ invocation: CommandInvocation, context: CommandContext) throws {
        let object = try encoderObject(invocation, context)
        let spec = invocation.text("dataset")!
        let data = try EncoderData.resolve(spec, session: context.session)
        let baseSeed = seed(invocation, context)
        let evaluation = try EncoderData.balancedSubset(try data.evaluationPart(spec), count: invocation.integer("eval"), seed: baseSeed)
        let support = try data.trainingPart(spec)
        let shots = invocation.integer("shots") ?? 1, seeds = invocation.integer("seeds") ?? 5
        let labels = data.labels
        // New classes: fewer examples (shots_for=) or none but words (describe=).
        var shotsPerClass = Array(repeating: shots, count: labels.count)
        var newLabels: [String] = []
        let typedShots = try invocation.text("shotsFor").map { try labelValues($0, key: "shots_for") } ?? []
        for (label, value, key) in typedShots {
            let index = try classIndex(of: label, key: key, in: data)
            guard let count = Int(value), count >= 1 else {
                throw CommandError("\(key): \(label): \(value) is not a number of examples; write e.g. shots_for=\"\(label): 1\"")
            }
            shotsPerClass[index] = count
            newLabels.append(label)
        }
        var described: [(label: String, text: String)] = []
        let typedWords = try invocation.text("describe").map(labelDescriptions) ?? []
        for (label, words, key) in typedWords {
            _ = try classIndex(of: label, key: key, in: data)
            if newLabels.contains(label) {
                throw CommandError("\(key): \(label) is also in shots_for=; a class gets its prototype from examples or from words, not both")
            }
            described.append((label, words))
            newLabels.append(label)
        }
        let supportEmbeddings = try embeddings(of: support.texts, encoder: object, title: "embedding \(data.name).train", context: context)
        let evaluationEmbeddings = try embeddings(of: evaluation.texts, encoder: object, title: "embedding \(evaluation.name)", context: context)
        var given: [Int: [Float]] = [:]
        if !described.isEmpty {
            let rows = try embeddings(of: described.map(\.text), encoder: object, title: "embedding the descriptions", context: context)
            for (row, entry) in described.enumerated() { given[labels.firstIndex(of: entry.label)!] = Array(rows.row(row)) }
        }
        let result = try FewShotResult.measure(
            shotsPerClass: shotsPerClass, given: given, seeds: seeds, baseSeed: baseSeed, labels: labels, support: support,
            supportEmbeddings: supportEmbeddings, evaluation: evaluation, evaluationEmbeddings: evaluationEmbeddings)
        let output = context.output
        let recipe = labels.indices.map { index -> String in
            if let entry = described.first(where: { $0.label == labels[index] }) { return "\(labels[index]) from the words \"\(entry.text)\"" }
            return "\(labels[index]) from \(shotsPerClass[index]) example\(shotsPerClass[index] == 1 ? "" : "s")"
        }
        let title = newLabels.isEmpty ? "\(shots)-shot prototypes (\(shots) example\(shots == 1 ? "" : "s") per class from \(support.name))"
            : "prototypes (\(recipe.joined(separator: ", ")); examples from \(support.name))"
        output.line("\(title), \(seeds) seed\(seeds == 1 ? "" : "s") from \(baseSeed), on \(evaluation.name):")
        output.line("  accuracy per seed: " + result.accuracies.map(percent).joined(separator: "  "))
        output.line("  mean \(percent(result.mean)), min \(percent(result.minimum)), max \(percent(result.maximum)), spread (sd) \(points(result.standardDeviation)) points")
        var numbers: [(path: [String], value: Double)] = [
            (["accuracy"], result.mean), (["mean"], result.mean), (["min"], result.minimum), (["max"], result.maximum),
            (["sd"], result.standardDeviation), (["shots"], Double(shots)), (["seeds"], Double(seeds)),
        ]
        var perClass: [String] = []
        for label in labels {
            let recalls = result.recalls(of: label)
            guard !recalls.isEmpty else { continue }
            let (mean, sd) = (FewShotResult.mean(recalls), FewShotResult.standardDeviation(recalls))
            perClass.append("\(label) \(percent(mean)) ± \(points(sd))")
            numbers += [(["recall", label], mean), (["recallSD", label], sd)]
        }
        output.line("  per class (mean ± sd in points): " + perClass.joined(separator: ", "))
        if !newLabels.isEmpty, newLabels.count < labels.count {
            let bias = result.bias(newLabels: Set(newLabels))
            let newToSeen = (FewShotResult.mean(bias.newToSeen), FewShotResult.standardDeviation(bias.newToSeen))
            let seenToNew = (FewShotResult.mean(bias.seenToNew), FewShotResult.standardDeviation(bias.seenToNew))
            output.line("  new class\(newLabels.count == 1 ? "" : "es") (\(newLabels.joined(separator: ", "))) put in a seen class: \(percent(newToSeen.0)) ± \(points(newToSeen.1)); "
                + "seen classes put in a new one: \(percent(seenToNew.0)) ± \(points(seenToNew.1))")
            numbers += [(["newToSeen"], newToSeen.0), (["newToSeenSD"], newToSeen.1), (["seenToNew"], seenToNew.0), (["seenToNewSD"], seenToNew.1)]
        }
        let name = resultName(invocation, "fs")
        let summary = newLabels.isEmpty ? "\(shots)-shot prototypes" : "prototypes (\(recipe.joined(separator: ", ")))"
        context.session.add(PretrainedResultObject(
            name: name, summary: "\(summary) on \(evaluation.name): mean accuracy \(percent(result.mean)) over \(seeds) seeds", numbers: numbers))
        output.line("Saved as \(name) (\(name).mean, \(name).sd, \(name).recall.\(labels[0])\(newLabels.isEmpty || newLabels.count == labels.count ? "" : ", \(name).newToSeen, \(name).seenToNew")).")
    }

    /// "4.2": a share as percentage points.
    static func points(_ value: Double) -> String { String(format: "%.1f", value * 100) }
}
