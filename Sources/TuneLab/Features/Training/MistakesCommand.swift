import TuneModels
import TuneText

extension CommandSpec {
    /// `mistakes MODEL on DATA [split=] [limit=N] [as NAME]`: error analysis of a classifier.
    public static let mistakes = CommandSpec(
        verb: "mistakes",
        summary: "list a classifier's mistakes, most confident first, with the words each one rests on",
        details: """
            Scores every sentence of the test part (or split=validation, train, all; chosen as \
            eval chooses), counts the misclassified ones and lists the most confident first \
            (limit=, default 8): the true label, the predicted one with its probability, and the \
            sentence with the 1-3 words whose removal most lowers that wrong prediction \
            highlighted ([brackets] without color). The words are found by occlusion: each word \
            is taken out in turn and the shorter sentence scored again; without "slow": \
            P(negative) 0.81 → 0.42 is the model's own answer for the sentence without it. \
            With prompt=yes only the sentence's words are taken out, never the prompt's. Works \
            for classifiers made by classifier new, finetune and encoder finetune. The result is kept as NAME \
            (default MODEL_mistakes): NAME.count (misclassified), NAME.total, NAME.confidence \
            (mean probability of the wrong predictions), NAME.shown and NAME.flipped (how many \
            of the shown mistakes one removed word turns into the true label).
            """,
        examples: ["mistakes clf on gadgets limit=5 as slips", "mistakes clf on films split=validation",
                   "mistakes clf on restaurants limit=3"],
        positionals: [
            PositionalSpec("model", .object(.model), summary: "the classifier to analyse"),
            PositionalSpec("data", .text, summary: "a labelled dataset", keyword: "on"),
            PositionalSpec("name", .newName, summary: "the result's name (default MODEL_mistakes)", required: false, keyword: "as"),
        ],
        keys: [
            KeySpec("split", .choice(["test", "validation", "train", "all"]), summary: "which part (default: test, else validation; all when not split)"),
            KeySpec("limit", .integer(in: 1...50), summary: "how many mistakes to list and analyse", default: "8"),
        ]
    ) { invocation, context in
        let modelName = invocation.text("model") ?? ""
        let dataName = invocation.text("data") ?? ""
        let classifier = try MistakesSupport.scorer(modelName, context: context)
        let resultName = invocation.text("name") ?? "\(modelName)_mistakes"
        try EvaluationSupport.checkResultName(resultName, in: context.session)
        let dataset = try TrainingData.labelled(dataName, for: modelName, context: context)
        guard Set(dataset.labelNames).isSubset(of: Set(classifier.labels)) else {
            throw CommandError("\(dataName) has labels \(dataset.labelNames.joined(separator: ", ")), and \(modelName) "
                + "predicts \(classifier.labels.joined(separator: ", ")); analyse it on data with those labels.")
        }
        let split = invocation.text("split")
        let part = try EvaluationSupport.part(of: dataset, split: split, dataName: dataName, output: context.output)
        let limit = invocation.integer("limit") ?? 8
        // -- compute: the engine scores, sorts and occludes
        let analysis: MistakeAnalysis
        let truths = part.examples.map { classifier.labels.firstIndex(of: $0.label)! }  // every label is the classifier's (checked above)
        analysis = try MistakeAnalysis(
            labels: classifier.labels, texts: part.texts, truths: truths,
            probabilities: try classifier.probabilities(part.texts), limit: limit, occlusion: classifier.occlusion)
        // -- render, then keep the numbers for checks
        let partName = split ?? (dataset.test != nil ? "test" : dataset.validation != nil ? "validation" : "all")
        MistakesRendering.print(analysis, modelName: modelName, dataName: dataName, partName: partName, output: context.output)
        let result = EvaluationObject(
            name: resultName,
            description: "\(modelName) on \(dataName) (\(partName)): \(analysis.mistakes.count) of \(analysis.total) misclassified")
        result.numbers = [
            "count": Double(analysis.mistakes.count), "total": Double(analysis.total), "confidence": analysis.meanConfidence,
            "shown": Double(analysis.analysed.count), "flipped": Double(analysis.flippedByOneWord),
        ]
        context.session.add(result)
        context.output.line("Kept as \(resultName) (\(resultName).count, \(resultName).total, \(resultName).confidence, "
            + "\(resultName).shown, \(resultName).flipped).")
    }
}

enum MistakesSupport {
    /// What error analysis needs of a classifier: its labels, the class probabilities of
    /// texts, and the occlusion analysis of one text.
    struct Scorer {
        let labels: [String]
        let probabilities: ([String]) throws -> [[Float]]
        let occlusion: (String) throws -> OcclusionAnalysis
    }

    /// The classifier called `name` (a GPT classifier, or a MiniLM fine-tuned with `encoder
    /// finetune`), or an error that says what `mistakes` analyses.
    static func scorer(_ name: String, context: CommandContext) throws -> Scorer {
        let supported = "mistakes analyses a classifier made by `classifier new` or `finetune` (such as judge in lesson 4) "
            + "or by `encoder finetune` (lesson 8)"
        switch context.session.object(named: name) {
        case let object as ClassifierObject:
            let (model, tokenizer) = (object.classifier, object.tokenizer.tokenizer)
            return Scorer(labels: model.labels,
                          probabilities: { try model.probabilities(of: $0, tokenizer: tokenizer) },
                          occlusion: { try model.occlusion(of: $0, tokenizer: tokenizer) })
        case let object as FineTunedEncoderObject:
            let (model, reader) = (object.classifier, object.reader)
            return Scorer(labels: model.labels,
                          probabilities: { try model.probabilities(of: $0, tokenIDs: reader.tokenIDs) },
                          occlusion: { try model.occlusion(of: $0, tokenIDs: reader.tokenIDs) })
        case is LanguageModelObject:
            throw CommandError("\(name) is a language model, not a classifier; \(supported). "
                + "Make one with `finetune \(name) on few as clf`.")
        case is PretrainedEncoderObject:
            throw CommandError("\(name) is a pre-trained encoder without a classification head; \(supported), "
                + "e.g. `encoder finetune \(name) on films as ft`.")
        case let other?:
            throw CommandError("\(name) is a \(other.kind.name), not a classifier; \(supported).")
        case nil:
            _ = try TrainingRunner.model(name, context: context, verb: "mistakes")  // throws: no such model, and what exists
            throw CommandError("\(name): no such classifier in the session.")
        }
    }
}
