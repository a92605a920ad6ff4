/// Matrix products through OpenBLAS, and a plain-Swift reference for tests.
///
/// For C = A·B: dA = dC·Bᵀ and dB = Aᵀ·dC. BLAS transposes on the fly, so no
/// transposed copies are made in either direction.
extension Tensor {
    /// A·B over the last two axes.
    ///
    /// - `self` [..., M, K] with `other` [K, N] (or [N, K] when `transposingOther`):
    ///   the leading axes fold into M, one GEMM in all (a Linear layer's case).
    /// - `self` [B..., M, K] with `other` [B..., K, N]: one GEMM per batch entry.
    public func matmul(_ other: Tensor, transposingOther: Bool = false) throws -> Tensor {
        guard rank >= 1, other.rank >= 2 else {
            throw TensorError.wrongRank(operation: "matmul", shape: rank < 1 ? shape : other.shape, expected: "rank ≥ 2 on the right, ≥ 1 on the left")
        }
        let k = shape.last!
        let otherK = transposingOther ? other.shape[other.rank - 1] : other.shape[other.rank - 2]
        let n = transposingOther ? other.shape[other.rank - 2] : other.shape[other.rank - 1]
        guard k == otherK else {
            throw TensorError.shapeMismatch(
                operation: "matmul", left: shape, right: other.shape,
                reason: "inner sizes \(k) and \(otherK) differ\(transposingOther ? " (right side transposed)" : "")")
        }
        let batchShape = Array(other.shape.dropLast(2))
        let batches = batchShape.reduce(1, *)
        if other.rank > 2 {
            guard rank == other.rank, Array(shape.dropLast(2)) == batchShape else {
                throw TensorError.shapeMismatch(operation: "batched matmul", left: shape, right: other.shape, reason: "batch axes must be equal")
            }
        }
        let m = count / Swift.max(k, 1) / batches
        let outShape = Array(shape.dropLast()) + [n]
        // Every block is written by its GEMM (beta 0) unless the inner size is 0,
        // when the product is all zeros.
        var out = k > 0
            ? [Float](unsafeUninitializedCapacity: m * n * batches) { $1 = $0.count }
            : [Float](repeating: 0, count: m * n * batches)
        let transposeB = transposingOther
        let leadingB = transposeB ? k : n
        withBuffers(values, other.values, writing: &out) { a, b, c in
            for batch in 0..<batches where m > 0 && n > 0 && k > 0 {
                BLAS.multiply(
                    transposeA: false, transposeB: transposeB, m: m, n: n, k: k,
                    a: a.baseAddress! + batch * m * k, leadingA: k,
                    b: b.baseAddress! + batch * k * n, leadingB: leadingB,
                    c: c.baseAddress! + batch * m * n, leadingC: n)
            }
        }
        let result = Tensor(unchecked: outShape, values: out)
        return result.recording("matmul", parents: [self, other]) { [self] g in
            g.withUnsafeBufferPointer { dC in
                if self.requiresGradient {
                    // dA [M, K] = dC [M, N] · Bᵀ  (B is [K, N], or [N, K] if transposed)
                    other.values.withUnsafeBufferPointer { b in
                        self.accumulateGradient(overwritingIfFresh: { dA, isFresh in
                            if isFresh && n == 0 { dA.initialize(repeating: 0) }  // no GEMM below writes it
                            for batch in 0..<batches where m > 0 && n > 0 && k > 0 {
                                BLAS.multiply(
                                    transposeA: false, transposeB: !transposeB, m: m, n: k, k: n,
                                    a: dC.baseAddress! + batch * m * n, leadingA: n,
                                    b: b.baseAddress! + batch * k * n, leadingB: leadingB,
                                    beta: isFresh ? 0 : 1, c: dA.baseAddress! + batch * m * k, leadingC: k)
                            }
                        })
                    }
                }
                if other.requiresGradient {
                    self.values.withUnsafeBufferPointer { a in
                        other.accumulateGradient { dB in
                            for batch in 0..<batches where m > 0 && n > 0 && k > 0 {
                                if transposeB {
                                    // dB [N, K] = dCᵀ [N, M] · A [M, K]
                                    BLAS.multiply(
                                        transposeA: true, transposeB: false, m: n, n: k, k: m,
                                        a: dC.baseAddress! + batch * m * n, leadingA: n,
                                        b: a.baseAddress! + batch * m * k, leadingB: k,
                                        beta: 1, c: dB.baseAddress! + batch * k * n, leadingC: k)
                                } else {
                                    // dB [K, N] = Aᵀ [K, M] · dC [M, N]
                                    BLAS.multiply(
                                        transposeA: true, transposeB: false, m: k, n: n, k: m,
                                        a: a.baseAddress! + batch * m * k, leadingA: k,
                                        b: dC.baseAddress! + batch * m * n, leadingB: n,
                                        beta: 1, c: dB.baseAddress! + batch * k * n, leadingC: n)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The textbook triple loop, A [M, K] · B [K, N], in Double. Slow and obviously
    /// right: tests compare the BLAS path against it.
    public static func referenceMatmul(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        guard a.rank == 2, b.rank == 2, a.shape[1] == b.shape[0] else {
            throw TensorError.shapeMismatch(operation: "referenceMatmul", left: a.shape, right: b.shape, reason: "needs [M, K] and [K, N]")
        }
        let (m, k, n) = (a.shape[0], a.shape[1], b.shape[1])
        var out = [Float](repeating: 0, count: m * n)
        for i in 0..<m {
            for j in 0..<n {
                var total = 0.0
                for p in 0..<k { total += Double(a.values[i * k + p]) * Double(b.values[p * n + j]) }
                out[i * n + j] = Float(total)
            }
        }
        return Tensor(unchecked: [m, n], values: out)
    }
}
