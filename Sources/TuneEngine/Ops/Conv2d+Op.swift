/// A 2-D convolution as im2col + one matrix product:
///
///     cols [N·outH·outW, C·kH·kW] = im2col(x)
///     y    [N·outH·outW, out]     = cols · Wᵀ + b       (the `linear` op: one sgemm)
///     y    [N, outH, outW, out]   (the same values, NHWC)
///
/// The weight is PyTorch's [out, C, kH, kW], read as [out, C·kH·kW] without moving a
/// value (im2col orders each row to match). Backward comes from the two ops:
/// `linear` gives dW = dYᵀ·cols, db = column sums of dY and dcols = dY·W;
/// `im2col` adds dcols back onto the pixels (col2im). An input that needs no
/// gradient (the images themselves) skips dcols and col2im entirely.
extension Tensor {
    /// x [N, H, W, C], weight [out, C, kH, kW], bias [out] → [N, outH, outW, out].
    public func convolution2d(weight: Tensor, bias: Tensor?, stride: Int = 1, padding: Int = 0) throws -> Tensor {
        let operation = "conv2d\(weight.label.map { " (\($0))" } ?? "")"
        guard weight.rank == 4 else {
            throw TensorError.wrongRank(operation: operation, shape: weight.shape, expected: "a weight of 4 axes [out, in, kernelHeight, kernelWidth]")
        }
        let window = try ImageWindow(
            input: shape, kernelHeight: weight.shape[2], kernelWidth: weight.shape[3], stride: stride, padding: padding,
            operation: operation)
        guard window.channels == weight.shape[1] else {
            throw TensorError.shapeMismatch(
                operation: operation, left: shape, right: weight.shape,
                reason: "the input has \(window.channels) channels (last axis) but the weight expects \(weight.shape[1])")
        }
        let outputChannels = weight.shape[0]
        let cols = try imageWindows(window)  // [N·outH·outW, C·kH·kW]
        let matrix = try weight.reshaped([outputChannels, window.windowSize])  // [out, C·kH·kW], same values
        matrix.label = weight.label
        let y = try cols.linear(weight: matrix, bias: bias)  // [N·outH·outW, out]
        return try y.reshaped([window.batch, window.outputHeight, window.outputWidth, outputChannels])
    }
}
