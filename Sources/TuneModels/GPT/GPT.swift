import TuneEngine

/// A decoder-only transformer language model (GPT-2's layout, nanoGPT's size).
///
///     ids [B, T] → token embedding + position embedding   [B, T, C]
///                → blocks (causal self-attention + MLP)   [B, T, C]
///                → final LayerNorm → head                  [B, T, vocabulary]
///
/// Trained to predict token t+1 from tokens ≤ t; the logits at each position are
/// its guess for the next token.
public final class GPT: Module {
    public let configuration: GPTConfiguration
    public let tokenEmbedding: Embedding  // [vocabulary, C]
    public let positionEmbedding: Embedding  // [context, C]
    public let blocks: [TransformerBlock]
    public let finalNorm: LayerNorm
    /// nil when tied: the head then multiplies by the token embedding's transpose.
    public let head: Linear?
    public let embeddingDropout: Dropout

    public init(_ configuration: GPTConfiguration, seed: UInt64) throws {
        try configuration.validate()
        self.configuration = configuration
        var generator = RandomGenerator(seed: seed)
        let c = configuration.width
        tokenEmbedding = Embedding(configuration.vocabularySize, c, generator: &generator)
        positionEmbedding = Embedding(configuration.contextLength, c, generator: &generator)
        blocks = (0..<configuration.layers).map { _ in
            TransformerBlock(
                width: c, heads: configuration.heads, hiddenSize: configuration.mlpRatio * c, causal: true,
                placement: configuration.placement, activation: configuration.activation,
                dropout: configuration.dropout, generator: &generator)
        }
        finalNorm = LayerNorm(c)
        head = configuration.tiedHead ? nil : Linear(c, configuration.vocabularySize, bias: false, generator: &generator)
        embeddingDropout = Dropout(configuration.dropout, generator: generator.derived(0xE3B))
        super.init()
        initializeLikeGPT2(&generator)
    }

    /// GPT-2's initialization: Linear weights N(0, 0.02), biases 0, and the two
    /// projections that feed each residual sum scaled by 1/√(2·layers), so the
    /// residual stream's variance does not grow with depth.
    private func initializeLikeGPT2(_ generator: inout RandomGenerator) {
        let residualScale = 1 / Float(2 * max(configuration.layers, 1)).squareRoot()
        for (key, tensor) in namedParameters() where tensor.rank == 2 && !key.contains("Embedding") {
            let isResidualProjection = key.hasSuffix("attention.output.weight") || key.hasSuffix("mlp.output.weight")
            let std: Float = 0.02 * (isResidualProjection ? residualScale : 1)
            tensor.values = Tensor.normal(tensor.shape, standardDeviation: std, using: &generator).values
        }
        for (key, tensor) in namedParameters() where key.hasSuffix(".bias") && !key.contains("Norm") {
            tensor.values = [Float](repeating: 0, count: tensor.count)
        }
    }

    /// ids, row-major [batch, time] → hidden states after the final norm [B, T, C].
    public func hiddenStates(_ ids: [Int], batch: Int, time: Int) throws -> Tensor {
        guard time >= 1, time <= configuration.contextLength else {
            throw TensorError.invalidArgument(operation: "GPT", reason: "sequence length \(time) must be in 1...\(configuration.contextLength) (the context length)")
        }
        guard ids.count == batch * time else {
            throw TensorError.valueCountMismatch(shape: [batch, time], expected: batch * time, got: ids.count)
        }
        let tokens = try tokenEmbedding(ids, shape: [batch, time])  // [B, T, C]
        let positions = try positionEmbedding(Array(0..<time), shape: [time])  // [T, C]
        var x = try embeddingDropout(tokens + positions)  // [B, T, C]
        for block in blocks { x = try block(x) }
        return try finalNorm(x)
    }

    /// Hidden states [..., C] → logits [..., vocabulary].
    public func logits(fromHidden hidden: Tensor) throws -> Tensor {
        if let head { return try head(hidden) }
        return try hidden.matmul(tokenEmbedding.weight, transposingOther: true)
    }

    /// ids [B, T] → logits [B, T, vocabulary].
    public func logits(_ ids: [Int], batch: Int, time: Int) throws -> Tensor {
        try logits(fromHidden: hiddenStates(ids, batch: batch, time: time))
    }

    /// Mean next-token cross-entropy: `targets[i]` is the token that follows `ids[i]`.
    public func loss(_ ids: [Int], targets: [Int], batch: Int, time: Int) throws -> Tensor {
        let logits = try logits(ids, batch: batch, time: time)
        return try Loss.crossEntropy(
            logits: logits.reshaped([batch * time, configuration.vocabularySize]), targets: targets)
    }
}
