import Foundation
import TuneEngine

/// A language model's next-token loss at every position of a token stream, one number per
/// predicted token, so a loss can be read for one word instead of averaged over all text.
public enum TokenLosses {
    /// `losses[i]` is −ln p(tokens[i + 1] | the tokens before it in its window), in nats:
    /// the loss of predicting token i + 1. Every token after the first is predicted exactly
    /// once, in evaluation mode, without gradients.
    ///
    ///     tokens   a b c d e f g h i        (T = 4)
    ///     window   a b c d → predicts b c d e
    ///     window           e f g h → predicts f g h i
    ///
    /// Windows are consecutive and T = the context length (or all of a shorter stream), so
    /// the first token of each window is predicted with a context of one token, exactly as
    /// `LanguageModelEvaluation.meanLoss` scores its windows. When the windows do not reach
    /// the end, one last window ends at the last token and only its new positions count.
    ///
    /// Throws `TrainingError.invalidOption` for fewer than 2 tokens or an id outside the
    /// vocabulary, naming the position of the first bad id.
    public static func perToken(_ gpt: GPT, tokens: [Int]) throws -> [Float] {
        let vocabulary = gpt.configuration.vocabularySize
        guard tokens.count >= 2 else {
            throw TrainingError.invalidOption(name: "tokens", value: "\(tokens.count) token\(tokens.count == 1 ? "" : "s")",
                                              accepts: "at least 2 tokens (one to read and one to predict)")
        }
        if let bad = tokens.firstIndex(where: { $0 < 0 || $0 >= vocabulary }) {
            throw TrainingError.invalidOption(name: "token at position \(bad)", value: "\(tokens[bad])",
                                              accepts: "an id below the vocabulary size \(vocabulary)")
        }
        let time = min(gpt.configuration.contextLength, tokens.count - 1)
        // Window starts: every T tokens, then one that ends at the last token if needed.
        var starts = Array(stride(from: 0, through: tokens.count - 1 - time, by: time))
        let regular = starts.count
        let covered = starts.last! + time  // losses[0 ..< covered] come from the regular windows
        if covered < tokens.count - 1 { starts.append(tokens.count - 1 - time) }

        var losses = [Float](repeating: 0, count: tokens.count - 1)
        let wasTraining = gpt.isTraining
        gpt.evaluationMode()
        defer { if wasTraining { gpt.trainingMode() } }
        try GradientMode.withoutGradients {
            var index = 0
            while index < starts.count {
                let chunk = Array(starts[index..<min(index + 16, starts.count)])
                var inputs: [Int] = []
                inputs.reserveCapacity(chunk.count * time)
                for start in chunk { inputs += tokens[start..<(start + time)] }
                // log p over the vocabulary at every position: the engine's logSoftmax. [B, T, V]
                let logProbabilities = try gpt.logits(inputs, batch: chunk.count, time: time).logSoftmax().values
                for (b, start) in chunk.enumerated() {
                    // A tail window overlaps the one before it: skip what was predicted already.
                    let first = index + b >= regular ? covered - start : 0
                    for t in first..<time {
                        let row = (b * time + t) * vocabulary
                        losses[start + t] = -logProbabilities[row + tokens[start + t + 1]]
                    }
                }
                index += chunk.count
            }
        }
        return losses
    }
}
