import TuneEngine

/// A token stream cut into windows for next-token training: each window of T tokens
/// is an input, and the same window shifted by one token is its target.
///
///     tokens   a b c d e f g
///     input    a b c d          (T = 4, starting at 0)
///     target   b c d e
public struct TokenWindows: Sendable {
    /// The whole stream, e.g. the encoded training corpus.
    public let tokens: [Int]
    /// T: tokens per window.
    public let contextLength: Int

    /// Throws when the stream is too short for one window plus its shifted target.
    public init(tokens: [Int], contextLength: Int) throws {
        guard contextLength >= 1 else {
            throw TrainingError.invalidOption(name: "contextLength", value: "\(contextLength)", accepts: "at least 1")
        }
        guard tokens.count > contextLength else {
            throw TrainingError.invalidOption(
                name: "tokens", value: "\(tokens.count) tokens",
                accepts: "more tokens than the context length \(contextLength) (one window and its next token)")
        }
        self.tokens = tokens
        self.contextLength = contextLength
    }

    /// How many different window starts there are.
    public var startCount: Int { tokens.count - contextLength }

    /// Non-overlapping windows that cover the stream once: one "epoch" of tokens.
    public var windowsPerEpoch: Int { max(1, tokens.count / contextLength) }

    /// B windows at seeded random starts, as row-major [B, T] inputs and targets.
    public func randomBatch(batchSize: Int, using generator: inout RandomGenerator) -> (inputs: [Int], targets: [Int]) {
        let starts = (0..<batchSize).map { _ in generator.nextInt(below: startCount) }
        return batch(starts: starts)
    }

    /// The windows starting at `starts`, as row-major [B, T] inputs and targets.
    public func batch(starts: [Int]) -> (inputs: [Int], targets: [Int]) {
        var inputs: [Int] = [], targets: [Int] = []
        inputs.reserveCapacity(starts.count * contextLength)
        targets.reserveCapacity(starts.count * contextLength)
        for start in starts {
            inputs += tokens[start..<(start + contextLength)]
            targets += tokens[(start + 1)...(start + contextLength)]
        }
        return (inputs, targets)
    }

    /// Starts of consecutive non-overlapping windows (for a deterministic evaluation),
    /// at most `limit` of them, spread evenly over the stream when there are more.
    public func evaluationStarts(limit: Int? = nil) -> [Int] {
        let all = Array(stride(from: 0, to: startCount, by: contextLength))
        guard let limit, limit > 0, all.count > limit else { return all }
        return (0..<limit).map { all[$0 * all.count / limit] }
    }
}
