import TuneEngine
import TuneModels
import TuneText

extension CommandSpec {
    /// `classifier new NAME from MODEL|scratch [pool=] [labels=]`: a classifier on a GPT trunk.
    public static let classifier = CommandSpec(
        verb: "classifier",
        summary: "make a text classifier on a language model's trunk, or on a fresh one (scratch)",
        details: """
            classifier new clf from base puts a linear head on a copy of base's network: the \
            hidden states of a sentence are pooled (mean over tokens, or the last token) and \
            mapped to one score per label. from scratch builds the same architecture with fresh \
            random weights and the same tokenizer (of like=MODEL, default the session's language \
            model): the baseline that shows what pre-training is worth.
            """,
        examples: ["classifier new clf from base", "classifier new fresh from scratch like=base pool=last",
                   "classifier new judge from base prompt=yes",
                   "classifier new clf2 from base dropout=0.2"],
        positionals: [
            PositionalSpec("action", .choice(["new"]), summary: "new"),
            PositionalSpec("name", .newName, summary: "the classifier's name"),
            PositionalSpec("source", .text, summary: "a language model, or scratch", keyword: "from"),
        ],
        keys: [
            KeySpec("pool", .choice(["mean", "last"]), summary: "how token states become one vector", default: "mean"),
            ClassifierSupport.promptKey,
            KeySpec("labels", .text, summary: "the classes, comma-separated", default: "negative,positive"),
            KeySpec("like", .object(.model), summary: "from scratch: the language model whose shape and tokenizer to copy"),
            KeySpec("dropout", .number(NumberRange(lower: 0, lowerInclusive: true, upper: 1, upperInclusive: false)), summary: "dropout in the trunk during training (default: the model's)", example: "0.1"),
            KeySpec("seed", .integer(atLeast: 0), summary: "the head's (and a scratch trunk's) initialization (default: the session seed)", example: "1"),
        ]
    ) { invocation, context in
        let name = invocation.text("name") ?? ""
        try ModelActions.checkNewModelName(name, in: context.session)
        let source = invocation.text("source") ?? ""
        let labels = (invocation.text("labels") ?? "negative,positive").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard labels.count >= 2, Set(labels).count == labels.count else {
            throw CommandError("labels=\(invocation.text("labels") ?? ""): labels expects two or more different names, e.g. labels=negative,positive")
        }
        let seed = invocation.integer("seed").map(UInt64.init) ?? context.session.seed
        let shape = try ClassifierSupport.shape(invocation)
        let object = try ClassifierSupport.make(
            name: name, source: source, like: invocation.text("like"), labels: labels,
            pooling: shape.pooling, prompt: shape.prompt, dropout: invocation.number("dropout").map(Float.init),
            seed: seed, context: context)
        context.session.add(object)
        let report = ParameterReport(object.classifier)
        context.output.line("Made \(name): a \(labels.joined(separator: "/")) classifier on a trunk from \(object.origin), "
            + "\(object.classifier.pooling.rawValue) pooling\(shape.prompt == nil ? "" : ", texts read as \"\(shape.prompt!.template)\"")"
            + "; \(NumberFormatting.integer(report.total)) parameters "
            + "(the head: \(NumberFormatting.integer(object.classifier.head.parameterCount))).")
    }
}

enum ClassifierSupport {
    /// `prompt=yes|no`, shared by `classifier new` and `finetune`.
    static let promptKey = KeySpec(
        "prompt", .boolean,
        summary: "read texts inside zeroshot's prompt, pool the last token, start the head from the \" good\"/\" bad\" embeddings",
        default: "no")

    /// The pooling and prompt that `pool=` and `prompt=` ask for.
    static func shape(_ invocation: CommandInvocation) throws -> (pooling: Pooling, prompt: PromptTemplate?) {
        guard invocation.boolean("prompt") == true else {
            return (invocation.text("pool") == "last" ? .lastToken : .mean, nil)
        }
        if invocation.typedKeys.contains("pool"), invocation.text("pool") == "mean" {
            throw CommandError("prompt=yes pools the last token, where the language model predicts the verdict; drop pool=mean")
        }
        return (.lastToken, .sentiment)
    }

    /// A classifier on a copy of `source`'s network, or on fresh weights when `source` is "scratch".
    static func make(name: String, source: String, like: String?, labels: [String], pooling: Pooling, prompt: PromptTemplate? = nil,
                     dropout: Float?, seed: UInt64, context: CommandContext) throws -> ClassifierObject {
        let base: LanguageModelObject
        let scratch = source.lowercased() == "scratch"
        let shapeName = scratch ? like : source
        if let shapeName {
            guard let object = context.session.object(named: shapeName) else {
                let models = context.session.allObjects().compactMap { $0 as? LanguageModelObject }.map(\.name)
                throw CommandError("\(shapeName): no such language model in the session"
                    + (models.isEmpty ? "; make one with `model new \(shapeName)`." : " (the session has \(models.joined(separator: ", "))).")
                    + EditDistance.didYouMean(shapeName, among: models))
            }
            guard let language = object as? LanguageModelObject else {
                throw CommandError("\(shapeName) is a \(object is ClassifierObject ? "classifier" : object.kind.name); a classifier is built on a language model (model new NAME).")
            }
            base = language
        } else {
            let models = context.session.allObjects().compactMap { $0 as? LanguageModelObject }
            guard models.count == 1 else {
                let names = models.map(\.name).joined(separator: ", ")
                let have = models.isEmpty ? " (the session has no language model yet: model new base)." : " (the session has \(names))."
                throw CommandError("classifier new \(name) from scratch: say whose shape and tokenizer to copy with like=MODEL" + have)
            }
            base = models[0]
        }
        var configuration = base.configuration
        if let dropout { configuration.dropout = dropout }
        do {
            let trunk = try GPT(configuration, seed: scratch ? seed &+ 1000 : 0)
            if !scratch {
                for ((_, target), (_, value)) in zip(trunk.namedParameters(), base.gpt.namedParameters()) { target.values = value.values }
            }
            let paddingID = base.model.tokenizer.tokenizer.id(for: WordTokenizer.paddingToken) ?? 0
            let classifier = try SequenceClassifier(
                trunk: trunk, labels: labels, pooling: pooling, paddingID: paddingID, prompt: prompt, seed: seed)
            // The same start for a pre-trained and a scratch trunk: the verbalizers' rows of
            // its output embedding (trained, or random).
            if prompt != nil { try classifier.initializeHeadFromVerbalizers(tokenizer: base.model.tokenizer.tokenizer) }
            let object = ClassifierObject(name: name, classifier: classifier, tokenizer: base.model.tokenizer,
                                          origin: scratch ? "scratch (shape of \(base.name))" : "pre-trained \(base.name)")
            object.pretrainedSource = scratch ? nil : base.name
            return object
        } catch let error as CommandError {
            throw error
        } catch let error as TrainingError {
            throw CommandError("classifier \(name): \(error.description)")
        } catch {
            throw CommandError("classifier new \(name): \(error)")
        }
    }
}
