/// A 2-D convolution, one image at a time, each image one matrix product:
///
///     columns [C·kH·kW, outH·outW] = im2col(image n)          (see `ImageColumns`)
///     product [out, outH·outW]     = W [out, C·kH·kW] · columns
///     y[n]    [outH, outW, out]    = productᵀ + b               (NHWC again)
///
/// The weight is PyTorch's [out, C, kH, kW], read as [out, C·kH·kW] without moving a
/// value. Backward, per image, from dY[n] (transposed to dYᵗ [out, outH·outW]):
///
///     dW[n]      [out, C·kH·kW]      = dYᵗ · columnsᵀ
///     dcolumns   [C·kH·kW, outH·outW] = Wᵀ · dYᵗ,   then col2im onto dx
///     db                               = column sums of dY
///
/// Why per image: a batch's images are independent, so the cores take whole images,
/// and each product is small enough for the engine's own kernels (`SmallMatrix`),
/// which any number of threads may run at once. One product over the whole batch
/// (the usual im2col) has to go through BLAS, which runs one product at a time and
/// splits these thin shapes (6 outputs by 25 inputs for LeNet-5's first layer)
/// poorly across cores. Every image's numbers are computed the same way whichever
/// core takes it, and the per-image dW are summed in image order, so the result is
/// the same at any thread count.
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
        let outputs = weight.shape[0]
        if let bias, bias.shape != [outputs] {
            throw TensorError.shapeMismatch(operation: operation, left: bias.shape, right: weight.shape, reason: "bias must be [\(outputs)]")
        }
        let images = window.batch, pixels = window.outputHeight * window.outputWidth, taps = window.windowSize
        let perImage = taps * pixels  // floats of one image's columns
        // The backward pass needs each image's columns for dW; keep them only then.
        let keepColumns = GradientMode.isEnabled && weight.requiresGradient

        // Writes every image's output (NHWC) into `out`, and its columns at `kept` (if given).
        func forward(into out: UnsafeMutablePointer<Float>, keeping kept: UnsafeMutablePointer<Float>?) {
            withBuffers(values, weight.values) { x, w in
                let b = bias?.values
                Parallel.forEachChunk(images, cost: perImage * outputs) { chunk in
                    let scratch = ImageColumns.planesCount(window) + outputs * pixels + (kept == nil ? perImage : 0)
                    withUnsafeTemporaryAllocation(of: Float.self, capacity: scratch) { buffer in
                        let planes = buffer.baseAddress!
                        let product = planes + ImageColumns.planesCount(window)  // [out, outH·outW]
                        for n in chunk {
                            let imageColumns = kept.map { $0 + n * perImage } ?? product + outputs * pixels
                            ImageColumns.write(image: n, window, from: x.baseAddress!, into: imageColumns, planes: planes)
                            if taps == 0 {
                                product.update(repeating: 0, count: outputs * pixels)
                            } else {
                                SmallMatrix.multiply(
                                    m: outputs, n: pixels, k: taps, a: w.baseAddress!, rowStrideA: taps, columnStrideA: 1,
                                    b: imageColumns, leadingB: pixels, c: product, leadingC: pixels)
                            }
                            // y[n, pixel, o] = product[o, pixel] + b[o]
                            let target = out + n * pixels * outputs
                            for o in 0..<outputs {
                                let (row, shift) = (product + o * pixels, b?[o] ?? 0)
                                for pixel in 0..<pixels { target[pixel * outputs + o] = row[pixel] + shift }
                            }
                        }
                    }
                }
            }
        }
        // Arrays are made only when they hold something: an array made empty with
        // `unsafeUninitializedCapacity: 0` writes into Swift's one shared empty-array
        // storage, a data race when two threads do it (ThreadSanitizer found one such).
        let outputCount = images * pixels * outputs
        var y: [Float] = []
        var columns: [Float] = []
        if outputCount > 0 && keepColumns && perImage > 0 {
            columns = [Float](unsafeUninitializedCapacity: images * perImage) { kept, keptCount in
                keptCount = images * perImage
                y = [Float](unsafeUninitializedCapacity: outputCount) { out, outCount in
                    outCount = outputCount
                    forward(into: out.baseAddress!, keeping: kept.baseAddress!)
                }
            }
        } else if outputCount > 0 {
            y = [Float](unsafeUninitializedCapacity: outputCount) { out, outCount in
                outCount = outputCount
                forward(into: out.baseAddress!, keeping: nil)
            }
        }
        let savedColumns = columns  // [N, C·kH·kW, outH·outW], or empty
        let result = Tensor(unchecked: [images, window.outputHeight, window.outputWidth, outputs], values: y)
        let parents = bias.map { [self, weight, $0] } ?? [self, weight]
        return result.recording("conv2d", parents: parents) { [self] g in
            guard images > 0, pixels > 0, outputs > 0 else { return }
            let needInput = self.requiresGradient && taps > 0
            let needWeight = weight.requiresGradient && !savedColumns.isEmpty
            // Each image's dW, summed afterwards in image order. // [N, out, C·kH·kW]
            var imageWeightGradients: [Float] = needWeight ? [Float](repeating: 0, count: images * outputs * taps) : []
            withBuffers(g, weight.values, savedColumns) { dy, w, kept in imageWeightGradients.withUnsafeMutableBufferPointer { dWs in
                self.accumulateGradientIf(needInput) { dx in
                    Parallel.forEachChunk(images, cost: perImage * outputs * 2) { chunk in
                        let scratch = outputs * pixels + (needInput ? perImage + ImageColumns.planesCount(window) : 0)
                        withUnsafeTemporaryAllocation(of: Float.self, capacity: scratch) { buffer in
                            let dyT = buffer.baseAddress!  // [out, outH·outW]
                            let dColumns = dyT + outputs * pixels, planes = dColumns + perImage
                            for n in chunk {
                                // dYᵗ [out, outH·outW] from dY[n] [outH·outW, out]
                                SmallMatrix.transpose(dy.baseAddress! + n * pixels * outputs, rows: pixels, columns: outputs, leadingX: outputs, into: dyT)
                                if needWeight {
                                    SmallMatrix.multiplyByTransposed(
                                        m: outputs, n: taps, k: pixels, a: dyT, leadingA: pixels,
                                        b: kept.baseAddress! + n * perImage, leadingB: pixels,
                                        c: dWs.baseAddress! + n * outputs * taps, leadingC: taps)
                                }
                                if let dx {
                                    // dcolumns [C·kH·kW, outH·outW] = Wᵀ · dYᵗ (Wᵀ read through swapped strides)
                                    SmallMatrix.multiply(
                                        m: taps, n: pixels, k: outputs, a: w.baseAddress!, rowStrideA: 1, columnStrideA: taps,
                                        b: dyT, leadingB: pixels, c: dColumns, leadingC: pixels)
                                    ImageColumns.add(image: n, window, from: dColumns, into: dx, planes: planes)
                                }
                            }
                        }
                    }
                }
                if needWeight {
                    weight.accumulateGradient { dW in
                        // Image by image, in order, whatever the chunks: the same sum at any thread count.
                        Parallel.forEachChunk(outputs * taps, cost: images) { entries in
                            for n in 0..<images {
                                VectorKernels.add(
                                    dWs.baseAddress! + n * outputs * taps + entries.lowerBound,
                                    into: dW.baseAddress! + entries.lowerBound, entries.count)
                            }
                        }
                    }
                }
            } }
            if let bias, bias.requiresGradient {
                // db [out] += column sums of dY [N·outH·outW, out]
                g.withUnsafeBufferPointer { dy in
                    bias.accumulateGradient { db in
                        VectorKernels.addColumnSums(of: dy.baseAddress!, rows: images * pixels, columns: outputs, into: db.baseAddress!)
                    }
                }
            }
        }
    }
}

extension Tensor {
    /// `accumulateGradient(_:)` when `condition` holds (the buffer to add into); otherwise
    /// `body` runs with nil, for the work that does not touch this gradient.
    fileprivate func accumulateGradientIf(_ condition: Bool, _ body: (UnsafeMutablePointer<Float>?) -> Void) {
        if condition {
            accumulateGradient { body($0.baseAddress!) }
        } else {
            body(nil)
        }
    }
}
