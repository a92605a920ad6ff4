/// im2col: every window of a batch of NHWC images laid out as one matrix row, so a
/// convolution becomes a single matrix product (see `ImageWindow` for the layout).
///
/// Row r = (n, oh, ow) holds the window under output pixel (oh, ow) of image n, in
/// the order (channel, kernel row, kernel column): exactly the order of a PyTorch
/// weight [out, in, kH, kW] flattened to [out, in·kH·kW]. So the weight needs no
/// conversion, ever: checkpoints keep PyTorch's layout and the GEMM reads it as is.
/// Positions in the padding are 0.
///
/// Backward (col2im) adds each row's gradient back onto the pixels it was copied
/// from; a pixel under several windows receives the sum.
extension Tensor {
    /// [N, H, W, C] → [N·outH·outW, C·kH·kW].
    public func imageWindows(_ window: ImageWindow) throws -> Tensor {
        let expected = [window.batch, window.height, window.width, window.channels]
        guard shape == expected else {
            throw TensorError.shapeMismatch(operation: "im2col", left: shape, right: expected, reason: "the input must be the window's [N, H, W, C]")
        }
        let rows = window.outputPixels, columns = window.windowSize
        let perImage = window.outputHeight * window.outputWidth
        let cols = [Float](unsafeUninitializedCapacity: rows * columns) { out, initialized in
            initialized = rows * columns
            guard rows > 0, columns > 0 else { return }
            values.withUnsafeBufferPointer { x in
                // Images are independent: split the batch across cores.
                Parallel.forEachChunk(window.batch, cost: perImage * columns) { images in
                    for n in images {
                        copyWindows(of: n, window, from: x.baseAddress!, into: out.baseAddress! + n * perImage * columns)
                    }
                }
            }
        }
        let result = Tensor(unchecked: [rows, columns], values: cols)
        return result.recording("im2col", parents: [self]) { [self] g in
            // col2im: dx[pixel] += every dcols entry copied from that pixel.
            g.withUnsafeBufferPointer { dcols in
                self.accumulateGradient { dx in
                    Parallel.forEachChunk(window.batch, cost: perImage * columns) { images in
                        for n in images {
                            addWindows(of: n, window, from: dcols.baseAddress! + n * perImage * columns, into: dx.baseAddress!)
                        }
                    }
                }
            }
        }
    }
}

// MARK: - Kernels (one image each; images never share output memory)

/// Writes image n's windows as rows of `cols` (its block of outH·outW rows).
@inline(never)
func copyWindows(of n: Int, _ w: ImageWindow, from x: UnsafePointer<Float>, into cols: UnsafeMutablePointer<Float>) {
    let (kH, kW, C) = (w.kernelHeight, w.kernelWidth, w.channels)
    let image = x + n * w.height * w.width * C
    var row = cols
    for oh in 0..<w.outputHeight {
        let kernelRows = w.kernelRows(outputRow: oh), top = oh * w.stride - w.padding
        for ow in 0..<w.outputWidth {
            let kernelColumns = w.kernelColumns(outputColumn: ow), left = ow * w.stride - w.padding
            // A window that reaches into the padding starts as zeros.
            if kernelRows.count < kH || kernelColumns.count < kW { row.update(repeating: 0, count: w.windowSize) }
            for c in 0..<C {
                for i in kernelRows {
                    let source = image + ((top + i) * w.width + left) * C + c  // pixel (top+i, left), channel c
                    let target = row + (c * kH + i) * kW
                    for j in kernelColumns { target[j] = source[j * C] }
                }
            }
            row += w.windowSize
        }
    }
}

/// Adds image n's window rows of `dcols` back onto the pixels they came from (col2im).
@inline(never)
func addWindows(of n: Int, _ w: ImageWindow, from dcols: UnsafePointer<Float>, into dx: UnsafeMutablePointer<Float>) {
    let (kH, kW, C) = (w.kernelHeight, w.kernelWidth, w.channels)
    let image = dx + n * w.height * w.width * C
    var row = dcols
    for oh in 0..<w.outputHeight {
        let kernelRows = w.kernelRows(outputRow: oh), top = oh * w.stride - w.padding
        for ow in 0..<w.outputWidth {
            let kernelColumns = w.kernelColumns(outputColumn: ow), left = ow * w.stride - w.padding
            for c in 0..<C {
                for i in kernelRows {
                    let target = image + ((top + i) * w.width + left) * C + c
                    let source = row + (c * kH + i) * kW
                    for j in kernelColumns { target[j * C] += source[j] }
                }
            }
            row += w.windowSize
        }
    }
}
