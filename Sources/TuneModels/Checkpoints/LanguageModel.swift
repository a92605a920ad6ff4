import TuneEngine
import TuneText

/// A GPT together with the tokenizer it was trained with: what pre-training produces
/// and what zero-shot scoring and fine-tuning start from.
public final class LanguageModel {
    public let gpt: GPT
    public let tokenizer: SavedTokenizer

    public init(gpt: GPT, tokenizer: SavedTokenizer) throws {
        guard tokenizer.tokenizer.vocabularySize == gpt.configuration.vocabularySize else {
            throw ModelFolderError.mismatch(
                what: "tokenizer", reason: "its vocabulary has \(tokenizer.tokenizer.vocabularySize) tokens, "
                    + "but the model's vocabularySize is \(gpt.configuration.vocabularySize)")
        }
        self.gpt = gpt
        self.tokenizer = tokenizer
    }

    public var configuration: GPTConfiguration { gpt.configuration }

    /// The ids of `text`.
    public func encode(_ text: String) throws -> [Int] { try tokenizer.tokenizer.encode(text) }

    /// The text of `ids`.
    public func decode(_ ids: [Int]) throws -> String { try tokenizer.tokenizer.decode(ids) }

    /// Continues `prompt` by `count` tokens and returns the new text.
    public func sample(prompt: String, count: Int, options: SamplingOptions = SamplingOptions()) throws -> String {
        try decode(gpt.generate(prompt: encode(prompt), count: count, options: options))
    }

    /// A copy with its own parameters (fine-tuning one copy leaves the other as it was).
    public func copy() throws -> LanguageModel {
        let twin = try GPT(gpt.configuration, seed: 0)
        for ((_, target), (_, source)) in zip(twin.namedParameters(), gpt.namedParameters()) {
            target.values = source.values
        }
        return try LanguageModel(gpt: twin, tokenizer: tokenizer)
    }
}
