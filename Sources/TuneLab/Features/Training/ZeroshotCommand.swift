import TuneModels
import TuneText

extension CommandSpec {
    /// `zeroshot MODEL on DATA [shots=] [template=] [positive=] [negative=] [as NAME]`: prompt scoring.
    public static let zeroshot = CommandSpec(
        verb: "zeroshot",
        summary: "classify by prompting a language model, with 0, 1 or k worked examples, no training",
        details: """
            Each test sentence goes into a template ("{text} Overall, it was"); the label whose \
            word (" good" or " bad") the model finds more probable next wins. shots=k puts k \
            labelled training sentences, completed with their label word, before the query \
            (the same examples for every query, drawn with seed=). Prints accuracy and a \
            confusion matrix; keeps the result as NAME (default DATA_Kshot): NAME.accuracy, \
            NAME.predicted.positive, ... With shots=k, seeds=N repeats it with the examples drawn \
            by seeds seed, seed+1, ...: one line per seed, then mean ± sd (sample), min and max, \
            kept as NAME (NAME.mean.accuracy, NAME.sd.accuracy, NAME.run.K.accuracy). With \
            shots=0 nothing is drawn, so seeds= is refused: every seed gives the same answer.
            """,
        examples: ["zeroshot base on films", "zeroshot base on gadgets shots=4 as g4", "zeroshot base on films shots=2 seeds=5 as two",
                   "zeroshot base on films template=\"{text} In short:\" positive=\" good\" negative=\" bad\""],
        positionals: [
            PositionalSpec("model", .object(.model), summary: "a language model"),
            PositionalSpec("data", .text, summary: "a labelled dataset (its test part is scored)", keyword: "on"),
            PositionalSpec("name", .newName, summary: "the result's name (default DATA_Kshot)", required: false, keyword: "as"),
        ],
        keys: [
            KeySpec("shots", .integer(in: 0...16), summary: "worked examples before each query", default: "0"),
            KeySpec("template", .text, summary: "the prompt, with {text} for the sentence", default: "{text} Overall, it was"),
            KeySpec("positive", .text, summary: "the word that stands for positive", default: " good"),
            KeySpec("negative", .text, summary: "the word that stands for negative", default: " bad"),
            KeySpec("calibrate", .boolean, summary: "subtract each word's score after an empty prompt", default: "no"),
            KeySpec("split", .choice(["test", "validation", "train", "all"]), summary: "which part to score (default test; all when not split)"),
            KeySpec("seed", .integer(atLeast: 0), summary: "which worked examples (default: the session seed)", example: "1"),
            KeySpec("seeds", .integer(in: 1...20), summary: "with shots=k: repeat with the examples of seeds seed, seed+1, ...; report mean ± sd", example: "5"),
        ]
    ) { invocation, context in
        let modelName = invocation.text("model") ?? ""
        let holder = try TrainingRunner.model(modelName, context: context, verb: "zeroshot")
        guard let model = holder as? LanguageModelObject else {
            throw CommandError("\(modelName) is a classifier; zeroshot prompts a language model (such as base) with no training.")
        }
        let dataName = invocation.text("data") ?? ""
        let dataset = try TrainingData.labelled(dataName, for: "zeroshot", context: context)
        let shots = invocation.integer("shots") ?? 0
        if let count = invocation.integer("seeds"), shots == 0 {
            // Zero shots draw nothing: the same prompt on the same sentences, whatever the seed.
            throw CommandError("seeds=\(count): with shots=0 nothing is drawn at random (the model, the prompt and the sentences are fixed), "
                + "so every seed gives the same accuracy. Leave out seeds=, or give shots=1 or more to repeat over draws of the worked examples.")
        }
        let resultName = invocation.text("name") ?? "\(dataName)_\(shots)shot"
        try EvaluationSupport.checkResultName(resultName, in: context.session)
        let labels = dataset.labelNames
        guard Set(labels) == ["positive", "negative"] else {
            throw CommandError("\(dataName) has labels \(labels.joined(separator: ", ")); zeroshot compares a word for label positive "
                + "(positive=) with one for label negative (negative=). "
                + (labels.count == 2
                    ? "Name the labels when loading, e.g. data load \(dataName) FILE labels=\(labels[0]):negative,\(labels[1]):positive"
                    : "It needs a dataset with exactly those two labels."))
        }
        let template = PromptTemplate(template: invocation.text("template") ?? "{text} Overall, it was",
                                      verbalizers: ["positive": invocation.text("positive") ?? " good", "negative": invocation.text("negative") ?? " bad"])
        let part = try EvaluationSupport.part(of: dataset, split: invocation.text("split"), dataName: dataName, output: context.output)
        if shots > 0, !dataset.isSplit {
            context.output.line(context.output.styled("The \(shots) worked example\(shots == 1 ? " is" : "s are") drawn from the same sentences that are scored.", .dim))
        }
        let options = PromptOptions(shots: shots, seed: invocation.integer("seed").map(UInt64.init) ?? context.session.seed,
                                    calibrated: invocation.boolean("calibrate") ?? false)
        if let count = invocation.integer("seeds") {
            try ZeroshotSeeds.run(count: count, model: model, template: template, part: part, dataset: dataset, options: options,
                                  dataName: dataName, resultName: resultName, context: context)
            return
        }
        let evaluation = try PromptScorer(model: model.model, template: template).evaluate(part, examplePool: dataset.train, options: options)
        let output = context.output
        let worked = evaluation.examples.map { (text: $0.text, label: $0.label) }
        // The split scored, in words: "test" unless split= chose another (all: every sentence).
        let splitName = dataset.isSplit ? (invocation.text("split") ?? "test") : "all"
        let scored = splitName == "all" ? "sentence" : "\(splitName) sentence"
        output.line(output.styled("The prompt", .bold) + " (the last line holds each \(scored)):")
        for line in template.fewShotPrompt(examples: worked, query: "<sentence>").components(separatedBy: "\n") where !line.isEmpty {
            output.line("  │ " + line)
        }
        output.line("  → compare p(\"\(template.verbalizers["positive"]!)\") with p(\"\(template.verbalizers["negative"]!)\")")
        ClassificationPrinting.print(evaluation.metrics, title: "\(shots)-shot \(modelName) on \(dataName) (\(part.count) \(scored)s)", context: context)
        if evaluation.truncatedPrompts > 0 {
            output.warning("\(evaluation.truncatedPrompts) prompts were longer than the context (\(model.configuration.contextLength) tokens) and lost their beginning.")
        }
        let result = EvaluationObject(name: resultName, description: "\(shots)-shot prompting of \(modelName) on \(dataName): accuracy \(OutputRendering.number(evaluation.accuracy))")
        result.metrics = evaluation.metrics
        result.numbers["shots"] = Double(shots)
        result.numbers["truncated"] = Double(evaluation.truncatedPrompts)
        context.session.add(result)
        output.line("Kept as \(resultName) (\(resultName).accuracy, \(resultName).predicted.positive, ...).")
    }
}
