/// AdamW: Adam with decoupled weight decay, following PyTorch's `torch.optim.AdamW`
/// exactly (default weight decay 0.01).
///
/// The decay shrinks the weights directly, before the Adam update, instead of
/// passing through the gradient; so every weight is decayed by the same fraction
/// lr·wd per step, whatever its gradient. The rule (`AdamRule.apply` in `AdamMoments.swift`):
///
///     p ← p − lr·wd·p
///     m ← β₁·m + (1 − β₁)·g,   v ← β₂·v + (1 − β₂)·g²
///     p ← p − lr·m̂ / (√v̂ + ε)   with m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ)
///
/// The usual choice for fine-tuning transformers, with biases and normalization
/// weights in a no-decay group (`ParameterGroup.splitByWeightDecay`).
public final class AdamW: AdaptiveMomentOptimizer {
    /// An AdamW optimizer over parameter groups. Throws on duplicate keys or a
    /// hyperparameter out of range.
    public init(
        groups: [ParameterGroup], learningRate: Float = 1e-3, beta1: Double = 0.9,
        beta2: Double = 0.999, epsilon: Float = 1e-8, weightDecay: Float = 0.01
    ) throws {
        try super.init(
            name: "AdamW", decoupledWeightDecay: true, groups: groups, learningRate: learningRate,
            beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: weightDecay)
    }

    /// An AdamW optimizer over one group holding `parameters`.
    public convenience init(
        parameters: [(key: String, tensor: Tensor)], learningRate: Float = 1e-3, beta1: Double = 0.9,
        beta2: Double = 0.999, epsilon: Float = 1e-8, weightDecay: Float = 0.01
    ) throws {
        try self.init(
            groups: [ParameterGroup(parameters: parameters)], learningRate: learningRate,
            beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: weightDecay)
    }
}
