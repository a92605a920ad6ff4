/// Batch normalization over the last axis (channels): each channel is normalized
/// with statistics over every other position (batch, rows, columns of NHWC maps),
/// then scaled by `weight` (γ) and shifted by `bias` (β).
///
/// Training uses the batch's own mean μ and biased variance σ²:
///
///     x̂ = (x − μ) / √(σ² + ε),   y = γ·x̂ + β       (M positions per channel)
///     dβ = Σ dy,  dγ = Σ dy·x̂,
///     dx = γ / (M·√(σ² + ε)) · (M·dy − Σ dy − x̂·Σ dy·x̂)
///
/// Evaluation uses fixed statistics (the running ones), so y is an affine function
/// of x: dx = dy·γ/√(var + ε).
extension Tensor {
    /// x [..., C] with the batch's statistics → (y [..., C], mean [C], biased variance [C]).
    public func batchNormalized(
        weight: Tensor, bias: Tensor, epsilon: Float = 1e-5
    ) throws -> (output: Tensor, mean: [Float], variance: [Float]) {
        let channels = try checkBatchNorm(weight: weight, bias: bias)
        let rows = count / channels
        guard rows > 1 else {
            throw TensorError.invalidArgument(
                operation: "batch norm", reason: "training needs more than one value per channel, got input shape \(shape)")
        }
        // -- statistics per channel, accumulated in Double over the M rows
        var sum = [Double](repeating: 0, count: channels), squares = [Double](repeating: 0, count: channels)
        values.withUnsafeBufferPointer { x in
            for r in 0..<rows {
                let row = x.baseAddress! + r * channels
                for c in 0..<channels { sum[c] += Double(row[c]) }
            }
            let mean = sum.map { $0 / Double(rows) }
            for r in 0..<rows {
                let row = x.baseAddress! + r * channels
                for c in 0..<channels { let d = Double(row[c]) - mean[c]; squares[c] += d * d }
            }
        }
        let mean = sum.map { Float($0 / Double(rows)) }
        let variance = squares.map { Float($0 / Double(rows)) }
        let inverseDeviation = variance.map { 1 / ($0 + epsilon).squareRoot() }

        // -- x̂ (kept for backward) and y = γ·x̂ + β
        var normalized = [Float](repeating: 0, count: count)
        var out = [Float](repeating: 0, count: count)
        let gamma = weight.values, beta = bias.values
        for r in 0..<rows {
            for c in 0..<channels {
                let i = r * channels + c
                normalized[i] = (values[i] - mean[c]) * inverseDeviation[c]
                out[i] = gamma[c] * normalized[i] + beta[c]
            }
        }
        let result = Tensor(unchecked: shape, values: out)
        result.recording("batch norm", parents: [self, weight, bias]) { [self] g in
            var sumGradient = [Float](repeating: 0, count: channels), sumGradientNormalized = [Float](repeating: 0, count: channels)
            for r in 0..<rows {
                for c in 0..<channels {
                    sumGradient[c] += g[r * channels + c]
                    sumGradientNormalized[c] += g[r * channels + c] * normalized[r * channels + c]
                }
            }
            bias.accumulateGradient(sumGradient)  // dβ = Σ dy
            weight.accumulateGradient(sumGradientNormalized)  // dγ = Σ dy·x̂
            self.accumulateGradient { dx in
                let m = Float(rows)
                for r in 0..<rows {
                    for c in 0..<channels {
                        let i = r * channels + c
                        dx[i] += gamma[c] * inverseDeviation[c] / m
                            * (m * g[i] - sumGradient[c] - normalized[i] * sumGradientNormalized[c])
                    }
                }
            }
        }
        return (result, mean, variance)
    }

    /// x [..., C] with given statistics (evaluation) → y [..., C].
    public func batchNormalized(
        weight: Tensor, bias: Tensor, mean: [Float], variance: [Float], epsilon: Float = 1e-5
    ) throws -> Tensor {
        let channels = try checkBatchNorm(weight: weight, bias: bias)
        guard mean.count == channels, variance.count == channels else {
            throw TensorError.shapeMismatch(
                operation: "batch norm", left: [mean.count, variance.count], right: [channels],
                reason: "the running mean and variance must have one value per channel")
        }
        let rows = count / channels
        let inverseDeviation = variance.map { 1 / ($0 + epsilon).squareRoot() }
        // y = x·scale + shift, scale = γ/√(var + ε), shift = β − mean·scale
        let scale = (0..<channels).map { weight.values[$0] * inverseDeviation[$0] }
        let shift = (0..<channels).map { bias.values[$0] - mean[$0] * scale[$0] }
        var out = [Float](repeating: 0, count: count)
        for r in 0..<rows {
            for c in 0..<channels { out[r * channels + c] = values[r * channels + c] * scale[c] + shift[c] }
        }
        let result = Tensor(unchecked: shape, values: out)
        return result.recording("batch norm (fixed statistics)", parents: [self, weight, bias]) { [self] g in
            var sumGradient = [Float](repeating: 0, count: channels), sumGradientNormalized = [Float](repeating: 0, count: channels)
            for r in 0..<rows {
                for c in 0..<channels {
                    let i = r * channels + c
                    sumGradient[c] += g[i]
                    sumGradientNormalized[c] += g[i] * (self.values[i] - mean[c]) * inverseDeviation[c]
                }
            }
            bias.accumulateGradient(sumGradient)
            weight.accumulateGradient(sumGradientNormalized)
            self.accumulateGradient { dx in
                for r in 0..<rows { for c in 0..<channels { dx[r * channels + c] += g[r * channels + c] * scale[c] } }
            }
        }
    }

    /// The channel count, after checking that γ and β are [C] for x [..., C].
    private func checkBatchNorm(weight: Tensor, bias: Tensor) throws -> Int {
        guard let channels = shape.last, channels > 0, weight.shape == [channels], bias.shape == [channels] else {
            throw TensorError.shapeMismatch(
                operation: "batch norm", left: shape, right: weight.shape,
                reason: "the input's last axis (channels) must equal the size of weight and bias")
        }
        return channels
    }
}
