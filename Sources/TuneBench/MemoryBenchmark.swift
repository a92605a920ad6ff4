import Foundation
import TuneEngine

/// Peak resident memory while training, each figure from a fresh process so that
/// one workload's peak cannot hide inside another's.
///
/// The parent starts this executable again with the hidden subcommand
/// `_memory-child <workload> <threads>`; the child trains for a dozen steps (so
/// optimizer state and every buffer exist), then prints its high-water
/// mark of resident memory (VmHWM from /proc/self/status, which the kernel keeps
/// for the life of the process) on a line `PEAK_RSS_KB <n>`.
struct MemoryBenchmark {
    /// The hidden subcommand's name.
    static let childCommand = "_memory-child"

    /// Workloads measured in a child, with their targets in megabytes.
    enum ChildWorkload: String {
        case gpt, bert

        var label: String {
            switch self {
            case .gpt: return "peak RSS, tiny GPT training (b32 × 64, AdamW)"
            case .bert: return "peak RSS, MiniLM-shape fine-tuning (b16 × 32, AdamW)"
            }
        }
        var targetMegabytes: Double {
            switch self {
            case .gpt: return 300
            case .bert: return 1500
            }
        }
    }

    func run(threads: Int) throws -> [Measurement] {
        var results: [Measurement] = []
        for workload in [ChildWorkload.gpt, .bert] {
            let output = try ChildProcess.run(
                ChildProcess.ownExecutable, [Self.childCommand, workload.rawValue, String(threads)])
            guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix("PEAK_RSS_KB ") }),
                  let kilobytes = Double(line.dropFirst("PEAK_RSS_KB ".count)) else {
                throw BenchError.childFailed(
                    command: "\(Self.childCommand) \(workload.rawValue)", status: 0,
                    output: "no PEAK_RSS_KB line in its output:\n\(output)")
            }
            let megabytes = kilobytes / 1024
            let target = workload.targetMegabytes
            results.append(Measurement(
                key: "memory \(workload.rawValue)", workload: workload.label, tool: .tuneLab, threads: threads,
                summary: Summary([megabytes]), unit: "MB", higherIsBetter: false,
                note: "target < \(Int(target)) MB: \(megabytes < target ? "met" : "NOT met")"))
        }
        return results
    }

    // MARK: - The child's side

    /// Runs inside the child: trains, then prints the peak. `arguments` are what
    /// follows the subcommand: the workload and the thread count.
    static func childMain(_ arguments: [String]) throws {
        guard let name = arguments.first, let workload = ChildWorkload(rawValue: name) else {
            throw BenchError.invalidValue(option: childCommand, value: arguments.first ?? "", accepts: "gpt or bert")
        }
        guard arguments.count >= 2, let threads = Int(arguments[1]), threads >= 1 else {
            throw BenchError.invalidValue(option: "\(childCommand) \(name)", value: arguments.dropFirst().first ?? "", accepts: "a thread count ≥ 1")
        }
        EngineThreads.set(threads)
        switch workload {
        case .gpt:
            let trainer = try GPTBenchmark.Trainer()
            // The peak is reached once AdamW's moments exist (after the first step);
            // a dozen steps make sure every buffer has been allocated and reused.
            for _ in 0..<12 { try trainer.step(trainer.batch()) }
        case .bert:
            // Every buffer exists after the first step; a few more reuse them.
            let trainer = try BERTBenchmark.Trainer()
            for _ in 0..<3 { try trainer.step() }
        }
        guard let kilobytes = peakResidentKilobytes() else {
            throw BenchError.missingFile(path: "/proc/self/status (VmHWM)", purpose: "the peak resident memory")
        }
        print("PEAK_RSS_KB \(kilobytes)")
    }

    /// The process's peak resident set in kB: VmHWM from /proc/self/status, or
    /// getrusage's ru_maxrss (also kB on Linux) where /proc has no such line.
    static func peakResidentKilobytes() -> Int? {
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
           let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
           let value = Int(line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first ?? "") {
            return value
        }
        var usage = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return nil }
        return usage.ru_maxrss
    }
}
