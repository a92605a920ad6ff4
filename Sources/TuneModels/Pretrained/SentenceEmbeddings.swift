import TuneEngine

/// Unit-length sentence embeddings kept in memory, one row per text: computed once by a
/// `SentenceEncoder`, then reused by zero-shot, prototype and linear-probe classifiers.
public struct SentenceEmbeddings: Sendable {
    /// Row-major values, [count, dimension].
    public let values: [Float]
    public let dimension: Int

    public var count: Int { dimension == 0 ? 0 : values.count / dimension }

    /// Rows of an [N, C] tensor.
    public init(_ tensor: Tensor) throws {
        guard tensor.rank == 2 else {
            throw TensorError.wrongRank(operation: "SentenceEmbeddings", shape: tensor.shape, expected: "[N, C]")
        }
        values = tensor.values
        dimension = tensor.shape[1]
    }

    /// Rows given directly: `values.count` must be a multiple of `dimension`.
    public init(values: [Float], dimension: Int) {
        precondition(dimension > 0 && values.count % dimension == 0, "values must hold whole rows of \(dimension)")
        self.values = values
        self.dimension = dimension
    }

    /// The embeddings of `texts` by `encoder` (no gradients; batched by length).
    public init(texts: [String], encoder: SentenceEncoder, batchSize: Int = 32) throws {
        try self.init(encoder.embed(texts, batchSize: batchSize))
    }

    /// Row `index`, [C].
    public func row(_ index: Int) -> ArraySlice<Float> {
        values[(index * dimension)..<((index + 1) * dimension)]
    }

    /// The rows at `indices`, in that order.
    public func rows(_ indices: [Int]) -> SentenceEmbeddings {
        SentenceEmbeddings(values: indices.flatMap { row($0) }, dimension: dimension)
    }

    /// The embeddings as a tensor, [N, C].
    public var tensor: Tensor { try! Tensor(shape: [count, dimension], values: values) }

    /// The dot product of two vectors (their cosine, when both have unit length).
    public static func dot(_ a: ArraySlice<Float>, _ b: ArraySlice<Float>) -> Float {
        var sum: Float = 0
        for (x, y) in zip(a, b) { sum += x * y }
        return sum
    }

    /// The cosine similarity of two vectors of any length (0 when one is zero).
    public static func cosine(_ a: ArraySlice<Float>, _ b: ArraySlice<Float>) -> Float {
        let lengths = (dot(a, a) * dot(b, b)).squareRoot()
        return lengths > 0 ? dot(a, b) / lengths : 0
    }

    /// `vector` scaled to unit length (unchanged when it is zero).
    public static func unitLength(_ vector: [Float]) -> [Float] {
        let length = dot(vector[...], vector[...]).squareRoot()
        return length > 0 ? vector.map { $0 / length } : vector
    }

    /// For each row, the index of the most similar of `references` (cosine) and all the
    /// similarities, [N][R]. Ties go to the lower index.
    public func nearest(among references: SentenceEmbeddings) -> (choices: [Int], similarities: [[Float]]) {
        var choices: [Int] = [], similarities: [[Float]] = []
        for index in 0..<count {
            let scores = (0..<references.count).map { Self.cosine(row(index), references.row($0)) }
            var best = 0
            for candidate in scores.indices where scores[candidate] > scores[best] { best = candidate }
            choices.append(best)
            similarities.append(scores)
        }
        return (choices, similarities)
    }
}
