/// Where a sliding window (a convolution's kernel, a pooling window) visits a batch
/// of images, and what size the result has.
///
/// Images are NHWC, [batch, height, width, channels], channels fastest. That layout
/// makes a convolution one matrix product: each output pixel's window becomes one
/// row of a [batch·outH·outW, channels·kH·kW] matrix (im2col), and a single GEMM with
/// the [out, channels·kH·kW] weight gives all outputs of the batch at once, already in
/// NHWC order ([batch·outH·outW, out]), with no transpose of the result. In NCHW each
/// image would need its own product (or a transpose after one big one). For one
/// channel (gray images) NHWC and PyTorch's NCHW hold the same bytes.
///
/// With stride s and padding p, output row r looks at input rows r·s − p ..< r·s − p + kH;
/// rows outside the image count as padding.
public struct ImageWindow: Equatable, Sendable {
    public let batch: Int, height: Int, width: Int, channels: Int
    public let kernelHeight: Int, kernelWidth: Int
    public let stride: Int, padding: Int

    /// ⌊(H + 2p − kH) / s⌋ + 1, PyTorch's output size.
    public var outputHeight: Int { (height + 2 * padding - kernelHeight) / stride + 1 }
    public var outputWidth: Int { (width + 2 * padding - kernelWidth) / stride + 1 }
    /// Values in one window of all channels: one im2col row, one weight row.
    public var windowSize: Int { channels * kernelHeight * kernelWidth }
    /// Output pixels of the whole batch: im2col rows.
    public var outputPixels: Int { batch * outputHeight * outputWidth }

    /// Checks an NHWC input shape against the window; `operation` names the layer in errors.
    public init(
        input shape: [Int], kernelHeight: Int, kernelWidth: Int, stride: Int, padding: Int, operation: String
    ) throws {
        guard shape.count == 4 else {
            throw TensorError.wrongRank(operation: operation, shape: shape, expected: "4 axes [batch, height, width, channels]")
        }
        guard kernelHeight > 0, kernelWidth > 0, stride > 0, padding >= 0 else {
            throw TensorError.invalidArgument(
                operation: operation,
                reason: "kernel \(kernelHeight)×\(kernelWidth), stride \(stride), padding \(padding): kernel and stride must be positive, padding not negative")
        }
        (batch, height, width, channels) = (shape[0], shape[1], shape[2], shape[3])
        (self.kernelHeight, self.kernelWidth, self.stride, self.padding) = (kernelHeight, kernelWidth, stride, padding)
        guard height + 2 * padding >= kernelHeight, width + 2 * padding >= kernelWidth else {
            throw TensorError.shapeMismatch(
                operation: operation, left: shape, right: [kernelHeight, kernelWidth],
                reason: "a \(kernelHeight)×\(kernelWidth) window does not fit a \(height)×\(width) image with padding \(padding)")
        }
    }

    /// The input columns window column `j` covers for output column `ow`, clipped
    /// to the image: (first kernel column inside, end kernel column inside).
    @inline(__always)
    func kernelColumns(outputColumn ow: Int) -> Range<Int> {
        let left = ow * stride - padding
        return Swift.max(0, -left)..<Swift.min(kernelWidth, width - left)
    }

    /// Likewise for kernel rows of output row `oh`.
    @inline(__always)
    func kernelRows(outputRow oh: Int) -> Range<Int> {
        let top = oh * stride - padding
        return Swift.max(0, -top)..<Swift.min(kernelHeight, height - top)
    }
}
