import TuneEngine

/// How a classifier turns a sequence's hidden states [T, C] into one vector [C].
public enum Pooling: String, Codable, Sendable, CaseIterable {
    /// The mean over the real tokens (padding ignored).
    case mean
    /// The hidden state of the last real token: with causal attention it is the only
    /// position that has seen the whole text.
    case lastToken = "last"

    /// The pooling weights for right-padded sequences of these `lengths` in a batch
    /// of time `time`: row b holds 1/length (mean) or a single 1 (last token) over
    /// real positions and 0 over padding. // [B, 1, T]
    public func weights(lengths: [Int], time: Int) -> Tensor {
        var values = [Float](repeating: 0, count: lengths.count * time)
        for (b, length) in lengths.enumerated() {
            switch self {
            case .mean:
                for t in 0..<length { values[b * time + t] = 1 / Float(length) }
            case .lastToken:
                values[b * time + length - 1] = 1
            }
        }
        return try! Tensor(shape: [lengths.count, 1, time], values: values)
    }

    /// Pools hidden states [B, T, C] of right-padded sequences → [B, C].
    /// Padding sits after the real tokens, and causal attention never looks ahead, so
    /// real tokens' states do not depend on it: only the pooling must skip it.
    public func pool(_ hidden: Tensor, lengths: [Int]) throws -> Tensor {
        guard hidden.rank == 3, hidden.shape[0] == lengths.count else {
            throw TensorError.wrongRank(operation: "pooling", shape: hidden.shape, expected: "[B, T, C] with B = \(lengths.count)")
        }
        let time = hidden.shape[1]
        for length in lengths where length < 1 || length > time {
            throw TensorError.invalidArgument(operation: "pooling", reason: "sequence length \(length) must be in 1...\(time)")
        }
        let pooled = try weights(lengths: lengths, time: time).matmul(hidden)  // [B, 1, C]
        return try pooled.reshaped([lengths.count, hidden.shape[2]])  // [B, C]
    }
}
