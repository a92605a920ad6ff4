import Testing
import TuneEngine

/// `SmallMatrix.multiply` against the definition, C = alpha·A·B + beta·C summed in
/// Double, over shapes that reach every path of the kernel: 4 × 16 tiles, leftover
/// rows, an 8-wide column block, and the last n mod 8 columns (one more overlapping
/// 8-wide block when beta is 0, one by one otherwise).
@Suite struct SmallMatrixTests {
    /// A, B and C with row strides wider than the matrices (as attention's heads are),
    /// A read either as stored or transposed through its strides.
    func check(m: Int, n: Int, k: Int, transposedA: Bool, alpha: Float, beta: Float) {
        var generator = RandomGenerator(seed: UInt64(m * 10_007 + n * 101 + k))
        let padding = 3
        let aRows = transposedA ? k : m, aColumns = transposedA ? m : k
        let leadingA = aColumns + padding, leadingB = n + padding, leadingC = n + padding
        let a = Tensor.normal([max(aRows * leadingA, 1)], using: &generator).values
        let b = Tensor.normal([max(k * leadingB, 1)], using: &generator).values
        let start = Tensor.normal([max(m * leadingC, 1)], using: &generator).values
        var c = start

        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    SmallMatrix.multiply(
                        m: m, n: n, k: k, alpha: alpha,
                        a: a.baseAddress!, rowStrideA: transposedA ? 1 : leadingA,
                        columnStrideA: transposedA ? leadingA : 1,
                        b: b.baseAddress!, leadingB: leadingB,
                        beta: beta, c: c.baseAddress!, leadingC: leadingC)
                }
            }
        }

        var largest = 0.0
        for i in 0..<m {
            for j in 0..<n {
                var sum = 0.0
                for p in 0..<k {
                    let aValue = transposedA ? a[p * leadingA + i] : a[i * leadingA + p]
                    sum += Double(aValue) * Double(b[p * leadingB + j])
                }
                let expected = Double(alpha) * sum + Double(beta) * Double(start[i * leadingC + j])
                largest = max(largest, abs(expected - Double(c[i * leadingC + j])))
            }
            // The padding after each row of C is never touched.
            for j in n..<leadingC where i * leadingC + j < c.count {
                #expect(c[i * leadingC + j] == start[i * leadingC + j], "m \(m) n \(n): padding changed")
            }
        }
        #expect(largest < 1e-4 * Double(max(k, 1)), "m \(m) n \(n) k \(k) transposedA \(transposedA) beta \(beta): \(largest)")
    }

    /// C = A·Bᵀ (rows of A dotted with rows of B) against the definition in Double, over
    /// groups of 4 rows of B and the rest, and k below, at and past multiples of 8.
    @Test(arguments: [1, 3, 6, 16])
    func multiplyByTransposedAgreesWithTheDefinition(m: Int) {
        for n in [1, 3, 4, 5, 9, 25] {
            for k in [1, 7, 8, 9, 100, 784] {
                var generator = RandomGenerator(seed: UInt64(m * 7_919 + n * 31 + k))
                let padding = 2
                let (leadingA, leadingB, leadingC) = (k + padding, k + padding, n + padding)
                let a = Tensor.normal([m * leadingA], using: &generator).values
                let b = Tensor.normal([n * leadingB], using: &generator).values
                let start = Tensor.normal([m * leadingC], using: &generator).values
                var c = start
                a.withUnsafeBufferPointer { a in
                    b.withUnsafeBufferPointer { b in
                        c.withUnsafeMutableBufferPointer { c in
                            SmallMatrix.multiplyByTransposed(
                                m: m, n: n, k: k, a: a.baseAddress!, leadingA: leadingA, b: b.baseAddress!, leadingB: leadingB,
                                c: c.baseAddress!, leadingC: leadingC)
                        }
                    }
                }
                var largest = 0.0
                for i in 0..<m {
                    for j in 0..<n {
                        var sum = 0.0
                        for p in 0..<k { sum += Double(a[i * leadingA + p]) * Double(b[j * leadingB + p]) }
                        largest = max(largest, abs(sum - Double(c[i * leadingC + j])))
                    }
                    for j in n..<leadingC {
                        #expect(c[i * leadingC + j] == start[i * leadingC + j], "m \(m) n \(n) k \(k): padding changed")
                    }
                }
                #expect(largest < 1e-5 * Double(k), "m \(m) n \(n) k \(k): \(largest)")
            }
        }
    }

    @Test(arguments: [1, 3, 4, 6, 17, 64])
    func agreesWithTheDefinition(m: Int) {
        for n in [1, 7, 8, 9, 16, 23, 40, 64] {
            for k in [1, 5, 32] {
                check(m: m, n: n, k: k, transposedA: false, alpha: 1, beta: 0)
                check(m: m, n: n, k: k, transposedA: true, alpha: 0.25, beta: 1)
            }
        }
    }

    /// With beta 0, C is written without being read: a NaN already there must not
    /// leak into the result (attention writes into uninitialized buffers).
    @Test func betaZeroIgnoresWhatCHeld() {
        let m = 5, n = 19, k = 4
        let a = [Float](repeating: 1, count: m * k), b = [Float](repeating: 2, count: k * n)
        var c = [Float](repeating: .nan, count: m * n)
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    SmallMatrix.multiply(
                        m: m, n: n, k: k, a: a.baseAddress!, rowStrideA: k, columnStrideA: 1,
                        b: b.baseAddress!, leadingB: n, c: c.baseAddress!, leadingC: n)
                }
            }
        }
        #expect(c.allSatisfy { $0 == 8 })
    }

    @Test func transposeCopiesEveryElement() {
        let rows = 5, columns = 3, leading = 4
        let x = (0..<(rows * leading)).map(Float.init)
        var out = [Float](repeating: -1, count: rows * columns)
        x.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { out in
                SmallMatrix.transpose(x.baseAddress!, rows: rows, columns: columns, leadingX: leading, into: out.baseAddress!)
            }
        }
        for r in 0..<rows {
            for c in 0..<columns { #expect(out[c * rows + r] == x[r * leading + c]) }
        }
    }
}
