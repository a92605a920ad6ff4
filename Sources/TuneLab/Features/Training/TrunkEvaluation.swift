import TuneEngine
import TuneModels

/// `eval CLASSIFIER on CORPUS`: a classifier's trunk is still a language model, with the
/// output layer it was pre-trained with. Scoring it on the pre-training text, beside the
/// model it started from, measures what fine-tuning cost: catastrophic forgetting.
enum TrunkEvaluation {
    static func run(_ classifier: ClassifierObject, on corpus: TextCorpusObject, split: String?, adapters: Bool,
                    resultName: String, context: CommandContext) throws {
        let output = context.output
        if !adapters, classifier.lora == nil {
            throw CommandError("adapters=off: \(classifier.name) has no LoRA adapters, so its trunk is scored as it is; drop adapters=off.")
        }
        if let split, split != "train", split != "validation" {
            throw CommandError("split=\(split): \(corpus.name) is plain text, scored on its validation part (default) or split=train.")
        }
        let trunk = classifier.classifier.trunk
        let source = classifier.pretrainedSource.flatMap { context.session.object(named: $0) as? LanguageModelObject }
            .flatMap { $0.configuration.vocabularySize == trunk.configuration.vocabularySize ? $0 : nil }
        // -- the tokens: the source model's (cached, and the same tokenizer), else encode here
        let training: [Int], validation: [Int]?
        if let source {
            (training, validation) = try TrainingData.tokens(of: corpus, for: source)
        } else {
            let texts = TrainingData.texts(of: corpus)
            training = try classifier.tokenizer.tokenizer.encode(texts.training)
            validation = try texts.validation.map { try classifier.tokenizer.tokenizer.encode($0) }
        }
        let part = split == "train" || validation == nil ? "train" : "validation"
        let tokens = part == "train" ? training : validation!
        guard tokens.count > trunk.configuration.contextLength else {
            throw CommandError("\(corpus.name) has \(tokens.count) \(part) tokens; \(classifier.name)'s trunk reads windows of \(trunk.configuration.contextLength + 1).")
        }
        // -- adapters=off: take the LoRA adapters out while scoring, and put them back after
        var removed: [(layer: Linear, adapter: LoRAAdapter)] = []
        if !adapters {
            for (_, child) in trunk.namedModules() {
                if let layer = child as? Linear, let adapter = layer.adapter {
                    removed.append((layer, adapter))
                    layer.adapter = nil
                }
            }
        }
        defer { for (layer, adapter) in removed { layer.adapter = adapter } }
        let score = try LanguageModelScore(trunk, trainingTokens: training, tokens: tokens)
        let sourceLoss = try source.map { try LanguageModelScore($0.gpt, trainingTokens: training, tokens: tokens).loss }

        // -- render
        let trunkRow = "\(classifier.name)'s trunk" + (removed.isEmpty ? "" : ", adapters off")
        score.print(title: "\(classifier.name)'s trunk as a language model on \(corpus.name) (\(part), \(NumberFormatting.integer(tokens.count)) tokens)",
                    modelRow: trunkRow, unit: EvaluationSupport.tokenUnit(of: classifier.tokenizer),
                    extraRows: source.map { [("\($0.name), where it started", sourceLoss!)] } ?? [], output: output)
        var numbers = score.numbers
        if let source, let sourceLoss {
            let change = score.loss - sourceLoss
            numbers["source"] = Double(sourceLoss)
            numbers["change"] = Double(change)
            if change == 0 {
                output.line("Exactly \(source.name)'s loss: fine-tuning did not change a single weight the language model uses"
                    + (removed.isEmpty ? "." : " once the adapters are out."))
            } else if change > 0 {
                // Past the baselines, "part of" would understate it: a trunk worse than word
                // frequencies has lost what pre-training taught, and one worse than a
                // uniform guess is confidently wrong.
                let verdict = Double(score.loss) > score.uniform
                    ? "the trunk predicts worse than a uniform guess: its language model is gone."
                    : score.loss > score.baseline
                        ? "the trunk predicts worse than word frequencies alone: it forgot what pre-training taught it."
                        : "the trunk forgot part of the language it was pre-trained on."
                output.line("Fine-tuning raised the loss by \(OutputRendering.number(change)) nats per token "
                    + "(perplexity \(OutputRendering.number(Double(LanguageModelEvaluation.perplexity(loss: sourceLoss)))) → "
                    + "\(OutputRendering.number(Double(LanguageModelEvaluation.perplexity(loss: score.loss))))): " + verdict)
            } else {
                output.line("Fine-tuning lowered the loss by \(OutputRendering.number(-change)) nats per token: "
                    + "what it learned from the labelled sentences also helps predict this text.")
            }
        } else if let name = classifier.pretrainedSource {
            output.line(output.styled("\(name), the model \(classifier.name) started from, is no longer in the session to compare with.", .dim))
        }
        let result = EvaluationObject(name: resultName, description: "\(trunkRow) on \(corpus.name) (\(part)): loss \(OutputRendering.number(score.loss))")
        result.numbers = numbers
        context.session.add(result)
        output.line("Kept as \(resultName) (\(resultName).loss, \(resultName).perplexity"
            + (sourceLoss == nil ? "" : ", \(resultName).source, \(resultName).change") + ").")
    }
}
