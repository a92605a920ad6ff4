import Foundation

/// Softmax and log-softmax over the last axis, computed stably: subtracting each
/// row's maximum first changes nothing mathematically and keeps exp() from
/// overflowing.
extension Tensor {
    /// softmax(x)ᵢ = eˣⁱ / Σⱼ eˣʲ over the last axis.
    /// Backward: dxᵢ = yᵢ (dyᵢ − Σⱼ dyⱼ yⱼ).
    public func softmax() throws -> Tensor {
        guard rank >= 1 else { throw TensorError.wrongRank(operation: "softmax", shape: shape, expected: "rank ≥ 1") }
        let width = shape.last!, rows = count / Swift.max(width, 1)
        var out = values
        out.withUnsafeMutableBufferPointer { y in
            for r in 0..<rows { VectorKernels.softmaxRow(y.baseAddress! + r * width, width) }
        }
        let result = Tensor(unchecked: shape, values: out)
        return result.recording("softmax", parents: [self]) { [self] g in
            self.accumulateGradient { acc in
                for r in 0..<rows {
                    let base = r * width
                    var dot: Float = 0
                    for j in 0..<width { dot += g[base + j] * out[base + j] }
                    for j in 0..<width { acc[base + j] += out[base + j] * (g[base + j] - dot) }
                }
            }
        }
    }

    /// log softmax(x)ᵢ = xᵢ − log Σⱼ eˣʲ over the last axis.
    /// Backward: dxᵢ = dyᵢ − softmaxᵢ Σⱼ dyⱼ.
    public func logSoftmax() throws -> Tensor {
        guard rank >= 1 else { throw TensorError.wrongRank(operation: "logSoftmax", shape: shape, expected: "rank ≥ 1") }
        let width = shape.last!, rows = count / Swift.max(width, 1)
        var out = values
        out.withUnsafeMutableBufferPointer { y in
            for r in 0..<rows {
                let row = y.baseAddress! + r * width
                let logSum = VectorKernels.logSumExp(UnsafePointer(row), width)
                for j in 0..<width { row[j] -= logSum }
            }
        }
        let result = Tensor(unchecked: shape, values: out)
        return result.recording("logSoftmax", parents: [self]) { [self] g in
            self.accumulateGradient { acc in
                for r in 0..<rows {
                    let base = r * width
                    var total: Float = 0
                    for j in 0..<width { total += g[base + j] }
                    for j in 0..<width { acc[base + j] += g[base + j] - fastExp(out[base + j]) * total }
                }
            }
        }
    }
}
