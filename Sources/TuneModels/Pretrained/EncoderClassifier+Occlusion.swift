import TuneEngine

// MARK: - Class probabilities and occlusion for a fine-tuned encoder

extension EncoderClassifier {
    /// The class probabilities of each text, in class order: [N][classes]. `tokenIDs`
    /// turns a text into the ids the encoder reads (`SentenceEncoder.tokenIDs`: [CLS] …
    /// [SEP], cut to the maximum length); scoring runs as `scores` does, without
    /// gradients or dropout.
    public func probabilities(of texts: [String], tokenIDs: (String) -> [Int], batchSize: Int = 32) throws -> [[Float]] {
        let rows = try scores(texts.map(tokenIDs), batchSize: batchSize)  // [N][classes] logits
        guard !rows.isEmpty else { return [] }
        let values = try Tensor(shape: [rows.count, labels.count], values: rows.flatMap { $0 }).softmax().values
        return rows.indices.map { Array(values[($0 * labels.count)..<(($0 + 1) * labels.count)]) }
    }

    /// The occlusion analysis of one text (see `OcclusionAnalysis`): the text and its
    /// one-word-shorter variants in one batch. Words are whitespace-separated words of
    /// the text; WordPiece may cut one into several pieces, and re-encoding the shorter
    /// text removes all of them.
    public func occlusion(of text: String, tokenIDs: (String) -> [Int]) throws -> OcclusionAnalysis {
        try OcclusionAnalysis(text: text) { variants in
            try probabilities(of: variants, tokenIDs: tokenIDs, batchSize: variants.count)
        }
    }
}
