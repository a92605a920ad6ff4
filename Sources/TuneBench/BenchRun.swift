import Foundation

/// Runs the chosen workloads in order and, with `--reference`, the matching
/// reference script right after each of ours, so both sides see the same machine.
struct BenchRun {
    let options: BenchOptions
    let reference: ReferenceRunner?

    init(_ options: BenchOptions) throws {
        self.options = options
        if let directory = options.referenceDirectory, let python = options.pythonPath {
            reference = try ReferenceRunner(directory: directory, python: python)
        } else {
            reference = nil
        }
    }

    func run() throws -> Report {
        var report = Report()
        let quick = options.quick
        for workload in options.workloads {
            switch workload {
            case .gemm:
                let gemm = GEMMBenchmark(samples: options.runs ?? (quick ? 3 : 7))
                let sizes = gemm.sizes.map(String.init).joined(separator: ",")
                for threads in options.threadCounts {
                    try measure(&report, "gemm, \(threads) thread(s)") { try gemm.run(threads: threads) }
                    try compare(&report, "bench_gemm.py", threads: threads,
                                ["--sizes", sizes, "--samples", String(gemm.samples)])
                }
            case .mlp:
                let mlp = MLPBenchmark(runs: options.runs ?? (quick ? 3 : 7), steps: quick ? 300 : 1000)
                for threads in options.threadCounts {
                    try measure(&report, "mlp, \(threads) thread(s)") { try mlp.run(threads: threads) }
                    try compare(&report, "bench_mlp.py", threads: threads,
                                ["--runs", String(mlp.runs), "--steps", String(mlp.steps)])
                }
            case .gpt:
                let gpt = GPTBenchmark(runs: options.runs ?? (quick ? 3 : 5), steps: quick ? 20 : 50)
                for threads in options.threadCounts {
                    try measure(&report, "gpt, \(threads) thread(s)") { try gpt.run(threads: threads) }
                    try compare(&report, "bench_gpt.py", threads: threads,
                                ["--runs", String(gpt.runs), "--steps", String(gpt.steps), "--warmup", String(gpt.warmUpSteps)])
                }
            case .bert:
                let bert = BERTBenchmark(runs: options.runs ?? (quick ? 3 : 7), steps: options.runs ?? (quick ? 3 : 10))
                for threads in options.threadCounts {
                    try measure(&report, "bert inference, \(threads) thread(s)") { try bert.runInference(threads: threads) }
                    try compare(&report, "bench_bert.py", threads: threads, ["--mode", "infer", "--runs", String(bert.runs)])
                    try measure(&report, "bert training, \(threads) thread(s)") { try bert.runTraining(threads: threads) }
                    try compare(&report, "bench_bert.py", threads: threads, ["--mode", "train", "--steps", String(bert.steps)])
                }
            case .pretrain:
                for threads in options.threadCounts {
                    try measure(&report, "pretrain, \(threads) thread(s)") { try PretrainingBenchmark().run(threads: threads) }
                }
            case .startup:
                if let reason = StartupBenchmark.missingReason() {
                    report.notes.append("startup: \(reason).")
                } else {
                    let startup = StartupBenchmark(runs: options.runs ?? 20)
                    try measure(&report, "startup") { try startup.run() }
                }
                if let reference {
                    try measure(&report, "bench_startup.py") {
                        try reference.run("bench_startup.py", ["--runs", String(options.runs ?? 20)])
                    }
                }
            case .cnn:
                let cnn = CNNBenchmark(runs: options.runs ?? (quick ? 3 : 7), steps: quick ? 40 : 100)
                for threads in options.threadCounts {
                    try measure(&report, "cnn, \(threads) thread(s)") { try cnn.run(threads: threads) }
                    try compare(&report, "bench_cnn.py", threads: threads,
                                ["--runs", String(cnn.runs), "--steps", String(cnn.steps)])
                }
            case .memory:
                let memory = MemoryBenchmark()
                for threads in options.threadCounts {
                    try measure(&report, "memory, \(threads) thread(s)") { try memory.run(threads: threads) }
                }
                report.notes.append("memory: the reference scripts do not measure memory.")
            }
        }
        return report
    }

    /// Runs one guarded unit and adds its measurements, stamped with the background load.
    /// A unit that fails is reported under the table and the others still run, so a
    /// long side-by-side run is not lost to one broken script.
    private func measure(_ report: inout Report, _ name: String, _ body: () throws -> [Measurement]) throws {
        let results: [Measurement], conditions: QuietMachine.Conditions
        do {
            (results, conditions) = try options.quiet.guarded(name, body)
        } catch {
            progress("[\(name)] failed: \(error)")
            report.notes.append("\(name) failed: \(error)")
            report.failures += 1
            return
        }
        report.add(Measurement.stamped(results, conditions))
        // Keep the JSON file current, so an interrupted long run keeps what it measured.
        if let path = options.jsonPath { try report.writeJSON(to: path, arguments: options.arguments) }
    }

    /// Runs the reference `script` once per library it supports, each guarded.
    private func compare(_ report: inout Report, _ script: String, threads: Int, _ arguments: [String]) throws {
        guard let reference else { return }
        let libraries = reference.libraries(for: script)
        let takesLibrary = script == "bench_gemm.py" || script == "bench_mlp.py"
        for library in libraries {
            let fullArguments = (takesLibrary ? ["--lib", library] : []) + ["--threads", String(threads)] + arguments
            try measure(&report, "\(script) \(fullArguments.joined(separator: " "))") {
                try reference.run(script, fullArguments)
            }
        }
    }
}
