/// Matrix products too small for BLAS to pay off: the [T, T] and [T, D] products
/// inside attention, one head at a time (T = 64 and D = 32 in the tiny GPT, six
/// products for each of 128 heads per layer and step).
///
/// For a product this small OpenBLAS spends about as long getting ready (packing
/// both operands into its own layout, zeroing C, taking a work buffer) as
/// multiplying: measured at about 22 GFLOP/s against 45 and more for n = 1024. This
/// kernel reads the operands where they lie instead. A is read through a row stride
/// and a column stride, so Aᵀ is just A with the strides swapped; B must have
/// contiguous rows (a transposed B is copied into `scratch` first).
///
/// The order of every sum is fixed by the code (k in order, one output at a time
/// per lane), so results repeat exactly on every run and thread count.
public enum SmallMatrix {
    typealias Vector = SIMD8<Float>

    /// sum + x·y. Where the build targets a CPU with fused multiply-add (see
    /// Package.swift), one instruction with one rounding; elsewhere a multiply and an
    /// add, since emulating the fused form in software would be far slower.
    @inline(__always)
    static func multiplyAdd(_ sum: Vector, _ x: Vector, _ y: Vector) -> Vector {
        #if TUNELAB_FUSED_MULTIPLY_ADD || arch(arm64)
        return sum.addingProduct(x, y)
        #else
        return sum + x * y
        #endif
    }

    @inline(__always)
    static func load(_ p: UnsafePointer<Float>) -> Vector {
        UnsafeRawPointer(p).loadUnaligned(as: Vector.self)
    }

    /// C[m×n] = alpha · A[m×k] · B[k×n] + beta · C.
    ///
    /// A[i, p] is at `a + i·rowStrideA + p·columnStrideA`; B[p, j] at `b + p·leadingB + j`;
    /// C[i, j] at `c + i·leadingC + j`. With beta 0, C is only written, never read.
    public static func multiply(
        m: Int, n: Int, k: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, rowStrideA: Int, columnStrideA: Int,
        b: UnsafePointer<Float>, leadingB: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, leadingC: Int
    ) {
        let operands = Operands(
            k: k, alpha: alpha, a: a, rowStrideA: rowStrideA, columnStrideA: columnStrideA,
            b: b, leadingB: leadingB, beta: beta, c: c, leadingC: leadingC)
        var j = 0
        // Tiles of 4 rows × 16 columns: eight vector sums stay in registers while
        // k runs, and each step loads 2 vectors of B and 4 numbers of A for 8
        // multiply-adds.
        while j + 16 <= n {
            var i = 0
            while i + 4 <= m { operands.tile4x16(row: i, column: j); i += 4 }
            while i < m { operands.row(i, column: j, width: 16); i += 1 }
            j += 16
        }
        if j + 8 <= n {
            for i in 0..<m { operands.row(i, column: j, width: 8) }
            j += 8
        }
        // The last n mod 8 columns. When C is only written (beta 0) and n ≥ 8, one more
        // 8-wide block ending at column n covers them: the columns it shares with the
        // block before are computed again by the same operations in the same order, so
        // they are written with the values they already hold. (With beta ≠ 0 the
        // second pass would scale C twice.) Otherwise, one number at a time.
        if j < n, beta == 0, n >= 8 {
            for i in 0..<m { operands.row(i, column: n - 8, width: 8) }
        } else if j < n {
            for i in 0..<m {
                for column in j..<n { operands.single(row: i, column: column) }
            }
        }
    }

    /// C[m×n] = A[m×k] · B[n×k]ᵀ: every C[i, j] is the dot product of row i of A and
    /// row j of B, both contiguous (row strides `leadingA`, `leadingB`). C is only written.
    ///
    /// This is the shape of a weight gradient, dW = dY · Xᵀ, when both dY and X keep
    /// one output channel or one input row per line: long rows (k in the hundreds),
    /// few of them. Four rows of B share each vector of A, so a step loads 5 vectors
    /// for 4 multiply-adds; the lanes are summed in a fixed order, then the k mod 8 tail.
    public static func multiplyByTransposed(
        m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, leadingA: Int, b: UnsafePointer<Float>, leadingB: Int,
        c: UnsafeMutablePointer<Float>, leadingC: Int
    ) {
        let width = Vector.scalarCount, vectorEnd = k - k % width
        for i in 0..<m {
            let aRow = a + i * leadingA, cRow = c + i * leadingC
            var j = 0
            while j + 4 <= n {
                let b0 = b + j * leadingB, b1 = b0 + leadingB, b2 = b1 + leadingB, b3 = b2 + leadingB
                var (s0, s1, s2, s3) = (Vector(), Vector(), Vector(), Vector())
                var p = 0
                while p < vectorEnd {
                    let x = load(aRow + p)
                    s0 = multiplyAdd(s0, x, load(b0 + p)); s1 = multiplyAdd(s1, x, load(b1 + p))
                    s2 = multiplyAdd(s2, x, load(b2 + p)); s3 = multiplyAdd(s3, x, load(b3 + p))
                    p += width
                }
                var (t0, t1, t2, t3) = (s0.sum(), s1.sum(), s2.sum(), s3.sum())
                while p < k {
                    let x = aRow[p]
                    t0 += x * b0[p]; t1 += x * b1[p]; t2 += x * b2[p]; t3 += x * b3[p]
                    p += 1
                }
                (cRow[j], cRow[j + 1], cRow[j + 2], cRow[j + 3]) = (t0, t1, t2, t3)
                j += 4
            }
            while j < n {
                let bRow = b + j * leadingB
                var s = Vector()
                var p = 0
                while p < vectorEnd { s = multiplyAdd(s, load(aRow + p), load(bRow + p)); p += width }
                var t = s.sum()
                while p < k { t += aRow[p] * bRow[p]; p += 1 }
                cRow[j] = t
                j += 1
            }
        }
    }

