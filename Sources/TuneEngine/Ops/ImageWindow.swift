/// Where a sliding window (a convolution's kernel, a pooling window) visits a batch
/// of images, and what size the result has.
///
/// Images are NHWC, [batch, height, width, channels], channels fastest, as MLX keeps
/// them: an image's pixels are whole records of C channels, so a layer's output for
/// one pixel (every channel) is written in one place, and pooling and batch norm walk
/// channels in the innermost loop. A convolution copies each image's windows into
/// columns (`ImageColumns`) and multiplies them by the weight, one image at a time
/// (`convolution2d` says why). For one channel (gray images) NHWC and PyTorch's NCHW hold the same bytes.
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
    /// Values in one window of all channels: one weight row, one row of `ImageColumns`.
    public var windowSize: Int { channels * kernelHeight * kernelWidth }
    /// Output pixels of the whole batch.
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
