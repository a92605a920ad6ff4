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
        // NHWC pixels → padded planes...
        planes.update(repeating: 0, count: planesCount(w))
        forEachPixel(w, image: n) { pixel, plane in planes[plane] = x[pixel] }
        // ...then each run of outW pixels, s apart, into its place in a row of columns.
        let (s, outputWidth) = (w.stride, w.outputWidth)
        forEachRun(w) { plane, column in
            let source = UnsafePointer(planes + plane), target = columns + column
            if s == 1 {
                target.update(from: source, count: outputWidth)
            } else {
                for ow in 0..<outputWidth { target[ow] = source[ow * s] }
            }
        }
    }

    /// col2im: adds image n's column gradient, [C·kH·kW, outH·outW], onto its pixels in
    /// `dx` (NHWC). `planes` is scratch of `planesCount(w)` floats.
    static func add(
        image n: Int, _ w: ImageWindow, from columns: UnsafePointer<Float>, into dx: UnsafeMutablePointer<Float>,
        planes: UnsafeMutablePointer<Float>
    ) {
        // Sum every run into the padded planes, the reverse of `write` (a pixel under
        // several windows receives each one's share)...
        planes.update(repeating: 0, count: planesCount(w))
        let (s, outputWidth) = (w.stride, w.outputWidth)
        forEachRun(w) { plane, column in
            let source = columns + column, target = planes + plane
            if s == 1 {
                VectorKernels.add(source, into: target, outputWidth)
            } else {
                for ow in 0..<outputWidth { target[ow * s] += source[ow] }
            }
        }
        // ...then add the planes, without their padding, onto dx in NHWC.
        forEachPixel(w, image: n) { pixel, plane in dx[pixel] += planes[plane] }
    }

    // MARK: - The two walks both kernels share

    /// Calls `body(pixel, plane)` for every value of image n: its offset in the NHWC batch
    /// and in the padded planes, planes[c][(y + p)·paddedWidth + x + p] = image[y, x, c].
    @inline(__always)
    static func forEachPixel(_ w: ImageWindow, image n: Int, _ body: (_ pixel: Int, _ plane: Int) -> Void) {
        let (C, p) = (w.channels, w.padding)
        let paddedWidth = w.width + 2 * p, planeSize = (w.height + 2 * p) * paddedWidth
        var pixel = n * w.height * w.width * C
        for y in 0..<w.height {
            let line = (y + p) * paddedWidth + p
            for column in 0..<w.width {
                for c in 0..<C { body(pixel + c, c * planeSize + line + column) }
                pixel += C
            }
        }
    }

    /// Calls `body(plane, column)` for every run of the columns matrix in order: row
    /// (c, i, j), output row oh is the outW pixels of plane c's line oh·s + i from column
    /// j, s apart, starting at `plane` in the planes and at `column` in the matrix.
    @inline(__always)
    static func forEachRun(_ w: ImageWindow, _ body: (_ plane: Int, _ column: Int) -> Void) {
        let (kH, kW, C, s, p) = (w.kernelHeight, w.kernelWidth, w.channels, w.stride, w.padding)
        let paddedWidth = w.width + 2 * p, planeSize = (w.height + 2 * p) * paddedWidth
        let (outputHeight, outputWidth) = (w.outputHeight, w.outputWidth)
        var column = 0
        for c in 0..<C {
            for i in 0..<kH {
                for j in 0..<kW {
                    for oh in 0..<outputHeight {
                        body(c * planeSize + (oh * s + i) * paddedWidth + j, column)
                        column += outputWidth
                    }
                }
            }
        }
    }
}
