// The engine's one CBLAS importer is Sources/TuneEngine/Backend/BLAS.swift. This
// file is the stated exception: to measure what the engine's matmul costs on top of
// OpenBLAS, it calls cblas_sgemm directly on preallocated buffers, as the baseline.
// No other file of the benchmark imports CBLAS.
import CBLAS
import Foundation
import TuneEngine

/// Float32 square matrix products, C = A·B, in GFLOP/s (2·n³ flops each), as the
/// reference `bench_gemm.py` measures them:
///
/// - TuneLab: `Tensor.matmul` on two [n, n] tensors. The result is allocated (and
///   zero-filled) on every call, as the engine does it; that cost is part of the figure.
/// - OpenBLAS direct: `cblas_sgemm` into a preallocated C (what numpy's `out=` does).
///
/// Each sample repeats the product until it takes ≥ 0.25 s; the two are sampled
/// alternately so that a slow spell of the shared machine hits both alike.
struct GEMMBenchmark {
    var sizes = [128, 256, 512, 1024]
    var samples = 7
    static let minimumSampleSeconds = 0.25

    func run(threads: Int) throws -> [Measurement] {
        EngineThreads.set(threads)
        var results: [Measurement] = []
        for n in sizes {
            var generator = RandomGenerator(seed: 0)
            let a = Tensor.normal([n, n], using: &generator)  // [n, n]
            let b = Tensor.normal([n, n], using: &generator)  // [n, n]
            var c = [Float](repeating: 0, count: n * n)

            let engine = { () throws -> Void in _ = try a.matmul(b) }
            let direct = { () throws -> Void in
                a.values.withUnsafeBufferPointer { pa in
                    b.values.withUnsafeBufferPointer { pb in
                        c.withUnsafeMutableBufferPointer { pc in
                            cblas_sgemm(
                                CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(n), Int32(n),
                                1, pa.baseAddress, Int32(n), pb.baseAddress, Int32(n),
                                0, pc.baseAddress, Int32(n))
                        }
                    }
                }
            }
            try checkAgreement(a, b, direct: { try direct(); return c }, n: n)

            let engineRepetitions = try Self.calibrate(engine)
            let directRepetitions = try Self.calibrate(direct)
            let flops = 2 * Double(n) * Double(n) * Double(n)
            var engineRates: [Double] = [], directRates: [Double] = []
            for _ in 0..<samples {
                let engineSeconds = try Self.time(engineRepetitions, engine)
                let directSeconds = try Self.time(directRepetitions, direct)
                engineRates.append(flops * Double(engineRepetitions) / engineSeconds / 1e9)
                directRates.append(flops * Double(directRepetitions) / directSeconds / 1e9)
            }
            let workload = "GEMM fp32 n=\(n)"
            results.append(Measurement(
                key: "gemm n=\(n)", workload: workload, tool: .tuneLab, threads: threads,
                summary: Summary(engineRates), unit: "GFLOP/s", higherIsBetter: true,
                note: "Tensor.matmul, result allocated"))
            results.append(Measurement(
                key: "gemm n=\(n)", workload: workload, tool: .directBLAS, threads: threads,
                summary: Summary(directRates), unit: "GFLOP/s", higherIsBetter: true,
                note: "cblas_sgemm, preallocated"))
        }
        return results
    }

    /// The engine's product and the direct call must give the same numbers (they
    /// call the same routine); a mismatch would make the comparison meaningless.
    private func checkAgreement(_ a: Tensor, _ b: Tensor, direct: () throws -> [Float], n: Int) throws {
        let viaEngine = try a.matmul(b).values
        let viaDirect = try direct()
        let largest = zip(viaEngine, viaDirect).map { abs($0 - $1) }.max() ?? 0
        guard largest <= 1e-3 * Float(n).squareRoot() else {
            throw BenchError.invalidValue(
                option: "GEMM n=\(n) check", value: "largest difference \(largest)",
                accepts: "engine and direct OpenBLAS results that agree")
        }
    }

    /// Repetitions that make one sample take about `minimumSampleSeconds`, after a
    /// warm-up (as the reference: time one call, then warm up with up to 50).
    static func calibrate(_ body: () throws -> Void) throws -> Int {
        try body()
        let one = try max(time(1, body), 1e-7)
        let repetitions = max(1, Int(minimumSampleSeconds / one))
        for _ in 0..<min(repetitions, 50) { try body() }
        return repetitions
    }

    /// Wall seconds for `repetitions` calls.
    static func time(_ repetitions: Int, _ body: () throws -> Void) throws -> Double {
        let start = monotonicSeconds()
        for _ in 0..<repetitions { try body() }
        return monotonicSeconds() - start
    }
}
