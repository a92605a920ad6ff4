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
                    withUnsafeTemporaryAllocation(of: Float.self, capacity: paddedPlanesCount(window)) { planes in
                        for n in images {
                            copyWindows(of: n, window, from: x.baseAddress!, into: out.baseAddress! + n * perImage * columns,
                                        planes: planes.baseAddress!)
                        }
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
                        withUnsafeTemporaryAllocation(of: Float.self, capacity: paddedPlanesCount(window)) { planes in
                            for n in images {
                                addWindows(of: n, window, from: dcols.baseAddress! + n * perImage * columns, into: dx.baseAddress!,
                                           planes: planes.baseAddress!)
                            }
                        }
                    }
                }
            }
        }
    }
}

// MARK: - Kernels (one image each; images never share output memory)
//
// Both kernels go through the image as zero-padded channel planes, [C, H + 2p, W + 2p]:
// - in the planes, one kernel row of one channel is kW neighbouring floats, so every
//   (channel, kernel row) of a window is one short contiguous copy, in the order the
//   im2col row wants it (channel, kernel row, kernel column);
// - the padding is real zeros there, so no window needs clipping at the border.
// Reading NHWC directly would gather every value C floats apart and clip each window
// at the border; measured on LeNet-5, that took ~15 instructions per copied value.

/// Floats in the padded planes of one image (the scratch both kernels need).
func paddedPlanesCount(_ w: ImageWindow) -> Int {
    w.channels * (w.height + 2 * w.padding) * (w.width + 2 * w.padding)
}

/// Writes image n's windows as rows of `cols` (its block of outH·outW rows).
/// `planes` is scratch of `paddedPlanesCount(w)` floats.
@inline(never)
func copyWindows(
    of n: Int, _ w: ImageWindow, from x: UnsafePointer<Float>, into cols: UnsafeMutablePointer<Float>,
    planes: UnsafeMutablePointer<Float>
) {
    let (kH, kW, C, s, p) = (w.kernelHeight, w.kernelWidth, w.channels, w.stride, w.padding)
    let paddedWidth = w.width + 2 * p, planeSize = (w.height + 2 * p) * paddedWidth
    // NHWC pixels → padded planes: planes[c][(y + p)·paddedWidth + x + p] = image[y, x, c].
    planes.update(repeating: 0, count: C * planeSize)
    var pixel = x + n * w.height * w.width * C
    for y in 0..<w.height {
        let line = planes + (y + p) * paddedWidth + p
        for column in 0..<w.width {
            var target = line + column
            for c in 0..<C { target.pointee = pixel[c]; target += planeSize }
            pixel += C
        }
    }
    // The rows of one output row oh, [outW, C·kH·kW], filled a column at a time: column
    // (c, i, j) of row ow is padded pixel (oh·s + i, ow·s + j) of channel c, so along a
    // column the source steps s floats through one line of a plane and the target one
    // row (these rows, a few KB, stay in cache). The inner loop is outW long, not kW.
    let (outputHeight, outputWidth, windowSize) = (w.outputHeight, w.outputWidth, w.windowSize)
    for oh in 0..<outputHeight {
        let block = cols + oh * outputWidth * windowSize
        for c in 0..<C {
            for i in 0..<kH {
                let line = UnsafePointer(planes + c * planeSize + (oh * s + i) * paddedWidth)
                for j in 0..<kW {
                    var target = block + (c * kH + i) * kW + j, source = line + j
                    for _ in 0..<outputWidth {
                        target.pointee = source.pointee
                        target += windowSize
                        source += s
                    }
                }
            }
        }
    }
}

/// Adds image n's window rows of `dcols` back onto the pixels they came from (col2im).
/// `planes` is scratch of `paddedPlanesCount(w)` floats.
@inline(never)
func addWindows(
    of n: Int, _ w: ImageWindow, from dcols: UnsafePointer<Float>, into dx: UnsafeMutablePointer<Float>,
    planes: UnsafeMutablePointer<Float>
) {
    let (kH, kW, C, s, p) = (w.kernelHeight, w.kernelWidth, w.channels, w.stride, w.padding)
    let paddedWidth = w.width + 2 * p, planeSize = (w.height + 2 * p) * paddedWidth
    // Sum every row's gradient into the padded planes (a pixel under several windows
    // receives each window's share)...
    planes.update(repeating: 0, count: C * planeSize)
    let (outputHeight, outputWidth, windowSize) = (w.outputHeight, w.outputWidth, w.windowSize)
    var row = dcols
    for oh in 0..<outputHeight {
        var corner = planes + oh * s * paddedWidth  // plane 0 at (oh·s, ow·s)
        for _ in 0..<outputWidth {
            var source = row, channel = corner
            for _ in 0..<C {
                var target = channel
                for _ in 0..<kH {
                    VectorKernels.add(source, into: target, kW)
                    source += kW
                    target += paddedWidth
                }
                channel += planeSize
            }
            row += windowSize
            corner += s
        }
    }
    // ...then add the planes, without their padding, onto dx in NHWC.
    var pixel = dx + n * w.height * w.width * C
    for y in 0..<w.height {
        let line = UnsafePointer(planes + (y + p) * paddedWidth + p)
        for column in 0..<w.width {
            var source = line + column
            for c in 0..<C { pixel[c] += source.pointee; source += planeSize }
            pixel += C
        }
    }
}
