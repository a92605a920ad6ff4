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
            for r in 0..<rows { Self.softmaxRow(y.baseAddress! + r * width, width) }
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
                let logSum = Self.logSumExp(UnsafePointer(row), width)
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

    // MARK: - Row kernels shared by softmax, cross-entropy and attention

    /// log Σ eˣ of one row, stably.
    static func logSumExp(_ row: UnsafePointer<Float>, _ width: Int) -> Float {
        var largest = -Float.infinity
        for j in 0..<width { largest = Swift.max(largest, row[j]) }
        if largest == -.infinity { return -.infinity }
        var total: Float = 0
        for j in 0..<width { total += fastExp(row[j] - largest) }
        return largest + Foundation.log(total)
    }

    /// Replaces one row by its softmax, in place, and returns log Σ eˣ of the row as
    /// it was (cross-entropy's loss needs it). A row of all −∞ (fully masked)
    /// becomes all zeros rather than NaN, and returns −∞.
    ///
    /// Three passes, each a vector loop: the maximum; eˣ⁻ᵐᵃˣ written in place;
    /// their sum, then the scaling by 1/sum.
    @discardableResult
    static func softmaxRow(_ row: UnsafeMutablePointer<Float>, _ width: Int) -> Float {
        let largest = VectorKernels.maximum(row, width)
        if largest == -.infinity {
            row.update(repeating: 0, count: width)
            return -.infinity
        }
        exponentiate(row, width, subtracting: largest)
        let total = VectorKernels.sum(row, width)
        VectorKernels.scale(row, width, by: 1 / total)
        return largest + Foundation.log(total)
    }

    /// row[j] = e^(row[j] − shift): a plain loop with no sum in it, so it vectorizes.
    @inline(__always)
    static func exponentiate(_ row: UnsafeMutablePointer<Float>, _ width: Int, subtracting shift: Float) {
        for j in 0..<width { row[j] = fastExp(row[j] - shift) }
    }
}
