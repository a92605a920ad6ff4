import CBLAS

/// The only file that calls OpenBLAS. Everything else multiplies matrices through
/// `BLAS.multiply`, so the backend can be read, measured and swapped in one place.
public enum BLAS {
    /// C[m×n] = alpha · op(A) · op(B) + beta · C, row-major, where op(X) is X or Xᵀ.
    ///
    /// `leadingA/B/C` are the row strides in elements; they let the caller multiply
    /// column blocks of a wider matrix (one attention head inside [T, C]) in place.
    @inline(__always)
    public static func multiply(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, leadingA: Int,
        b: UnsafePointer<Float>, leadingB: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, leadingC: Int
    ) {
        cblas_sgemm(
            CblasRowMajor,
            transposeA ? CblasTrans : CblasNoTrans,
            transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k),
            alpha, a, Int32(leadingA), b, Int32(leadingB),
            beta, c, Int32(leadingC))
    }

    /// How many threads OpenBLAS uses.
    public static var threadCount: Int {
        get { Int(openblas_get_num_threads()) }
        set { openblas_set_num_threads(Int32(newValue)) }
    }
}
