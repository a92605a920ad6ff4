import TuneEngine

/// BERT's input layer: a token's vector is the sum of three learned rows, then
/// normalized:
///
///     x = LayerNorm(word[id] + position[t] + tokenType[segment])
///
/// The position row tells the encoder where a token is (attention alone cannot);
/// the token type tells which of two sentences it belongs to (0 for single texts).
public final class BERTEmbeddings: Module {
    public let word: Embedding  // [vocabularySize, C]
    public let position: Embedding  // [maximumPositions, C]
    public let tokenType: Embedding  // [tokenTypeCount, C]
    public let norm: LayerNorm  // [C]
    public let dropout: Dropout

    /// Tables drawn from N(0, 0.02²) as BERT initializes them, or, with
    /// `randomTables: false`, zeros to be overwritten by a checkpoint (much faster).
    public init(_ configuration: BERTConfiguration, randomTables: Bool = true, generator: inout RandomGenerator) throws {
        let width = configuration.hiddenSize
        func table(_ count: Int) throws -> Embedding {
            try randomTables ? Embedding(count, width, generator: &generator) : Embedding(weight: .zeros([count, width]))
        }
        word = try table(configuration.vocabularySize)
        position = try table(configuration.maximumPositions)
        tokenType = try table(configuration.tokenTypeCount)
        norm = LayerNorm(width, epsilon: Float(configuration.layerNormEpsilon))
        dropout = Dropout(Float(configuration.hiddenDropoutProbability), generator: generator.derived(0xE3B))
        super.init()
    }

    /// ids and tokenTypes [B, T] (flat, row-major) → [B, T, C]. Positions are 0 ..< T
    /// in every row, padding or not, as BERT numbers them.
    public func callAsFunction(ids: [Int], tokenTypes: [Int], batch: Int, time: Int) throws -> Tensor {
        let words = try word(ids, shape: [batch, time])  // [B, T, C]
        let positions = try position(Array(0..<time), shape: [1, time])  // [1, T, C], broadcast over B
        let segments = try tokenType(tokenTypes, shape: [batch, time])  // [B, T, C]
        let sum = try words + positions + segments
        return try dropout(norm(sum))
    }
}
