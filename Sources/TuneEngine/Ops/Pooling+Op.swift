/// Pooling over windows of NHWC images [N, H, W, C], each channel on its own.
///
/// - Max pooling keeps each window's largest value; the gradient goes only to that
///   position (the first one on a tie, as PyTorch does). Padding never wins.
/// - Average pooling keeps each window's mean. Padding counts as zeros in the
///   divisor kH·kW (PyTorch's default, `count_include_pad=True`).
/// - Global average pooling is the mean over all positions: [N, H, W, C] → [N, C].
///
/// Images are independent, so each op splits the batch across cores.
extension Tensor {
    /// [N, H, W, C] → [N, outH, outW, C], each value the largest in its window.
    public func maxPool2d(kernelSize: Int, stride: Int? = nil, padding: Int = 0) throws -> Tensor {
        let window = try ImageWindow(
            input: shape, kernelHeight: kernelSize, kernelWidth: kernelSize, stride: stride ?? kernelSize,
            padding: padding, operation: "max pool")
        guard 2 * padding <= kernelSize else {
            throw TensorError.invalidArgument(
                operation: "max pool", reason: "padding \(padding) must be at most half the kernel size \(kernelSize)")
        }
        let perImageOut = window.outputHeight * window.outputWidth * window.channels
        let perImageIn = window.height * window.width * window.channels
        let outputCount = window.batch * perImageOut
        // For each output, the input position (within its image) that won.
        var winners = [Int32](repeating: 0, count: outputCount)  // written whole by the kernel
        let out = [Float](unsafeUninitializedCapacity: outputCount) { y, initialized in
            initialized = outputCount
            guard outputCount > 0 else { return }
            withBuffers(values, writing: &winners) { x, winners in
                Parallel.forEachChunk(window.batch, cost: perImageIn) { images in
                    for n in images {
                        maxPoolImage(window, x.baseAddress! + n * perImageIn, y.baseAddress! + n * perImageOut,
                                     winners.baseAddress! + n * perImageOut)
                    }
                }
            }
        }
        let result = Tensor(unchecked: [window.batch, window.outputHeight, window.outputWidth, window.channels], values: out)
        return result.recording("max pool", parents: [self]) { [self] g in
            withBuffers(g, winners) { g, winners in
                self.accumulateGradient { dx in
                    Parallel.forEachChunk(window.batch, cost: perImageOut) { images in
                        for n in images {
                            let target = dx.baseAddress! + n * perImageIn
                            for k in (n * perImageOut)..<((n + 1) * perImageOut) { target[Int(winners[k])] += g[k] }
                        }
                    }
                }
            }
        }
    }

    /// [N, H, W, C] → [N, outH, outW, C], each value its window's mean (padding as 0).
    public func averagePool2d(kernelSize: Int, stride: Int? = nil, padding: Int = 0) throws -> Tensor {
        let window = try ImageWindow(
            input: shape, kernelHeight: kernelSize, kernelWidth: kernelSize, stride: stride ?? kernelSize,
            padding: padding, operation: "average pool")
        let perImageOut = window.outputHeight * window.outputWidth * window.channels
        let perImageIn = window.height * window.width * window.channels
        let outputCount = window.batch * perImageOut
        let out = [Float](unsafeUninitializedCapacity: outputCount) { y, initialized in
            initialized = outputCount
            guard outputCount > 0 else { return }
            y.initialize(repeating: 0)
            values.withUnsafeBufferPointer { x in
                Parallel.forEachChunk(window.batch, cost: perImageIn) { images in
                    for n in images {
                        averagePoolImage(window, x.baseAddress! + n * perImageIn, y.baseAddress! + n * perImageOut)
                    }
                }
            }
        }
        let result = Tensor(unchecked: [window.batch, window.outputHeight, window.outputWidth, window.channels], values: out)
        return result.recording("average pool", parents: [self]) { [self] g in
            g.withUnsafeBufferPointer { g in
                self.accumulateGradient { dx in
                    Parallel.forEachChunk(window.batch, cost: perImageOut) { images in
                        for n in images {
                            averagePoolImageBackward(window, g.baseAddress! + n * perImageOut, dx.baseAddress! + n * perImageIn)
                        }
                    }
                }
            }
        }
    }

