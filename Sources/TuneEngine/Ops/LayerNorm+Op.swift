/// Layer normalization over the last axis, as one fused op:
///   y = (x − mean) / √(var + eps) · weight + bias
/// Fusing keeps one pass for the statistics and one closed-form backward, instead
/// of a dozen small ops each holding a copy of [B, T, C]. Those small ops, written
/// out, are the reference form `referenceLayerNormalized` (LayerNorm+Reference.swift);
/// read it first.
extension Tensor {
    /// Normalizes each row of the last axis, then scales by `weight` and shifts by
    /// `bias` (both [C]).
    public func layerNormalized(weight: Tensor, bias: Tensor, epsilon: Float = 1e-5) throws -> Tensor {
        let width = shape.last ?? 0
        guard rank >= 1, weight.shape == [width], bias.shape == [width] else {
            throw TensorError.shapeMismatch(operation: "layerNorm", left: shape, right: weight.shape, reason: "weight and bias must be [\(width)], the input's last axis")
        }
        let rows = count / Swift.max(width, 1)
        // x̂ is kept for backward only when a graph will ask for it.
        let needsGraph = GradientMode.isEnabled && (requiresGradient || weight.requiresGradient || bias.requiresGradient)
        // An empty literal when not kept: an array made with capacity 0 writes the count of the
        // shared empty-array storage, a data race with any other thread reading it (ThreadSanitizer).
        var normalized: [Float] = needsGraph ? [Float](unsafeUninitializedCapacity: count) { $1 = $0.count } : []  // x̂
        var inverseStd = [Float](repeating: 0, count: rows)
        let out = [Float](unsafeUninitializedCapacity: count) { y, initialized in
            initialized = count
            guard rows > 0, width > 0 else { return }
            withBuffers(values, weight.values, bias.values, writing: &normalized, &inverseStd) { x, w, b, xHat, invStd in
                Parallel.forEachChunk(rows, cost: width * 4) { chunk in
                    for r in chunk {
                        let row = x.baseAddress! + r * width, target = y.baseAddress! + r * width
                        let mean = VectorKernels.sum(row, width) / Float(width)
                        let variance = VectorKernels.squaredDeviations(row, width, from: mean) / Float(width)
                        let inv = 1 / (variance + epsilon).squareRoot()
                        invStd[r] = inv
                        if needsGraph {
                            let kept = xHat.baseAddress! + r * width
                            for j in 0..<width {
                                let n = (row[j] - mean) * inv
                                kept[j] = n
                                target[j] = n * w[j] + b[j]
                            }
                        } else {
                            for j in 0..<width { target[j] = (row[j] - mean) * inv * w[j] + b[j] }
                        }
                    }
                }
            }
        }
        let result = Tensor(unchecked: shape, values: out)
        guard needsGraph, rows > 0, width > 0 else {
            result.operation = "layerNorm"  // no graph: nothing will ask for a gradient
            return result
        }
        return result.recording("layerNorm", parents: [self, weight, bias]) { [self] g in
            withBuffers(g, normalized, weight.values) { g, xHat, w in
                // dWeight [C] += Σ over rows of dy ⊙ x̂ ; dBias [C] += Σ over rows of dy
                weight.accumulateGradient { dWeight in
                    for r in 0..<rows {
                        VectorKernels.addProduct(g.baseAddress! + r * width, xHat.baseAddress! + r * width,
                                                 into: dWeight.baseAddress!, width)
                    }
                }
                bias.accumulateGradient { dBias in
                    VectorKernels.addColumnSums(of: g.baseAddress!, rows: rows, columns: width, into: dBias.baseAddress!)
                }
                guard self.requiresGradient else { return }
                // dx = inv/N · (N·dx̂ − Σdx̂ − x̂·Σ(dx̂·x̂)), with dx̂ = dy ⊙ weight.
                self.accumulateGradient(overwritingIfFresh: { acc, isFresh in
                    Parallel.forEachChunk(rows, cost: width * 4) { chunk in
                        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: width)  // dx̂ of one row
                        defer { scratch.deallocate() }
                        for r in chunk {
                            let dy = g.baseAddress! + r * width, normal = xHat.baseAddress! + r * width
                            let dx = acc.baseAddress! + r * width
                            for j in 0..<width { scratch[j] = dy[j] * w[j] }
                            let sum = VectorKernels.sum(scratch, width)
                            let dot = VectorKernels.dot(scratch, normal, width)
                            let scale = inverseStd[r] / Float(width), n = Float(width)
                            if isFresh {
                                for j in 0..<width { dx[j] = scale * (n * scratch[j] - sum - normal[j] * dot) }
                            } else {
                                for j in 0..<width { dx[j] += scale * (n * scratch[j] - sum - normal[j] * dot) }
                            }
                        }
                    }
                })
            }
        }
    }
}
