/// Two Linear layers with an activation between: widen, bend, narrow back.
/// In a transformer block the hidden size is usually 4 × width.
public final class MLP: Module, Layer {
    public let hidden: Linear  // [hiddenSize, inputSize]
    public let output: Linear  // [outputSize, hiddenSize]
    public let activation: ActivationKind

    public init(
        _ inputSize: Int, hiddenSize: Int, outputSize: Int, activation: ActivationKind = .gelu,
        generator: inout RandomGenerator
    ) {
        hidden = Linear(inputSize, hiddenSize, generator: &generator)
        output = Linear(hiddenSize, outputSize, generator: &generator)
        self.activation = activation
        super.init()
    }

    /// [..., inputSize] → [..., outputSize]
    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        let activated = try activation.apply(hidden(input))
        ActivationTrace.record(self, role: "activation", kind: activation, activated)
        return try output(activated)
    }
}
