import TuneText

// MARK: - Which words a GPT classifier's decision rests on

extension SequenceClassifier {
    /// The occlusion analysis of one text: its class probabilities, and each word's
    /// effect on the predicted class when it is removed (see `OcclusionAnalysis`).
    ///
    /// The text and all its shorter variants go through the model in one batch, one
    /// forward pass. With a prompt, each variant is wrapped in the template only after
    /// its word was removed, so only words of the text are ever occluded, never the
    /// template's ("Overall, it was").
    public func occlusion(of text: String, tokenizer: any Tokenizer) throws -> OcclusionAnalysis {
        try OcclusionAnalysis(text: text) { variants in
            try probabilities(of: variants, tokenizer: tokenizer, batchSize: variants.count)
        }
    }
}
