/// Layer normalization over the last axis, as one fused op:
///   y = (x − mean) / √(var + eps) · weight + bias
/// Fusing keeps one pass for the statistics and one closed-form backward, instead
/// of a dozen small ops each holding a copy of [B, T, C].
extension Tensor {
    /// Normalizes each row of the last axis, then scales by `weight` and shifts by
    /// `bias` (both [C]).
    public func layerNormalized(weight: Tensor, bias: Tensor, epsilon: Float = 1e-5) throws -> Tensor {
        let width = shape.last ?? 0
        guard rank >= 1, weight.shape == [width], bias.shape == [width] else {
            throw TensorError.shapeMismatch(operation: "layerNorm", left: shape, right: weight.shape, reason: "weight and bias must be [\(width)], the input's last axis")
        }
        let rows = count / Swift.max(width, 1)
        var normalized = [Float](repeating: 0, count: count)  // x̂, kept for backward
        var inverseStd = [Float](repeating: 0, count: rows)
        var out = [Float](repeating: 0, count: count)
        values.withUnsafeBufferPointer { x in
        weight.values.withUnsafeBufferPointer { w in
        bias.values.withUnsafeBufferPointer { b in
        normalized.withUnsafeMutableBufferPointer { xHat in
        inverseStd.withUnsafeMutableBufferPointer { invStd in
        out.withUnsafeMutableBufferPointer { y in
            Parallel.forEachChunk(rows, cost: width * 4) { chunk in
                for r in chunk {
                    let base = r * width
                    var mean: Float = 0
                    for j in 0..<width { mean += x[base + j] }
                    mean /= Float(width)
                    var variance: Float = 0
                    for j in 0..<width { let d = x[base + j] - mean; variance += d * d }
                    variance /= Float(width)
                    let inv = 1 / (variance + epsilon).squareRoot()
                    invStd[r] = inv
                    for j in 0..<width {
                        let n = (x[base + j] - mean) * inv
                        xHat[base + j] = n
                        y[base + j] = n * w[j] + b[j]
                    }
                }
            }
        }}}}}}
        let result = Tensor(unchecked: shape, values: out)
        return result.recording("layerNorm", parents: [self, weight, bias]) { [self] g in
            if weight.requiresGradient || bias.requiresGradient {
                var dWeight = [Float](repeating: 0, count: width), dBias = [Float](repeating: 0, count: width)
                for r in 0..<rows {
                    for j in 0..<width {
                        dWeight[j] += g[r * width + j] * normalized[r * width + j]
                        dBias[j] += g[r * width + j]
                    }
                }
                weight.accumulateGradient(dWeight)
                bias.accumulateGradient(dBias)
            }
            guard self.requiresGradient else { return }
            // dx = inv/N · (N·dx̂ − Σdx̂ − x̂·Σ(dx̂·x̂)), with dx̂ = dy·weight.
            normalized.withUnsafeBufferPointer { xHat in
            weight.values.withUnsafeBufferPointer { w in
            g.withUnsafeBufferPointer { g in
                self.accumulateGradient { acc in
                    Parallel.forEachChunk(rows, cost: width * 4) { chunk in
                        for r in chunk {
                            let base = r * width
                            var sum: Float = 0, dot: Float = 0
                            for j in 0..<width {
                                let dn = g[base + j] * w[j]
                                sum += dn; dot += dn * xHat[base + j]
                            }
                            let scale = inverseStd[r] / Float(width)
                            for j in 0..<width {
                                let dn = g[base + j] * w[j]
                                acc[base + j] += scale * (Float(width) * dn - sum - xHat[base + j] * dot)
                            }
                        }
                    }
                }
            }}}
        }
    }
}
