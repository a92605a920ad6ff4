/// im2col for one image, in the layout that makes its convolution one product
/// with the weight on the left:
///
///     columns [C·kH·kW, outH·outW]    row (c, i, j), column (oh, ow)
///     columns[(c, i, j), (oh, ow)] = x[oh·s + i − p, ow·s + j − p, c]   (0 in the padding)
///
/// Row (c, i, j) is "what kernel tap (c, i, j) sees at every output pixel", so
///
///     W [out, C·kH·kW] · columns = y [out, outH·outW]
///
/// with W PyTorch's [out, C, kH, kW] weight read as is. (The row order (c, i, j) is the
/// weight's own.) The backward pass (col2im) adds a gradient of the same shape back
/// onto the pixels it was copied from; a pixel under several windows receives the sum.
///
/// Both kernels go through the image as zero-padded channel planes, [C, H + 2p, W + 2p]:
/// there, one row of columns is outH runs of outW pixels read `s` floats apart from
/// one line of one plane (for stride 1, plain contiguous copies), and the padding is
/// real zeros, so no window needs clipping at the border.
enum ImageColumns {
    /// Floats in the padded planes of one image (the scratch both kernels need).
    static func planesCount(_ w: ImageWindow) -> Int {
        w.channels * (w.height + 2 * w.padding) * (w.width + 2 * w.padding)
    }

    /// Writes image n's columns, [C·kH·kW, outH·outW], at `columns`.
    /// `planes` is scratch of `planesCount(w)` floats.
    static func write(
        image n: Int, _ w: ImageWindow, from x: UnsafePointer<Float>, into columns: UnsafeMutablePointer<Float>,
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
        // Row (c, i, j): for each output row oh, the outW pixels of plane c's line oh·s + i
        // starting at column j, s apart.
        let (outputHeight, outputWidth) = (w.outputHeight, w.outputWidth)
        var target = columns
        for c in 0..<C {
            for i in 0..<kH {
                for j in 0..<kW {
                    for oh in 0..<outputHeight {
                        let source = UnsafePointer(planes + c * planeSize + (oh * s + i) * paddedWidth + j)
                        if s == 1 {
                            target.update(from: source, count: outputWidth)
                        } else {
                            for ow in 0..<outputWidth { target[ow] = source[ow * s] }
                        }
                        target += outputWidth
                    }
                }
            }
        }
    }

    /// col2im: adds image n's column gradient, [C·kH·kW, outH·outW], onto its pixels in
    /// `dx` (NHWC). `planes` is scratch of `planesCount(w)` floats.
    static func add(
        image n: Int, _ w: ImageWindow, from columns: UnsafePointer<Float>, into dx: UnsafeMutablePointer<Float>,
        planes: UnsafeMutablePointer<Float>
    ) {
        let (kH, kW, C, s, p) = (w.kernelHeight, w.kernelWidth, w.channels, w.stride, w.padding)
        let paddedWidth = w.width + 2 * p, planeSize = (w.height + 2 * p) * paddedWidth
        // Sum every row into the padded planes, the reverse of `write`...
        planes.update(repeating: 0, count: C * planeSize)
        let (outputHeight, outputWidth) = (w.outputHeight, w.outputWidth)
        var source = columns
        for c in 0..<C {
            for i in 0..<kH {
                for j in 0..<kW {
                    for oh in 0..<outputHeight {
                        let target = planes + c * planeSize + (oh * s + i) * paddedWidth + j
                        if s == 1 {
                            VectorKernels.add(source, into: target, outputWidth)
                        } else {
                            for ow in 0..<outputWidth { target[ow * s] += source[ow] }
                        }
                        source += outputWidth
                    }
                }
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
}
