import Foundation
import TuneModels
import TuneText

/// `eval MODEL on TEXT terms=... [against=OTHER]`: the loss of single words where they
/// occur in held-out text, for the words a learner lists or the text's most distinctive
/// ones. Beside another model (`against=base`), it shows what reading a domain changed
/// word by word: the domain's own vocabulary is where continued pre-training pays.
///
/// Publishes `NAME.terms.loss` (the mean of the terms' losses, each term weighted
/// equally), `NAME.terms.count`, and per term `NAME.term.WORD.loss` and
/// `NAME.term.WORD.count`; with `against=`, also `NAME.terms.against`,
/// `NAME.terms.change` (loss − against) and `NAME.term.WORD.against`.
enum TermLossReport {
    /// The most terms `terms=N` may ask for (a table, not a vocabulary dump).
    static let maximumCount = 40
    /// How often a computed term must occur, in the text's training part and in the
    /// held-out part, to be listed: fewer occurrences make too noisy a mean.
    static let minimumOccurrences = 5

    /// Scores `model` (and `against`) on `tokens`, the held-out text of `corpus`, term by
    /// term (`terms` from `chooseTerms`), prints the table and fills `result`'s numbers.
    static func run(_ model: LanguageModelObject, against: LanguageModelObject?, on corpus: TextCorpusObject,
                    part: String, tokens: [Int], terms: [Int], result: EvaluationObject, context: CommandContext) throws {
        let output = context.output
        let tokenizer = model.model.tokenizer.tokenizer
        // -- the losses: every position once, then the terms' occurrences
        let measured: [TermLoss], before: [TermLoss]?
        do {
            measured = try TermLoss.measure(losses: try TokenLosses.perToken(model.gpt, tokens: tokens), tokens: tokens, terms: terms)
            before = try against.map { try TermLoss.measure(losses: try TokenLosses.perToken($0.gpt, tokens: tokens), tokens: tokens, terms: terms) }
        } catch let error as TrainingError {
            throw CommandError("terms=: \(error.description)")
        }
        // -- render: one row per term, then the mean of the terms
        let spell = { (id: Int) in tokenizer.token(for: id) ?? "#\(id)" }
        var titles = ["term", "occurrences", "\(model.name) loss"]
        if let against { titles += ["\(against.name) loss", "change"] }
        let table = TableRenderer(titles: titles, title: "next-token loss of \(terms.count) term\(terms.count == 1 ? "" : "s") in \(corpus.name) (\(part)), nats")
        var rows: [[TableRenderer.Cell]] = []
        for (index, term) in measured.enumerated() {
            var row: [TableRenderer.Cell] = [.text(spell(term.token)), .integer(term.occurrences), .number(term.meanLoss!)]
            if let before { row += [.number(before[index].meanLoss!), .number(term.meanLoss! - before[index].meanLoss!)] }
            rows.append(row)
            result.numbers["term.\(spell(term.token)).loss"] = term.meanLoss!
            result.numbers["term.\(spell(term.token)).count"] = Double(term.occurrences)
            if let before { result.numbers["term.\(spell(term.token)).against"] = before[index].meanLoss! }
        }
        let mean = measured.map { $0.meanLoss! }.reduce(0, +) / Double(measured.count)
        var meanRow: [TableRenderer.Cell] = [.text("mean of the terms"), .integer(measured.reduce(0) { $0 + $1.occurrences }), .number(mean)]
        result.numbers["terms.loss"] = mean
        result.numbers["terms.count"] = Double(measured.count)
        let meanBefore = before.map { $0.map { $0.meanLoss! }.reduce(0, +) / Double($0.count) }
        if let meanBefore {
            meanRow += [.number(meanBefore), .number(mean - meanBefore)]
            result.numbers["terms.against"] = meanBefore
            result.numbers["terms.change"] = mean - meanBefore
        }
        OutputRendering.print(table.render(rows: rows + [meanRow], style: OutputRendering.style(for: output)), to: output)
        if let before, let against, let meanBefore {
            let lower = zip(measured, before).filter { $0.0.meanLoss! < $0.1.meanLoss! }.count
            output.line("\(model.name) predicts \(lower) of the \(terms.count) terms more surely than \(against.name) "
                + "(mean \(OutputRendering.number(meanBefore)) → \(OutputRendering.number(mean)) nats, "
                + "\(mean < meanBefore ? "down" : "up") \(OutputRendering.number(abs(mean - meanBefore)))).")
        }
        output.line(output.styled("A term's loss is −ln p(term | the words before it), averaged over its occurrences in \(corpus.name)'s \(part) text.", .dim))
    }

