extension GPTConfiguration {
    /// The lessons' default language model, chosen by measurement (see
    /// `PretrainingRecipe.lessons`): word tokens, so that a whole review sentence
    /// (at most ~35 tokens) and a few-shot prompt fit in the context.
    /// `vocabularySize` is replaced by the tokenizer's.
    public static let lessons = GPTConfiguration(
        vocabularySize: 2, contextLength: 64, layers: 2, heads: 4, width: 64, mlpRatio: 4, dropout: 0)
}
