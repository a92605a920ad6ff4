/// Batch normalization of convolutional features, per channel (the last axis of
/// NHWC maps; it works the same on [N, C] rows).
///
/// In training mode each batch is normalized with its own statistics, and running
/// estimates are updated as PyTorch does with `momentum` m (default 0.1):
///
///     running_mean = (1 − m)·running_mean + m·μ
///     running_var  = (1 − m)·running_var  + m·σ²·M/(M − 1)   (unbiased, M values per channel)
///
/// In evaluation mode the running estimates are used, so one image's output does
/// not depend on the others in its batch. The running estimates and the batch count
/// are buffers named as PyTorch names them (`running_mean`, `running_var`,
/// `num_batches_tracked`): saved in checkpoints, not trained.
public final class BatchNorm2d: Module, Layer {
    public let weight: Tensor  // [channels] γ, starts at 1
    public let bias: Tensor  // [channels] β, starts at 0
    public let runningMean: Buffer  // [channels], starts at 0
    public let runningVariance: Buffer  // [channels], starts at 1
    public let batchesTracked: Buffer  // [], counts training batches
    public let epsilon: Float
    /// The weight of each new batch in the running estimates.
    public var momentum: Float

    public var channels: Int { weight.count }

    public init(_ channels: Int, epsilon: Float = 1e-5, momentum: Float = 0.1) {
        weight = .ones([channels]); weight.requiresGradient = true
        bias = .zeros([channels]); bias.requiresGradient = true
        runningMean = Buffer(name: "running_mean", shape: [channels], values: [Float](repeating: 0, count: channels))
        runningVariance = Buffer(name: "running_var", shape: [channels], values: [Float](repeating: 1, count: channels))
        batchesTracked = Buffer(name: "num_batches_tracked", shape: [], values: [0], storage: .integer)
        self.epsilon = epsilon
        self.momentum = momentum
        super.init()
    }

    /// [..., channels] → [..., channels]
    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        guard isTraining else {
            return try input.batchNormalized(
                weight: weight, bias: bias, mean: runningMean.values, variance: runningVariance.values, epsilon: epsilon)
        }
        let (output, mean, variance) = try input.batchNormalized(weight: weight, bias: bias, epsilon: epsilon)
        // -- update the running estimates (the variance unbiased, as PyTorch does)
        let positions = Float(input.count / channels)
        let correction = positions / (positions - 1)
        for c in 0..<channels {
            runningMean.values[c] = (1 - momentum) * runningMean.values[c] + momentum * mean[c]
            runningVariance.values[c] = (1 - momentum) * runningVariance.values[c] + momentum * variance[c] * correction
        }
        batchesTracked.values[0] += 1
        return output
    }
}
