import CBLAS
import Foundation
import Synchronization

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
        // One product at a time: see `products`. Uncontended, the lock costs tens of
        // nanoseconds, nothing beside a product of even 8×8×8.
        products.withLock { _ in
            cblas_sgemm(
                CblasRowMajor,
                transposeA ? CblasTrans : CblasNoTrans,
                transposeB ? CblasTrans : CblasNoTrans,
                Int32(m), Int32(n), Int32(k),
                alpha, a, Int32(leadingA), b, Int32(leadingB),
                beta, c, Int32(leadingC))
        }
    }

    /// Multi-threaded OpenBLAS is not safe to enter from two threads at once: the
    /// second caller's job can wait forever for a worker the first caller holds, and
    /// changing the thread count (or stopping the workers) while a product runs leaves
    /// that product spinning in `exec_blas` for good. Seen as a test run that never
    /// ended: one thread spinning in `sgemm_thread_nt`, another blocked on OpenBLAS's
    /// lock. So every product and every thread-count change take this lock. (Locking
    /// only multi-threaded products would leave a window: a product that checked the
    /// count just before another thread raised it.)
    private static let products = Mutex<Void>(())

    /// How many threads OpenBLAS uses.
    public static var threadCount: Int {
        get { Int(openblas_get_num_threads()) }
        set {
            products.withLock { _ in
                _ = letIdleThreadsSleep
                openblas_set_num_threads(Int32(newValue))
            }
        }
    }

    /// Between two products, an OpenBLAS worker thread waits for the next one by
    /// spinning (calling `sched_yield` in a loop) for up to 2^28 clock cycles, about
    /// a tenth of a second. The engine's own loops (attention heads, GELU, layer
    /// norm) run on the same cores in between, so on 2 cores the spinning worker
    /// takes time from them: a profile of tiny-GPT training at 2 threads finds about
    /// a fifth of all samples in that wait. OPENBLAS_THREAD_TIMEOUT=18 (2^18 cycles,
    /// about a tenth of a millisecond) keeps the worker spinning across back-to-back
    /// products (dx then dW) and lets it sleep through the engine's own loops.
    /// Measured on tiny-GPT training at 2 threads, alternating settings: 18 and 20
    /// were fastest, then 16, 22 and 4 (sleep at once); the default 28 was slowest,
    /// 10–19 % behind 18 in three alternating pairs. OpenBLAS reads the variable when it loads, so it is set here, re-read,
    /// and the workers stopped (they start again, so set, on the next product).
    /// A value already in the environment is kept.
    ///
    /// Re-reading and stopping use two functions OpenBLAS exports but does not
    /// document (`Internals`); a build without them (a serial build has no workers
    /// to stop) keeps its own timeout and still multiplies correctly.
    private static let letIdleThreadsSleep: Void = {
        setenv("OPENBLAS_THREAD_TIMEOUT", "18", 0)
        let internals = Internals.found
        guard let readEnvironment = internals.readEnvironment,
              let shutDownThreads = internals.shutDownThreads else { return }
        readEnvironment()
        _ = shutDownThreads()
    }()

    /// OpenBLAS's undocumented functions, looked up when the program runs rather than
    /// linked, so any OpenBLAS build links: Debian's pthread build has both, other
    /// builds may have neither.
    public struct Internals: Sendable {
        /// `void openblas_read_env(void)`: re-reads the OPENBLAS_* environment variables.
        public let readEnvironment: (@convention(c) () -> Void)?
        /// `int blas_thread_shutdown_(void)`: stops the worker threads; the next
        /// multi-threaded product starts them again with the settings then in force.
        public let shutDownThreads: (@convention(c) () -> Int32)?

        /// The two functions as the loaded OpenBLAS provides them (nil where absent).
        public static let found = Internals(
            readEnvironment: lookUp("openblas_read_env", as: (@convention(c) () -> Void).self),
            shutDownThreads: lookUp("blas_thread_shutdown_", as: (@convention(c) () -> Int32).self))

        /// A C function by name among the libraries already loaded into the process
        /// (the program's own handle searches all of them), or nil when none exports it.
        public static func lookUp<Function>(_ name: String, as type: Function.Type) -> Function? {
            guard let program = dlopen(nil, RTLD_NOW), let symbol = dlsym(program, name) else {
                return nil
            }
            return unsafeBitCast(symbol, to: type)
        }
    }
}
