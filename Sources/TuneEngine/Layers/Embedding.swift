/// A lookup table: token id i → row i of a learned [count, width] matrix.
public final class Embedding: Module {
    public let weight: Tensor  // [count, width]

    public var count: Int { weight.shape[0] }
    public var width: Int { weight.shape[1] }

    /// Rows start as N(0, std²); GPT-2 and BERT use std 0.02.
    public init(_ count: Int, _ width: Int, standardDeviation: Float = 0.02, generator: inout RandomGenerator) {
        weight = .normal([count, width], standardDeviation: standardDeviation, using: &generator)
        weight.requiresGradient = true
        super.init()
    }

    /// An embedding holding `weight` [count, width] as it is, with no random draw
    /// (for weights about to be loaded from a checkpoint; drawing 12M normals for a
    /// BERT vocabulary costs more than reading the checkpoint).
    public init(weight: Tensor) throws {
        guard weight.rank == 2 else {
            throw TensorError.wrongRank(operation: "Embedding(weight:)", shape: weight.shape, expected: "[count, width]")
        }
        self.weight = weight
        weight.requiresGradient = true
        super.init()
    }

    /// ids [B, T] (given flat with their shape) → [B, T, width]
    public func callAsFunction(_ ids: [Int], shape: [Int]) throws -> Tensor {
        guard shape.reduce(1, *) == ids.count else {
            throw TensorError.valueCountMismatch(shape: shape, expected: shape.reduce(1, *), got: ids.count)
        }
        return try weight.indexSelect(ids).reshaped(shape + [width])
    }
}
