import Foundation
import TuneModels
import TuneText

/// `zeroshot MODEL on DATA shots=k seeds=N`: the same k-shot prompt with the worked
/// examples drawn by seeds seed, seed+1, …, kept as one distribution (`SeedStudyObject`).
///
/// Which k examples lead the prompt can move a few-shot accuracy by many points; one draw
/// says little about k-shot prompting, the mean and spread over draws say more.
enum ZeroshotSeeds {
    static func run(count: Int, model: LanguageModelObject, template: PromptTemplate, part: LabelledDataset, dataset: DatasetObject,
                    options: PromptOptions, dataName: String, resultName: String, context: CommandContext) throws {
        let output = context.output
        let scorer = PromptScorer(model: model.model, template: template)
        output.line("\(count) draws of the \(options.shots) worked example\(options.shots == 1 ? "" : "s") (\(SeedLoop.range(first: options.seed, count: count))), "
            + "each prompt scored on \(part.count) sentences of \(dataName):")
        output.line("  │ " + template.fewShotPrompt(examples: [], query: "<sentence>").components(separatedBy: "\n").filter { !$0.isEmpty }.joined(separator: " "))
        output.line("  → compare p(\"\(template.verbalizers["positive"]!)\") with p(\"\(template.verbalizers["negative"]!)\")")
        let labels = part.labels
        var truncated = 0
        let began = Date()
        let finished = try SeedLoop.run(count: count, firstSeed: options.seed, name: resultName, context: context) { _, seed -> SeedLoop.Outcome<PromptEvaluation> in
            var seeded = options
            seeded.seed = seed
            let evaluation = try scorer.evaluate(part, examplePool: dataset.train, options: seeded)
            truncated = max(truncated, evaluation.truncatedPrompts)
            let drawn = evaluation.examples.map { "\($0.label)" }.joined(separator: ", ")
            output.line("  seed \(seed)  accuracy \(OutputRendering.number(evaluation.accuracy)) (\(evaluation.metrics.correct) of \(evaluation.metrics.total))  examples: \(drawn)")
            return .finished(evaluation)
        }
        guard !finished.isEmpty else { return }
        var study = SeedStudy(measures: ["accuracy", "macroF1"] + labels.map { "recall.\($0)" })
        for (seed, evaluation) in finished {
            var values = ["accuracy": evaluation.accuracy, "macroF1": evaluation.metrics.macroF1]
            for score in evaluation.metrics.perClass { values["recall.\(score.label)"] = score.recall }
            study.record(seed: seed, values: values)
        }
        var tableNames = ["accuracy": "accuracy", "macroF1": "macro F1"]
        for label in labels { tableNames["recall.\(label)"] = "recall of \(label)" }
        let result = SeedStudyObject(name: resultName, study: study, subject: "\(options.shots)-shot prompts of \(model.name) on \(dataName) (\(part.count) sentences)",
                                     labels: tableNames, seconds: Date().timeIntervalSince(began))
        context.session.add(result)
        SeedStudyRendering.printSummary(of: result, headline: ["accuracy"], context: context)
        if truncated > 0 {
            output.warning("Up to \(truncated) prompts per seed were longer than the context (\(model.configuration.contextLength) tokens) and lost their beginning.")
        }
    }
}
