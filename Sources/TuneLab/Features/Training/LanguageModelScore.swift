import Foundation
import TuneModels

/// A language model's loss on some text, beside the two losses that put it in scale: the
/// unigram baseline (a model that ignores context) and ln(vocabulary) (uniform guessing).
struct LanguageModelScore {
    /// Mean cross-entropy per token, in nats, over up to 200 evenly spaced windows.
    let loss: Float
    let baseline: Float
    let vocabularySize: Int
    let tokenCount: Int

    /// ln(vocabulary): the loss of a model that gives every token the same probability.
    var uniform: Double { Foundation.log(Double(vocabularySize)) }

    /// Scores `gpt` on `tokens`; the baseline counts token frequencies in `trainingTokens`.
    init(_ gpt: GPT, trainingTokens: [Int], tokens: [Int]) throws {
        let windows = try TokenWindows(tokens: tokens, contextLength: gpt.configuration.contextLength)
        loss = try LanguageModelEvaluation.meanLoss(gpt, windows: windows, starts: windows.evaluationStarts(limit: 200))
        baseline = try LanguageModelEvaluation.unigramBaseline(
            trainingTokens: trainingTokens, validationTokens: tokens, vocabularySize: gpt.configuration.vocabularySize)
        vocabularySize = gpt.configuration.vocabularySize
        tokenCount = tokens.count
    }

    /// The numbers checks read: NAME.loss, NAME.perplexity, NAME.baseline, NAME.uniform, NAME.tokens.
    var numbers: [String: Double] {
        ["loss": Double(loss), "perplexity": Double(LanguageModelEvaluation.perplexity(loss: loss)),
         "baseline": Double(baseline), "uniform": uniform, "tokens": Double(tokenCount)]
    }

    /// The table of the three losses, with `extraRows` (such as the model it started from) after the model's own.
    func print(title: String, modelRow: String, unit: String, extraRows: [(String, Float)] = [], output: Output) {
        let table = TableRenderer(titles: ["measure", "nats per token", "perplexity"], title: title)
        var rows: [[TableRenderer.Cell]] = [[.text(modelRow), .number(Double(loss)), .number(Foundation.exp(Double(loss)))]]
        rows += extraRows.map { [.text($0.0), .number(Double($0.1)), .number(Foundation.exp(Double($0.1)))] }
        rows += [
            [.text("unigram baseline (\(unit) frequencies)"), .number(Double(baseline)), .number(Foundation.exp(Double(baseline)))],
            [.text("uniform guess, ln(\(vocabularySize))"), .number(uniform), .number(Double(vocabularySize))],
        ]
        OutputRendering.print(table.render(rows: rows, style: OutputRendering.style(for: output)), to: output)
    }
}
