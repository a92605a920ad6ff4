/// Gradient clipping: limiting how far one step can move the weights when a batch
/// produces an unusually large gradient.
public enum GradientClipping {
    /// Scales all gradients together so that their global L2 norm is at most
    /// `maxNorm`, following PyTorch's `clip_grad_norm_` rule:
    ///
    ///     norm  = √(Σ over every gradient value g²)      (summed in Double)
    ///     scale = min(1, maxNorm / (norm + 1e-6))
    ///     g ← scale·g                                     (only when scale < 1)
    ///
    /// Scaling all gradients by one factor keeps the step's direction and only
    /// shortens it. Parameters that are frozen or have no gradient take no part,
    /// as in `Optimizer.step()`.
    ///
    /// Returns the norm before clipping and the scale applied (1 = unchanged).
    /// Throws if `maxNorm` is not positive, or a gradient holds NaN/Inf or has the
    /// wrong length (gradients are then left unchanged). `step`, if given, is named
    /// in the error.
    @discardableResult
    public static func clipGlobalNorm(
        _ parameters: [(key: String, tensor: Tensor)], maxNorm: Float, step: Int? = nil
    ) throws -> (normBefore: Float, scale: Float) {
        guard maxNorm.isFinite, maxNorm > 0 else {
            throw OptimizerError.invalidHyperparameter(name: "maxNorm", value: maxNorm, accepts: "finite and > 0")
        }
        var totalSquared = 0.0
        for (key, tensor) in parameters {
            guard tensor.requiresGradient, let gradient = tensor.gradient else { continue }
            totalSquared += try checkedSquaredNorm(
                key: key, gradient: gradient, expectedCount: tensor.count, step: step)
        }
        let norm = totalSquared.squareRoot()
        let scale = min(1, Double(maxNorm) / (norm + 1e-6))
        if scale < 1 {
            let factor = Float(scale)
            for (_, tensor) in parameters where tensor.requiresGradient && tensor.gradient != nil {
                tensor.gradient!.withUnsafeMutableBufferPointer { g in
                    for i in 0..<g.count { g[i] *= factor }
                }
            }
        }
        return (normBefore: Float(norm), scale: Float(scale))
    }

    /// Clips the gradients of every parameter of `optimizer` (see the function
    /// above); an error names the step the optimizer is about to take.
    @discardableResult
    public static func clipGlobalNorm(
        _ optimizer: some Optimizer, maxNorm: Float
    ) throws -> (normBefore: Float, scale: Float) {
        try clipGlobalNorm(optimizer.parameters, maxNorm: maxNorm, step: optimizer.stepCount + 1)
    }
}
