import Foundation
import TuneEngine

/// How good a language model is on held-out text, and what "good" is compared with.
public enum LanguageModelEvaluation {
    /// Mean next-token cross-entropy (nats per token) over the windows at `starts`,
    /// in evaluation mode without gradients. Windows are scored in batches of 16.
    public static func meanLoss(_ gpt: GPT, windows: TokenWindows, starts: [Int]) throws -> Float {
        guard !starts.isEmpty else {
            throw TrainingError.invalidOption(name: "starts", value: "[]", accepts: "at least one window")
        }
        let wasTraining = gpt.isTraining
        gpt.evaluationMode()
        defer { if wasTraining { gpt.trainingMode() } }
        var total = 0.0
        var index = 0
        try GradientMode.withoutGradients {
            while index < starts.count {
                let chunk = Array(starts[index..<min(index + 16, starts.count)])
                let (inputs, targets) = windows.batch(starts: chunk)
                let loss = try gpt.loss(inputs, targets: targets, batch: chunk.count, time: windows.contextLength)
                total += Double(loss.scalar) * Double(chunk.count)
                index += chunk.count
            }
        }
        return Float(total / Double(starts.count))
    }

    /// Perplexity: e^loss, "as unsure as a uniform choice among this many tokens".
    public static func perplexity(loss: Float) -> Float { Foundation.exp(loss) }

    /// The unigram baseline: the cross-entropy on `validationTokens` of a model that
    /// ignores the context and always predicts the training set's token frequencies
    /// (add-one smoothed so no token has probability 0). A language model has learned
    /// something from context only when its validation loss is below this.
    public static func unigramBaseline(trainingTokens: [Int], validationTokens: [Int], vocabularySize: Int) throws -> Float {
        guard !trainingTokens.isEmpty, !validationTokens.isEmpty else {
            throw TrainingError.invalidOption(name: "tokens", value: "empty", accepts: "non-empty training and validation tokens")
        }
        var counts = [Double](repeating: 1, count: vocabularySize)
        for token in trainingTokens {
            guard token >= 0, token < vocabularySize else {
                throw TrainingError.invalidOption(name: "token", value: "\(token)", accepts: "an id below the vocabulary size \(vocabularySize)")
            }
            counts[token] += 1
        }
        let total = counts.reduce(0, +)
        var loss = 0.0
        for token in validationTokens {
            guard token >= 0, token < vocabularySize else {
                throw TrainingError.invalidOption(name: "token", value: "\(token)", accepts: "an id below the vocabulary size \(vocabularySize)")
            }
            loss -= Foundation.log(counts[token] / total)
        }
        return Float(loss / Double(validationTokens.count))
    }
}
