/// Adam: adaptive moment estimation, following PyTorch's `torch.optim.Adam` exactly
/// (bias-corrected moments; weight decay as an L2 term added to the gradient).
///
/// Each parameter's step is scaled by a running estimate of its gradient's size, so
/// every weight moves by roughly `learningRate` per step regardless of how large
/// its gradient is. The update rule, whose code is `AdamRule.apply` in
/// `AdamMoments.swift`:
///
///     g ← g + wd·p
///     m ← β₁·m + (1 − β₁)·g,   v ← β₂·v + (1 − β₂)·g²
///     p ← p − lr·m̂ / (√v̂ + ε)   with m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ)
///
/// Because the decay passes through the adaptive scaling, weights with large
/// gradients are decayed less than intended; `AdamW` fixes that.
public final class Adam: AdaptiveMomentOptimizer {
    /// An Adam optimizer over parameter groups. Throws on duplicate keys or a
    /// hyperparameter out of range.
    public init(
        groups: [ParameterGroup], learningRate: Float = 1e-3, beta1: Double = 0.9,
        beta2: Double = 0.999, epsilon: Float = 1e-8, weightDecay: Float = 0
    ) throws {
        try super.init(
            name: "Adam", decoupledWeightDecay: false, groups: groups, learningRate: learningRate,
            beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: weightDecay)
    }

    /// An Adam optimizer over one group holding `parameters`.
    public convenience init(
        parameters: [(key: String, tensor: Tensor)], learningRate: Float = 1e-3, beta1: Double = 0.9,
        beta2: Double = 0.999, epsilon: Float = 1e-8, weightDecay: Float = 0
    ) throws {
        try self.init(
            groups: [ParameterGroup(parameters: parameters)], learningRate: learningRate,
            beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: weightDecay)
    }
}
