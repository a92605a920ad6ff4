/// Where a block normalizes: before each sublayer (pre-LN: GPT-2 and most modern
/// models; trains stably when deep) or after the residual sum (post-LN: the
/// original Transformer and BERT).
public enum NormPlacement: String, Codable, Sendable {
    case pre, post
}

/// One transformer block: attention, then an MLP, each wrapped in a residual
/// connection (x + f(x)) so gradients have a short path back through deep stacks.
///
///     pre-LN:  x = x + attention(norm1(x));  x = x + mlp(norm2(x))
///     post-LN: x = norm1(x + attention(x));  x = norm2(x + mlp(x))
public final class TransformerBlock: Module {
    public let attentionNorm: LayerNorm
    public let attention: MultiHeadAttention
    public let mlpNorm: LayerNorm
    public let mlp: MLP
    public let dropout: Dropout
    public let placement: NormPlacement

    public init(
        width: Int, heads: Int, hiddenSize: Int, causal: Bool, placement: NormPlacement = .pre,
        activation: ActivationKind = .gelu, dropout: Float = 0, layerNormEpsilon: Float = 1e-5,
        generator: inout RandomGenerator
    ) {
        attentionNorm = LayerNorm(width, epsilon: layerNormEpsilon)
        attention = MultiHeadAttention(width: width, heads: heads, causal: causal, generator: &generator)
        mlpNorm = LayerNorm(width, epsilon: layerNormEpsilon)
        mlp = MLP(width, hiddenSize: hiddenSize, outputSize: width, activation: activation, generator: &generator)
        self.dropout = Dropout(dropout, generator: generator.derived(0xD50))
        self.placement = placement
        super.init()
    }

    /// [B, T, width] → [B, T, width]
    public func callAsFunction(_ input: Tensor, keyPadding: [[Int]]? = nil) throws -> Tensor {
        // The shape is checked here, once, so a wrong input names the block rather than
        // whichever sublayer it reached first; below, every line is the math.
        let width = attentionNorm.weight.shape[0]
        guard input.rank == 3, input.shape[2] == width else {
            throw TensorError.shapeMismatch(
                operation: "TransformerBlock(width \(width))", left: input.shape, right: [width],
                reason: "the input must be [batch, time, \(width)]")
        }
        let output: Tensor
        switch placement {
        case .pre:
            let x = try input + dropout(attention(attentionNorm(input), keyPadding: keyPadding))
            output = try x + dropout(mlp(mlpNorm(x)))
        case .post:
            let x = try attentionNorm(input + dropout(attention(input, keyPadding: keyPadding)))
            output = try mlpNorm(x + dropout(mlp(x)))
        }
        ActivationTrace.record(self, role: "output", output)
        return output
    }
}
