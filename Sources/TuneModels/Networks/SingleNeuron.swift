import TuneEngine

/// One artificial neuron: y = f(w·x + b). Its parameters are `weight` [1, inputs] and `bias` [1].
public final class SingleNeuron: Module, Layer {
    public let weight: Tensor  // [1, inputs]
    public let bias: Tensor  // [1]
    public let activation: ActivationKind

    /// Weights drawn uniformly from ±1/√inputs (as a Linear layer starts), bias from the same range.
    public init(inputs: Int, activation: ActivationKind, generator: inout RandomGenerator) {
        let bound = 1 / Float(Swift.max(inputs, 1)).squareRoot()
        weight = .uniform([1, inputs], low: -bound, high: bound, using: &generator)
        weight.requiresGradient = true
        bias = .uniform([1], low: -bound, high: bound, using: &generator)
        bias.requiresGradient = true
        self.activation = activation
        super.init()
    }

    /// The pre-activation z = x·wᵀ + b: [N, inputs] → [N, 1]
    public func preActivation(_ input: Tensor) throws -> Tensor {
        try input.linear(weight: weight, bias: bias)
    }

    /// [N, inputs] → [N, 1]
    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        try activation.apply(preActivation(input))
    }
}
