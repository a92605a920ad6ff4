import Foundation
import TuneEngine

/// How the next token is chosen when a language model writes.
public struct SamplingOptions: Sendable {
    /// Divides the logits: below 1 sharpens (more predictable), above 1 flattens.
    /// 0 means greedy (always the most likely token).
    public var temperature: Float = 0.8
    /// Keep only the k most likely tokens before sampling; nil keeps all.
    public var topK: Int? = nil
    public var seed: UInt64 = 0

    public init(temperature: Float = 0.8, topK: Int? = nil, seed: UInt64 = 0) {
        self.temperature = temperature
        self.topK = topK
        self.seed = seed
    }
}

extension GPT {
    /// Continues `prompt` (token ids) by `count` tokens, one at a time; each step sees at
    /// most the last `contextLength` tokens. Returns only the new tokens.
    public func generate(prompt: [Int], count: Int, options: SamplingOptions = SamplingOptions()) throws -> [Int] {
        guard options.temperature >= 0, options.temperature.isFinite else {
            throw TrainingError.invalidOption(name: "temperature", value: "\(options.temperature)", accepts: "0 (greedy) or a positive number such as 0.8")
        }
        if let topK = options.topK, topK < 1 {
            throw TrainingError.invalidOption(name: "topK", value: "\(topK)", accepts: "at least 1, or none")
        }
        guard count >= 0 else {
            throw TrainingError.invalidOption(name: "count", value: "\(count)", accepts: "0 or more tokens")
        }
        for id in prompt where id < 0 || id >= configuration.vocabularySize {
            throw TrainingError.invalidOption(name: "prompt token", value: "\(id)", accepts: "an id below the vocabulary size \(configuration.vocabularySize)")
        }
        let wasTraining = isTraining
        evaluationMode()
        defer { if wasTraining { trainingMode() } }
        var generator = RandomGenerator(seed: options.seed)
        // An empty prompt starts from token 0 (padding or the first character).
        var tokens = prompt.isEmpty ? [0] : prompt
        var produced: [Int] = []
        try GradientMode.withoutGradients {
            for _ in 0..<count {
                let window = Array(tokens.suffix(configuration.contextLength))
                let logits = try logits(window, batch: 1, time: window.count)  // [1, T, V]
                let vocabulary = configuration.vocabularySize
                let last = Array(logits.values[((window.count - 1) * vocabulary)...])  // [V]
                let next = Self.choose(from: last, options: options, using: &generator)
                tokens.append(next)
                produced.append(next)
            }
        }
        return produced
    }

    /// Picks a token from one position's logits by temperature and top-k.
    static func choose(from logits: [Float], options: SamplingOptions, using generator: inout RandomGenerator) -> Int {
        if options.temperature == 0 {
            return logits.indices.max { logits[$0] < logits[$1] }!
        }
        var candidates = Array(logits.indices)
        if let topK = options.topK, topK < candidates.count {
            candidates.sort { logits[$0] > logits[$1] }
            candidates = Array(candidates.prefix(topK))
        }
        let scaled = candidates.map { Double(logits[$0] / options.temperature) }
        let maximum = scaled.max()!
        let weights = scaled.map { Foundation.exp($0 - maximum) }
        var pick = generator.nextUniformDouble() * weights.reduce(0, +)
        for (candidate, weight) in zip(candidates, weights) {
            pick -= weight
            if pick < 0 { return candidate }
        }
        return candidates.last!
    }
}
