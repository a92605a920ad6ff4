/// y = x·Wᵀ + b: every output is a weighted sum of every input.
///
/// The weight is stored [outputSize, inputSize], as PyTorch stores it, so
/// checkpoints move between the two unchanged.
public final class Linear: Module, Layer {
    public let weight: Tensor  // [outputSize, inputSize]
    public let bias: Tensor?  // [outputSize]
    /// An optional low-rank adapter whose output is added to this layer's (LoRA).
    public var adapter: LoRAAdapter?

    public var inputSize: Int { weight.shape[1] }
    public var outputSize: Int { weight.shape[0] }

    /// Initialized as PyTorch does: U(−1/√inputSize, 1/√inputSize) for both.
    public init(_ inputSize: Int, _ outputSize: Int, bias: Bool = true, generator: inout RandomGenerator) {
        let bound = 1 / Float(Swift.max(inputSize, 1)).squareRoot()
        weight = .uniform([outputSize, inputSize], low: -bound, high: bound, using: &generator)
        weight.requiresGradient = true
        self.bias = bias ? .uniform([outputSize], low: -bound, high: bound, using: &generator) : nil
        self.bias?.requiresGradient = true
        super.init()
    }

    /// [..., inputSize] → [..., outputSize]
    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        guard input.shape.last == inputSize else {
            throw TensorError.shapeMismatch(
                operation: "Linear(\(inputSize), \(outputSize))\(weight.label.map { " " + $0.replacingOccurrences(of: ".weight", with: "") } ?? "")",
                left: input.shape, right: weight.shape, reason: "the input's last axis must be \(inputSize)")
        }
        let output = try input.linear(weight: weight, bias: bias)
        guard let adapter else { return output }
        return try output + adapter(input)
    }
}
