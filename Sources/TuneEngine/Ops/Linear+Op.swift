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
        var out = [Float](unsafeUninitializedCapacity: rows * outputSize) { buffer, initialized in
            if let bias {
                for r in 0..<rows { for j in 0..<outputSize { buffer[r * outputSize + j] = bias.values[j] } }
            } else {
                buffer.initialize(repeating: 0)
            }
            initialized = rows * outputSize
        }
        if rows > 0 && outputSize > 0 && inputSize > 0 {
            values.withUnsafeBufferPointer { x in
                weight.values.withUnsafeBufferPointer { w in
                    out.withUnsafeMutableBufferPointer { y in
                        BLAS.multiply(
                            transposeA: false, transposeB: true, m: rows, n: outputSize, k: inputSize,
                            a: x.baseAddress!, leadingA: inputSize, b: w.baseAddress!, leadingB: inputSize,
                            beta: 1, c: y.baseAddress!, leadingC: outputSize)
                    }
                }
            }
        }
        let result = Tensor(unchecked: Array(shape.dropLast()) + [outputSize], values: out)
        let parents = bias.map { [self, weight, $0] } ?? [self, weight]
        return result.recording("linear", parents: parents) { [self] g in
            guard rows > 0 && outputSize > 0 && inputSize > 0 else { return }
            g.withUnsafeBufferPointer { dy in
                if self.requiresGradient {
                    // dx [rows, in] += dy [rows, out] · W [out, in]
                    weight.values.withUnsafeBufferPointer { w in
                        self.accumulateGradient { dx in
                            BLAS.multiply(
                                transposeA: false, transposeB: false, m: rows, n: inputSize, k: outputSize,
                                a: dy.baseAddress!, leadingA: outputSize, b: w.baseAddress!, leadingB: inputSize,
                                beta: 1, c: dx.baseAddress!, leadingC: inputSize)
                        }
                    }
                }
                if weight.requiresGradient {
                    // dW [out, in] += dyᵀ [out, rows] · x [rows, in]
                    self.values.withUnsafeBufferPointer { x in
                        weight.accumulateGradient { dW in
                            BLAS.multiply(
                                transposeA: true, transposeB: false, m: outputSize, n: inputSize, k: rows,
                                a: dy.baseAddress!, leadingA: outputSize, b: x.baseAddress!, leadingB: inputSize,
                                beta: 1, c: dW.baseAddress!, leadingC: inputSize)
                        }
                    }
                }
                if let bias, bias.requiresGradient {
                    bias.accumulateGradient { db in
                        for r in 0..<rows { for j in 0..<outputSize { db[j] += dy[r * outputSize + j] } }
                    }
                }
            }
        }
    }
}
