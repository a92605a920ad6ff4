/// y = x·Wᵀ + b as one op: the bias is written into the output first and the
/// GEMM adds onto it (beta = 1), so no [N, out] temporary is made for the sum.
/// Backward: dx = dy·W, dW = dyᵀ·x, db = column sums of dy.
extension Tensor {
    /// x [..., in], weight [out, in], bias [out] → [..., out].
    public func linear(weight: Tensor, bias: Tensor?) throws -> Tensor {
        guard weight.rank == 2, let inputSize = shape.last, inputSize == weight.shape[1] else {
            throw TensorError.shapeMismatch(operation: "linear\(weight.label.map { " (\($0))" } ?? "")", left: shape, right: weight.shape, reason: "the input's last axis must equal the weight's second axis")
        }
        let outputSize = weight.shape[0]
        if let bias, bias.shape != [outputSize] {
            throw TensorError.shapeMismatch(operation: "linear bias", left: bias.shape, right: weight.shape, reason: "bias must be [\(outputSize)]")
        }
        let rows = count / Swift.max(inputSize, 1)
        let out = [Float](unsafeUninitializedCapacity: rows * outputSize) { y, initialized in
            initialized = rows * outputSize
            guard rows > 0 && outputSize > 0 else { return }
            // Each row of y starts as the bias (or zero without one)...
            if let bias {
                bias.values.withUnsafeBufferPointer { b in
                    Parallel.forEachChunk(rows, cost: outputSize) { chunk in
                        for r in chunk { (y.baseAddress! + r * outputSize).update(from: b.baseAddress!, count: outputSize) }
                    }
                }
            } else if inputSize == 0 {
                y.initialize(repeating: 0)
            }
            guard inputSize > 0 else { return }
            // ...and the GEMM adds x·Wᵀ onto it (beta 1), or writes it (beta 0) without one.
            withBuffers(values, weight.values) { x, w in
                BLAS.multiply(
                    transposeA: false, transposeB: true, m: rows, n: outputSize, k: inputSize,
                    a: x.baseAddress!, leadingA: inputSize, b: w.baseAddress!, leadingB: inputSize,
                    beta: bias == nil ? 0 : 1, c: y.baseAddress!, leadingC: outputSize)
            }
        }
        let result = Tensor(unchecked: Array(shape.dropLast()) + [outputSize], values: out)
        let parents = bias.map { [self, weight, $0] } ?? [self, weight]
        return result.recording("linear", parents: parents) { [self] g in
            guard rows > 0 && outputSize > 0 && inputSize > 0 else { return }
            g.withUnsafeBufferPointer { dy in
                if self.requiresGradient {
                    // dx [rows, in] += dy [rows, out] · W [out, in]  (written, not added, if dx is new)
                    weight.values.withUnsafeBufferPointer { w in
                        self.accumulateGradient(overwritingIfFresh: { dx, isFresh in
                            BLAS.multiply(
                                transposeA: false, transposeB: false, m: rows, n: inputSize, k: outputSize,
                                a: dy.baseAddress!, leadingA: outputSize, b: w.baseAddress!, leadingB: inputSize,
                                beta: isFresh ? 0 : 1, c: dx.baseAddress!, leadingC: inputSize)
                        })
                    }
                }
                if weight.requiresGradient {
                    // dW [out, in] += dyᵀ [out, rows] · x [rows, in]
                    self.values.withUnsafeBufferPointer { x in
                        weight.accumulateGradient(overwritingIfFresh: { dW, isFresh in
                            BLAS.multiply(
                                transposeA: true, transposeB: false, m: outputSize, n: inputSize, k: rows,
                                a: dy.baseAddress!, leadingA: outputSize, b: x.baseAddress!, leadingB: inputSize,
                                beta: isFresh ? 0 : 1, c: dW.baseAddress!, leadingC: inputSize)
                        })
                    }
                }
                if let bias, bias.requiresGradient {
                    // db [out] += column sums of dy [rows, out]
                    bias.accumulateGradient { db in
                        VectorKernels.addColumnSums(of: dy.baseAddress!, rows: rows, columns: outputSize, into: db.baseAddress!)
                    }
                }
            }
        }
    }
}
