import Foundation
import TuneEngine
import TuneModels
import TuneText

extension CommandSpec {
    /// `eval MODEL on DATA [split=] [as NAME]`: measure a model on held-out data.
    public static let eval = CommandSpec(
        verb: "eval",
        summary: "measure a model: loss and perplexity for a language model, accuracy for a classifier",
        details: """
            A language model is scored on the corpus's validation text: its loss (nats per \
            token), perplexity e^loss, the unigram baseline (a model that ignores context) and \
            ln(vocabulary), the loss of uniform guessing. A classifier is scored on the test part \
            (or validation, or all): accuracy and a confusion matrix. The result is kept as NAME \
            (default MODEL_DATA) for checks: NAME.loss, NAME.accuracy, ... A dataset that is \
            not split is scored whole (split=all), and the lab says so. A classifier on a corpus \
            scores its trunk as a language model, next to the model it was fine-tuned from: \
            how much of the language fine-tuning kept (adapters=off leaves LoRA adapters out). \
            terms=battery,firmware adds, for a language model on plain text, each word's mean \
            next-token loss where it occurs in the held-out text (terms=8: the text's 8 most \
            distinctive words, computed against the model's pre-training corpus); against=base \
            puts another model's losses beside them: NAME.terms.loss, NAME.terms.change, \
            NAME.term.battery.loss.
            """,
        examples: ["eval base on corpus", "eval clf on films as clf_films", "eval clf on restaurants split=validation",
                   "eval clf on corpus as clf_language", "eval base on gadget_text terms=battery,screen,charger as words"],
        positionals: [
            PositionalSpec("model", .object(.model), summary: "the model to measure"),
            PositionalSpec("data", .text, summary: "a corpus or labelled dataset", keyword: "on"),
            PositionalSpec("name", .newName, summary: "the result's name (default MODEL_DATA)", required: false, keyword: "as"),
        ],
        keys: [
            KeySpec("split", .choice(["test", "validation", "train", "all"]), summary: "which part (default: test, else validation; all when not split)"),
            KeySpec("adapters", .choice(["on", "off"]), summary: "a LoRA classifier on plain text: score its trunk with or without the adapters", default: "on"),
            KeySpec("terms", .text, summary: "a language model on plain text: the loss of these words (battery,firmware) or of the N most distinctive (8)", example: "8"),
            KeySpec("against", .text, summary: "with terms=: another language model (same tokenizer) whose term losses are shown beside", example: "base"),
        ]
    ) { invocation, context in
        let modelName = invocation.text("model") ?? ""
        let dataName = invocation.text("data") ?? ""
        let resultName = invocation.text("name") ?? "\(modelName)_\(dataName)"
        let split = invocation.text("split")
        if invocation.typedKeys.contains("terms") || invocation.typedKeys.contains("against"),
           context.session.object(named: modelName) is ClassifierObject {
            throw CommandError("terms= and against= score a language model (eval base on corpus terms=8); \(modelName) is a classifier.")
        }
        // A classifier on plain text: its trunk is still a language model, so score that.
        if let classifier = context.session.object(named: modelName) as? ClassifierObject,
           let corpus = try TrainingData.resolve(dataName, context: context) as? TextCorpusObject {
            try EvaluationSupport.checkResultName(resultName, in: context.session)
            try TrunkEvaluation.run(classifier, on: corpus, split: split, adapters: invocation.text("adapters") != "off",
                                    resultName: resultName, context: context)
            return
        }
        if invocation.typedKeys.contains("adapters") {
            throw CommandError("adapters= applies to a classifier scored on plain text (eval CLASSIFIER on corpus adapters=off).")
        }
        let target = try TrainingRunner.target(model: modelName, data: dataName, context: context, verb: "eval")
        let termsText = invocation.typedKeys.contains("terms") ? invocation.text("terms") : nil
        if invocation.typedKeys.contains("against"), termsText == nil {
            throw CommandError("against= goes with terms=: eval \(modelName) on \(dataName) terms=8 against=\(invocation.text("against") ?? "base")")
        }
        if termsText != nil, target.kind == .classifier {
            throw CommandError("terms= applies to a language model scored on plain text (eval base on corpus terms=8); \(modelName) on \(dataName) is scored by accuracy.")
        }
        try EvaluationSupport.checkResultName(resultName, in: context.session)
        let output = context.output
        if case let (model, corpus)? = target.typed(as: LanguageModelObject.self) {
            let (training, validation) = try TrainingData.tokens(of: corpus, for: model)
            let tokens = split == "train" ? training : (validation ?? training)
            let against = try invocation.text("against").flatMap { termsText == nil ? nil : try TermLossReport.againstModel($0, for: model, context: context) }
            let part = split == "train" || validation == nil ? "train" : "validation"
            // The terms are checked before anything is scored, so a typo costs nothing.
            let terms = try termsText.map { try TermLossReport.chooseTerms($0, model: model, corpus: corpus, part: part, tokens: tokens,
                                                                           trainingTokens: training, context: context) }
            let score = try LanguageModelScore(model.gpt, trainingTokens: training, tokens: tokens)
            if split != "train" {
                model.latestValidationLoss = score.loss
                model.unigramBaseline = score.baseline
                if model.stepsTaken == 0, !model.loadedFromCheckpoint { model.initialValidationLoss = score.loss }
            }
            let unit = EvaluationSupport.tokenUnit(of: model.model.tokenizer)
            let result = EvaluationObject(name: resultName, description: "\(modelName) on \(dataName) (\(split ?? "validation")): loss \(OutputRendering.number(score.loss))")
            result.numbers = score.numbers
            context.session.add(result)
            score.print(title: "\(modelName) on \(dataName) (\(split ?? "validation"), \(NumberFormatting.integer(tokens.count)) tokens)",
                        modelRow: modelName, unit: unit, output: output)
            output.line(score.loss < score.baseline
                ? "\(modelName) beats the unigram baseline by \(OutputRendering.number(score.baseline - score.loss)) nats per token: it uses the context."
                : "\(modelName) is not below the unigram baseline yet: it has not learned more than \(unit) frequencies.")
            if let terms {
                try TermLossReport.run(model, against: against, on: corpus, part: part, tokens: tokens, terms: terms,
                                       result: result, context: context)
                output.line("Kept as \(resultName) (\(resultName).loss, \(resultName).terms.loss"
                    + (against == nil ? "" : ", \(resultName).terms.against, \(resultName).terms.change") + ", \(resultName).term.WORD.loss).")
                return
            }
            output.line("Kept as \(resultName) (\(resultName).loss, \(resultName).perplexity, \(resultName).baseline, \(resultName).uniform).")
        } else if case let (classifier, dataset)? = target.typed(as: ClassifierObject.self) {
            let part = try EvaluationSupport.part(of: dataset, split: split, dataName: dataName, output: output)
            let metrics = try EvaluationSupport.metrics(of: classifier, on: part)
            classifier.latestAccuracy = metrics.accuracy
            let result = EvaluationObject(name: resultName, description: "\(modelName) on \(dataName) (\(part.count) examples): accuracy \(OutputRendering.number(metrics.accuracy))")
            result.metrics = metrics
            context.session.add(result)
            ClassificationPrinting.print(metrics, title: "\(modelName) on \(dataName) (\(part.count) examples)", context: context)
            output.line("Kept as \(resultName) (\(resultName).accuracy, \(resultName).f1, \(resultName).predicted.LABEL).")
        }
    }
}

