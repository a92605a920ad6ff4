/// Zeroes a random fraction of values while training (none in evaluation mode).
public final class Dropout: Module, Layer {
    public let probability: Float
    /// The mask generator; seeded so a run repeats exactly.
    public var generator: RandomGenerator

    public init(_ probability: Float, generator: RandomGenerator) {
        self.probability = probability
        self.generator = generator
        super.init()
    }

    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        guard isTraining, probability > 0 else { return input }
        return try input.dropout(probability: probability, using: &generator)
    }
}
