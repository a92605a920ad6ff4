import TuneEngine

/// A BERT encoder: token ids in, one contextual vector per token out, and, by mean
/// pooling, one vector per text (a sentence embedding).
///
///     ids [B, T] ─ embeddings ─ block₁ … block_N ─ hidden states [B, T, C]
///                                                  └ mean over real tokens, L2-normalize ─ [B, C]
///
/// Each block is post-LN, as in the original Transformer:
///
///     x = LayerNorm(x + Dropout(AttentionOutput(SelfAttention(x, padding mask))))
///     x = LayerNorm(x + Dropout(Output(GELU(Intermediate(x)))))
///
/// which is the engine's `TransformerBlock` with `placement: .post`, bidirectional
/// (not causal). Parameter keys are the engine's (`layers.0.attention.query.weight`);
/// checkpoints use Hugging Face's names, translated by `BERTModel+HuggingFaceNames`.
///
/// Not in the engine's attention op: dropout on the attention probabilities (BERT's
/// `attention_probs_dropout_prob`). It only matters when training; inference is exact.
public final class BERTModel: Module {
    public let configuration: BERTConfiguration
    public let embeddings: BERTEmbeddings
    public let layers: [TransformerBlock]
    /// BERT's pooler (a [C, C] Linear on the [CLS] vector, then tanh), kept when the
    /// checkpoint has one so that saving writes it back; mean pooling does not use it.
    public let pooler: Linear?

    /// A model with freshly initialized weights (load a checkpoint to make it useful).
    ///
    /// `randomEmbeddings: false` leaves the embedding tables at zero instead of drawing
    /// them, for a model whose weights are loaded next (`load(from:)` does this).
    public init(
        _ configuration: BERTConfiguration, includesPooler: Bool = true, seed: UInt64 = 0, randomEmbeddings: Bool = true
    ) throws {
        try configuration.validate(source: "the configuration")
        let activation = try configuration.activation(source: "the configuration")
        var generator = RandomGenerator(seed: seed)
        self.configuration = configuration
        embeddings = try BERTEmbeddings(configuration, randomTables: randomEmbeddings, generator: &generator)
        layers = (0..<configuration.layerCount).map { _ in
            TransformerBlock(
                width: configuration.hiddenSize, heads: configuration.headCount,
                hiddenSize: configuration.intermediateSize, causal: false, placement: .post,
                activation: activation, dropout: Float(configuration.hiddenDropoutProbability),
                layerNormEpsilon: Float(configuration.layerNormEpsilon), generator: &generator)
        }
        pooler = includesPooler ? Linear(configuration.hiddenSize, configuration.hiddenSize, generator: &generator) : nil
        super.init()
    }

    /// The width of the hidden states and sentence embeddings (C).
    public var hiddenSize: Int { configuration.hiddenSize }
}
