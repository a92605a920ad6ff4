/// A low-rank adapter (LoRA) for a Linear layer: a small trainable correction added
/// to a frozen weight.
///
///     y = W·x + b + (α/r)·B·(A·x)      A [r, in], B [out, r]
///
/// A starts small and random, B starts at zero, so at first B·A = 0 and the adapted
/// layer computes exactly what the base layer did; training moves only A and B:
/// r·(in + out) numbers instead of in·out.
public final class LoRAAdapter: Module {
    public let down: Tensor  // A [rank, inputSize]
    public let up: Tensor  // B [outputSize, rank]
    public let alpha: Float

    public var rank: Int { down.shape[0] }
    /// α/r: how strongly the adapter's output is added.
    public var scale: Float { alpha / Float(rank) }

    /// An adapter for a layer of `inputSize` → `outputSize`. A is drawn like a Linear
    /// weight, U(−1/√in, 1/√in); B is zero.
    public init(inputSize: Int, outputSize: Int, rank: Int, alpha: Float, generator: inout RandomGenerator) {
        let bound = 1 / Float(Swift.max(inputSize, 1)).squareRoot()
        down = .uniform([rank, inputSize], low: -bound, high: bound, using: &generator)
        down.requiresGradient = true
        up = .zeros([outputSize, rank])
        up.requiresGradient = true
        self.alpha = alpha
        super.init()
    }

    /// [..., inputSize] → the correction (α/r)·B·A·x, [..., outputSize]
    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        try input.linear(weight: down, bias: nil).linear(weight: up, bias: nil).scaled(by: scale)
    }
}
