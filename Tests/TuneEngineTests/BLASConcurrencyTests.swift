import Foundation
import Testing
import TuneEngine

/// Products from several threads at once, while another thread changes OpenBLAS's thread
/// count: every product is right and the run ends. Before `BLAS.multiply` took one lock,
/// this pattern (parallel tests, one of them setting `threads=`) left a product spinning
/// inside OpenBLAS for good and the test run never finished.
@Suite struct BLASConcurrencyTests {
    @Test(.timeLimit(.minutes(1)))
    func concurrentProductsWhileTheThreadCountChanges() async {
        let before = BLAS.threadCount
        defer { BLAS.threadCount = before }
        // A [n, n] of small integers times the identity is itself, exactly in Float.
        let n = 96
        let a = (0..<(n * n)).map { Float($0 % 7) }
        let identity = (0..<(n * n)).map { $0 / n == $0 % n ? Float(1) : 0 }
        let expected = a
        let wrong = await withTaskGroup(of: Int.self) { group in
            group.addTask {
                for round in 0..<200 { BLAS.threadCount = round % 2 == 0 ? 2 : 1 }
                return 0
            }
            for _ in 0..<3 {
                group.addTask {
                    var mistakes = 0
                    var c = [Float](repeating: 0, count: n * n)
                    for _ in 0..<200 {
                        c.withUnsafeMutableBufferPointer { out in
                            BLAS.multiply(transposeA: false, transposeB: false, m: n, n: n, k: n,
                                          a: a, leadingA: n, b: identity, leadingB: n,
                                          c: out.baseAddress!, leadingC: n)
                        }
                        if c != expected { mistakes += 1 }
                    }
                    return mistakes
                }
            }
            return await group.reduce(0, +)
        }
        #expect(wrong == 0)
    }
}
