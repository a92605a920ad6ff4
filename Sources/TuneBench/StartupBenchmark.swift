import Foundation

/// Start-up wall time of the `tunelab` executable built next to this one:
///
/// - `tunelab --version`: load the program and its libraries, print, exit.
/// - `tunelab` with standard input closed: start the lab, reach the first prompt,
///   read end-of-file there and exit. That is the wait a learner sees before they
///   can type.
///
/// One warm-up spawn per command (the file cache is then warm, as in the reference
/// `bench_startup.py`), then `runs` timed spawns; the figure is seconds per spawn.
/// OpenBLAS is given 2 threads in the child, so its thread-pool set-up matches the
/// other benchmarks.
struct StartupBenchmark {
    var runs = 20

    /// Nil (with the reason) when there is no `tunelab` to start.
    static func missingReason() -> String? {
        ChildProcess.sibling("tunelab") == nil
            ? "no tunelab executable beside \(ChildProcess.ownExecutable.path); build it (swift build -c release --product tunelab) to measure start-up"
            : nil
    }

    func run() throws -> [Measurement] {
        guard let tunelab = ChildProcess.sibling("tunelab") else { return [] }
        var environment = ProcessInfo.processInfo.environment
        environment["OPENBLAS_NUM_THREADS"] = "2"
        let cases: [(key: String, workload: String, arguments: [String])] = [
            ("startup version", "process start: tunelab --version", ["--version"]),
            ("startup prompt", "process start: tunelab to first prompt (stdin closed)", []),
        ]
        var results: [Measurement] = []
        for item in cases {
            try ChildProcess.run(tunelab, item.arguments, environment: environment, capturesOutput: false)
            var times: [Double] = []
            for _ in 0..<runs {
                let start = monotonicSeconds()
                try ChildProcess.run(tunelab, item.arguments, environment: environment, capturesOutput: false)
                times.append(monotonicSeconds() - start)
            }
            results.append(Measurement(
                key: item.key, workload: item.workload, tool: .tuneLab, threads: 2,
                summary: Summary(times), unit: "s (wall)", higherIsBetter: false))
        }
        return results
    }
}