    /// Copies X [rows × columns] (row stride `leadingX`) into `into` as Xᵀ [columns × rows].
    public static func transpose(
        _ x: UnsafePointer<Float>, rows: Int, columns: Int, leadingX: Int, into: UnsafeMutablePointer<Float>
    ) {
        for r in 0..<rows {
            for col in 0..<columns { into[col * rows + r] = x[r * leadingX + col] }
        }
    }

    /// One product's pointers and strides, shared by the tile routines.
    struct Operands {
        let k: Int, alpha: Float
        let a: UnsafePointer<Float>, rowStrideA: Int, columnStrideA: Int
        let b: UnsafePointer<Float>, leadingB: Int
        let beta: Float, c: UnsafeMutablePointer<Float>, leadingC: Int

        /// Writes alpha · sum (+ beta · C) at `target`.
        @inline(__always)
        func store(_ sum: Vector, _ target: UnsafeMutablePointer<Float>) {
            var value = sum * alpha
            if beta != 0 { value += SmallMatrix.load(target) * beta }
            UnsafeMutableRawPointer(target).storeBytes(of: value, as: Vector.self)
        }

        /// C[i..<i+4, j..<j+16].
        @inline(__always)
        func tile4x16(row i: Int, column j: Int) {
            var (s00, s01, s10, s11) = (Vector(), Vector(), Vector(), Vector())
            var (s20, s21, s30, s31) = (Vector(), Vector(), Vector(), Vector())
            let a0 = a + i * rowStrideA, a1 = a0 + rowStrideA, a2 = a1 + rowStrideA, a3 = a2 + rowStrideA
            var bRow = b + j
            for p in 0..<k {
                let b0 = SmallMatrix.load(bRow), b1 = SmallMatrix.load(bRow + 8)
                let offset = p * columnStrideA
                let x0 = Vector(repeating: a0[offset]), x1 = Vector(repeating: a1[offset])
                let x2 = Vector(repeating: a2[offset]), x3 = Vector(repeating: a3[offset])
                s00 = SmallMatrix.multiplyAdd(s00, x0, b0); s01 = SmallMatrix.multiplyAdd(s01, x0, b1)
                s10 = SmallMatrix.multiplyAdd(s10, x1, b0); s11 = SmallMatrix.multiplyAdd(s11, x1, b1)
                s20 = SmallMatrix.multiplyAdd(s20, x2, b0); s21 = SmallMatrix.multiplyAdd(s21, x2, b1)
                s30 = SmallMatrix.multiplyAdd(s30, x3, b0); s31 = SmallMatrix.multiplyAdd(s31, x3, b1)
                bRow += leadingB
            }
            let c0 = c + i * leadingC + j, c1 = c0 + leadingC, c2 = c1 + leadingC, c3 = c2 + leadingC
            store(s00, c0); store(s01, c0 + 8)
            store(s10, c1); store(s11, c1 + 8)
            store(s20, c2); store(s21, c2 + 8)
            store(s30, c3); store(s31, c3 + 8)
        }

        /// C[i, j..<j+width] for width 8 or 16.
        @inline(__always)
        func row(_ i: Int, column j: Int, width: Int) {
            var (s0, s1) = (Vector(), Vector())
            let aRow = a + i * rowStrideA
            var bRow = b + j
            for p in 0..<k {
                let x = Vector(repeating: aRow[p * columnStrideA])
                s0 = SmallMatrix.multiplyAdd(s0, x, SmallMatrix.load(bRow))
                if width == 16 { s1 = SmallMatrix.multiplyAdd(s1, x, SmallMatrix.load(bRow + 8)) }
                bRow += leadingB
            }
            let target = c + i * leadingC + j
            store(s0, target)
            if width == 16 { store(s1, target + 8) }
        }

        /// C[i, j] alone.
        @inline(__always)
        func single(row i: Int, column j: Int) {
            var sum: Float = 0
            for p in 0..<k { sum += a[i * rowStrideA + p * columnStrideA] * b[p * leadingB + j] }
            let target = c + i * leadingC + j
            target.pointee = alpha * sum + (beta != 0 ? beta * target.pointee : 0)
        }
    }
}