    /// [N, H, W, C] → [N, C]: each channel's mean over all positions.
    public func globalAveragePool2d() throws -> Tensor {
        guard rank == 4 else {
            throw TensorError.wrongRank(operation: "global average pool", shape: shape, expected: "4 axes [batch, height, width, channels]")
        }
        // [N, H·W, C] → mean over positions → [N, C]
        return try reshaped([shape[0], shape[1] * shape[2], shape[3]]).mean(axis: 1)
    }
}

// MARK: - Kernels (one image each)

/// Max over each window. The running maxima and their positions stay in registers
/// while the window's pixels go by and are stored once; eight channels at a time, the
/// compare is one vector compare and the update a masked select (no branch to guess).
@inline(never)
func maxPoolImage(_ w: ImageWindow, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ winners: UnsafeMutablePointer<Int32>) {
    typealias Values = SIMD8<Float>
    typealias Positions = SIMD8<Int32>
    let C = w.channels
    let lanes = Positions(0, 1, 2, 3, 4, 5, 6, 7)
    var output = 0
    for oh in 0..<w.outputHeight {
        let rows = w.kernelRows(outputRow: oh), top = oh * w.stride - w.padding
        for ow in 0..<w.outputWidth {
            let columns = w.kernelColumns(outputColumn: ow), left = ow * w.stride - w.padding
            // Start from the window's first pixel inside the image (padding never wins)...
            let first = ((top + rows.lowerBound) * w.width + left + columns.lowerBound) * C
            var c = 0
            while c + 8 <= C {
                var best = UnsafeRawPointer(x + first + c).loadUnaligned(as: Values.self)
                var winner = Positions(repeating: Int32(first + c)) &+ lanes
                // ...and keep a later value only if strictly larger: the first maximum wins.
                for i in rows {
                    for j in columns {
                        let position = ((top + i) * w.width + left + j) * C + c
                        let value = UnsafeRawPointer(x + position).loadUnaligned(as: Values.self)
                        let larger = value .> best
                        best.replace(with: value, where: larger)
                        winner.replace(with: Positions(repeating: Int32(position)) &+ lanes, where: larger)
                    }
                }
                UnsafeMutableRawPointer(y + output + c).storeBytes(of: best, as: Values.self)
                UnsafeMutableRawPointer(winners + output + c).storeBytes(of: winner, as: Positions.self)
                c += 8
            }
            // The channels left over (all of them when there are fewer than 8), one at a time.
            while c < C {
                var best = x[first + c], winner = first + c
                for i in rows {
                    for j in columns {
                        let position = ((top + i) * w.width + left + j) * C + c
                        let value = x[position]
                        if value > best { best = value; winner = position }
                    }
                }
                y[output + c] = best
                winners[output + c] = Int32(winner)
                c += 1
            }
            output += C
        }
    }
}

/// Calls `body(output, pixel)` for every window of one image and every pixel
/// inside it (padding skipped): `output` is the window's first value in the
/// output, `pixel` the pixel's first value in the input; channels follow both.
@inline(__always)
func forEachWindowPixel(_ w: ImageWindow, _ body: (_ output: Int, _ pixel: Int) -> Void) {
    var output = 0
    for oh in 0..<w.outputHeight {
        let rows = w.kernelRows(outputRow: oh), top = oh * w.stride - w.padding
        for ow in 0..<w.outputWidth {
            let columns = w.kernelColumns(outputColumn: ow), left = ow * w.stride - w.padding
            for i in rows {
                for j in columns { body(output, ((top + i) * w.width + left + j) * w.channels) }
            }
            output += w.channels
        }
    }
}

/// Sum over each window (y starts at 0) divided by kH·kW.
@inline(never)
func averagePoolImage(_ w: ImageWindow, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>) {
    let C = w.channels, scale = 1 / Float(w.kernelHeight * w.kernelWidth)
    forEachWindowPixel(w) { output, pixel in
        for c in 0..<C { y[output + c] += x[pixel + c] * scale }
    }
}

/// dx[pixel] += dy[window] / (kH·kW) for every window covering the pixel.
@inline(never)
func averagePoolImageBackward(_ w: ImageWindow, _ dy: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>) {
    let C = w.channels, scale = 1 / Float(w.kernelHeight * w.kernelWidth)
    forEachWindowPixel(w) { output, pixel in
        for c in 0..<C { dx[pixel + c] += dy[output + c] * scale }
    }
}
