/// Self-attention with several heads: each position gathers information from the
/// positions it attends to, in `heads` independent subspaces of width/heads each.
public final class MultiHeadAttention: Module {
    public let query: Linear  // [width, width]
    public let key: Linear  // [width, width]
    public let value: Linear  // [width, width]
    public let output: Linear  // [width, width]
    public let heads: Int
    /// A language model may not look ahead; an encoder (BERT) sees both ways.
    public let causal: Bool

    /// The attention weights of the last forward pass, [B, H, T, T], when
    /// `keepsWeights` is on (the lab's attention maps).
    public var keepsWeights = false
    public private(set) var lastWeights: [Float]?

    public init(width: Int, heads: Int, causal: Bool, generator: inout RandomGenerator) {
        query = Linear(width, width, generator: &generator)
        key = Linear(width, width, generator: &generator)
        value = Linear(width, width, generator: &generator)
        output = Linear(width, width, generator: &generator)
        self.heads = heads
        self.causal = causal
        super.init()
    }

    /// [B, T, width] → [B, T, width]. `keyPadding` [B, T] marks real tokens with 1.
    public func callAsFunction(_ input: Tensor, keyPadding: [[Int]]? = nil) throws -> Tensor {
        let (attended, weights) = try Attention.scaledDotProduct(
            query: try query(input), key: try key(input), value: try value(input),
            heads: heads, mask: AttentionMask(causal: causal, keyPadding: keyPadding),
            keepWeights: keepsWeights)
        lastWeights = weights
        return try output(attended)
    }
}
