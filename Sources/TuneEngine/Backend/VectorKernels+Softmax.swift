import Foundation

/// The row kernels of softmax, shared by `softmax`/`logSoftmax`, cross-entropy and
/// attention: plain loops over one row that the compiler vectorizes.
extension VectorKernels {
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
