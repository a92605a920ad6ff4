import Testing
import TuneEngine

/// OpenBLAS's undocumented functions are looked up by name when the program runs, so
/// the engine links against any OpenBLAS build and multiplies correctly with or without them.
@Suite struct BLASInternalsTests {
    @Test func lookUpFindsLinkedFunctionsAndNotMissingOnes() {
        // cblas_sgemm is linked into every build, so the program's handle must find it.
        #expect(BLAS.Internals.lookUp("cblas_sgemm", as: UnsafeRawPointer.self) != nil)
        #expect(BLAS.Internals.lookUp("tunelab_no_such_function", as: UnsafeRawPointer.self) == nil)
    }

    @Test func internalsAgreeWithTheLoadedLibrary() {
        // Whatever this build of OpenBLAS has, `found` reports exactly that.
        let found = BLAS.Internals.found
        #expect((found.readEnvironment != nil)
            == (BLAS.Internals.lookUp("openblas_read_env", as: UnsafeRawPointer.self) != nil))
        #expect((found.shutDownThreads != nil)
            == (BLAS.Internals.lookUp("blas_thread_shutdown_", as: UnsafeRawPointer.self) != nil))
    }

    @Test func productsStayCorrectAfterThreadsAreSet() {
        // Setting threads runs the one-time tuning (re-read, stop workers) when the
        // internals exist and skips it when not; products are right either way.
        let before = BLAS.threadCount
        defer { BLAS.threadCount = before }
        for threads in [1, 2] {
            BLAS.threadCount = threads
            // [2, 3] · [3, 2]
            let a: [Float] = [1, 2, 3, 4, 5, 6]
            let b: [Float] = [7, 8, 9, 10, 11, 12]
            var c = [Float](repeating: -1, count: 4)
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    c.withUnsafeMutableBufferPointer { c in
                        BLAS.multiply(
                            transposeA: false, transposeB: false, m: 2, n: 2, k: 3,
                            a: a.baseAddress!, leadingA: 3, b: b.baseAddress!, leadingB: 2,
                            c: c.baseAddress!, leadingC: 2)
                    }
                }
            }
            #expect(c == [58, 64, 139, 154])
        }
    }
}