    /// The terms as token ids: `terms=N` computes the N most distinctive words of the
    /// text (against the corpus `model` was pre-trained on); `terms=a,b,c` checks each
    /// word is one token of `model`'s vocabulary and occurs in the held-out text.
    static func chooseTerms(_ text: String, model: LanguageModelObject, corpus: TextCorpusObject, part: String,
                            tokens: [Int], trainingTokens: [Int], context: CommandContext) throws -> [Int] {
        let tokenizer = model.model.tokenizer.tokenizer
        guard case .word = model.model.tokenizer else {
            throw CommandError("terms=: \(model.name) reads \(EvaluationSupport.tokenUnit(of: model.model.tokenizer))s, not words; "
                + "per-term losses need a model with word tokens (model new NAME tokens=word).")
        }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let count = Int(trimmed) {
            guard (1...maximumCount).contains(count) else {
                throw CommandError("terms=\(trimmed): terms expects a count from 1 to \(maximumCount) (the most distinctive words) or a list of words, e.g. terms=battery,firmware")
            }
            let reference = try TrainingData.tokens(of: try TrainingData.corpus(model.corpusName, for: model.name, context: context), for: model).training
            // Words only: the unknown word, padding and punctuation are never terms.
            let excluded = Set((0..<tokenizer.vocabularySize).filter { id in
                guard let spelling = tokenizer.token(for: id) else { return true }
                return spelling.isEmpty || !spelling.allSatisfy(\.isLetter)
            })
            let ranked = DistinctiveTerms.rank(domain: trainingTokens, reference: reference, heldOut: tokens, excluded: excluded,
                                               minimumCount: minimumOccurrences, limit: count)
            guard !ranked.isEmpty else {
                throw CommandError("terms=\(count): no word of \(corpus.name) occurs \(minimumOccurrences) times in both its training and its \(part) text; "
                    + "list the words instead (terms=battery,firmware).")
            }
            let spelled = ranked.map { tokenizer.token(for: $0) ?? "#\($0)" }
            context.output.line("The \(ranked.count) most distinctive words of \(corpus.name) (most frequent in it compared with \(model.corpusName), "
                + "each seen at least \(minimumOccurrences) times in its training and \(part) text): \(spelled.joined(separator: ", "))"
                + (ranked.count < count ? " (only \(ranked.count) qualify)." : "."))
            return ranked
        }
        let words = trimmed.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard !words.isEmpty, !words.contains(where: \.isEmpty) else {
            throw CommandError("terms=\(text): list words separated by commas (terms=battery,firmware) or give a count (terms=8).")
        }
        guard words.count <= maximumCount else {
            throw CommandError("terms=: \(words.count) words listed; at most \(maximumCount).")
        }
        var ids: [Int] = []
        let present = Set(tokens.dropFirst())  // the first token is never predicted
        let vocabulary = (0..<tokenizer.vocabularySize).compactMap { tokenizer.token(for: $0) }
        for word in words {
            let encoded = try tokenizer.encode(word)
            guard encoded.count == 1 else {
                throw CommandError("terms=: \(word) is \(encoded.count) tokens for \(model.name) (\(try tokenizer.decode(encoded))); list single words.")
            }
            guard encoded[0] != WordTokenizer.unknownID else {
                throw CommandError("terms=: \(word) is not in \(model.name)'s vocabulary (it reads as [UNK])."
                    + EditDistance.didYouMean(word.lowercased(), among: vocabulary))
            }
            guard present.contains(encoded[0]) else {
                throw CommandError("terms=: \(word) does not occur in \(corpus.name)'s \(part) text (\(NumberFormatting.integer(tokens.count)) tokens); "
                    + "list words that do, or terms=8 for its 8 most distinctive.")
            }
            if !ids.contains(encoded[0]) { ids.append(encoded[0]) }
        }
        return ids
    }

    /// The model `against=` names: a language model with the same tokenizer as `model`.
    static func againstModel(_ name: String, for model: LanguageModelObject, context: CommandContext) throws -> LanguageModelObject {
        let object = try TrainingRunner.model(name, context: context, verb: "eval against=")
        guard let other = object as? LanguageModelObject else {
            throw CommandError("against=\(name): \(name) is a classifier; compare with a language model such as the one it was fine-tuned from.")
        }
        guard other !== model else { throw CommandError("against=\(name): that is the model being scored; name another (e.g. the one it was copied from).") }
        guard try other.model.tokenizer.jsonData() == model.model.tokenizer.jsonData() else {
            throw CommandError("against=\(name): \(name) has another tokenizer than \(model.name), so their losses count different tokens; "
                + "compare models that share one (model copy \(model.name) NEW makes such a twin).")
        }
        return other
    }
}