enum EvaluationSupport {
    /// What a language model's tokens are, for naming its unigram baseline.
    static func tokenUnit(of tokenizer: SavedTokenizer) -> String {
        switch tokenizer {
        case .character: return "character"
        case .word: return "word"
        case .wordPiece: return "word-piece"
        }
    }

    /// The part of `dataset` that `split=` names. Without `split=`: test, else validation,
    /// else (a dataset that is not split) all of it, with a note saying so.
    static func part(of dataset: DatasetObject, split: String?, dataName: String, output: Output) throws -> LabelledDataset {
        let parts = dataset.parts.map(\.name).joined(separator: ", ")
        switch split {
        case "all"?:
            let all = try dataset.combined()
            if dataset.isSplit {
                output.line(output.styled("split=all: scoring all \(all.count) examples of \(dataName), its training part included.", .dim))
            }
            return try LabelledDataset(name: "\(dataName) (all)", columns: all.columns, labels: all.labels)
        case "train"?:
            return dataset.train
        case let name?:
            if let part = dataset.part(name) { return part }
            throw CommandError(dataset.isSplit
                ? "\(dataName) has no \(name) part (it has \(parts)); choose split=\(dataset.parts.map(\.name).joined(separator: ", split=")) or split=all."
                : "\(dataName) is not split, so it has no \(name) part; split=all scores all \(dataset.count) examples, or cut it first with `data split \(dataName)`.")
        case nil:
            if let part = dataset.test ?? dataset.validation { return part }
            let all = try dataset.combined()
            if dataset.isSplit { return all }
            output.line(output.styled("\(dataName) is not split into train and test: scoring all \(all.count) examples (split=all). "
                + "That is fair for a model that never trained on \(dataName).", .dim))
            return try LabelledDataset(name: "\(dataName) (all)", columns: all.columns, labels: all.labels)
        }
    }

    static func checkResultName(_ name: String, in session: Session) throws {
        guard CommandParser.isValidName(name) else { throw CommandError("\(name): the result's name expects \(ArgumentType.newName.accepts); give one with `as NAME`.") }
        if let existing = session.object(named: name), !(existing is EvaluationObject), !(existing is SeedStudyObject) {
            throw CommandError("\(name) is already a \(existing.kind.name) in the session; give the result another name with `as NAME`.")
        }
    }

    /// Accuracy and confusion matrix of `classifier` on `data`.
    static func metrics(of classifier: ClassifierObject, on data: LabelledDataset) throws -> ClassificationMetrics {
        let (sequences, truths) = try TextClassificationTask.encode(
            data, tokenizer: classifier.tokenizer.tokenizer, labels: classifier.labels, prompt: classifier.classifier.prompt)
        return try ClassificationMetrics(labels: classifier.labels, truths: truths, predictions: try classifier.classifier.predict(sequences))
    }
}
