import Foundation

/// What went wrong on the command line or while running a benchmark, said so that
/// the fix is clear.
enum BenchError: Error, CustomStringConvertible {
    case unknownArgument(String)
    case missingValue(option: String, accepts: String)
    case invalidValue(option: String, value: String, accepts: String)
    case missingFile(path: String, purpose: String)
    case childFailed(command: String, status: Int32, output: String)
    case cannotWrite(path: String, reason: String)

    var description: String {
        switch self {
        case .unknownArgument(let argument):
            return "unknown argument '\(argument)'\n\n\(BenchOptions.usage)"
        case .missingValue(let option, let accepts):
            return "\(option) needs a value: \(accepts)"
        case .invalidValue(let option, let value, let accepts):
            return "\(option) '\(value)' is not valid: it accepts \(accepts)"
        case .missingFile(let path, let purpose):
            return "\(path) does not exist (needed for \(purpose))"
        case .childFailed(let command, let status, let output):
            return "\(command) exited with status \(status)\(output.isEmpty ? "" : ":\n\(output)")"
        case .cannotWrite(let path, let reason):
            return "cannot write \(path): \(reason)"
        }
    }
}

/// The workloads, in the order `all` runs them.
enum Workload: String, CaseIterable {
    case gemm, mlp, gpt, bert, pretrain, startup, memory, cnn
}

/// Parsed command-line options.
struct BenchOptions {
    var workloads: [Workload] = Workload.allCases
    var threadCounts: [Int] = [1, 2]
    /// Samples (GEMM) or runs (MLP, GPT) or spawns (start-up); nil = each workload's default.
    var runs: Int?
    /// Fewer steps per run, for a fast look.
    var quick = false
    var jsonPath: String?
    /// The folder holding the reference scripts (bench_gemm.py, ...).
    var referenceDirectory: String?
    /// The Python interpreter that has numpy (and torch) for the reference scripts.
    var pythonPath: String?
    var quiet = QuietMachine()
    var showsHelp = false
    /// JSON files of earlier runs to print as one table instead of measuring.
    var jsonInputs: [String] = []
    /// The arguments as given, recorded in the JSON file.
    var arguments: [String] = []

    static let usage = """
        usage: tunelab-bench [gemm|mlp|gpt|bert|pretrain|startup|memory|cnn|all] [--threads 1|2|both] [--runs N]
                             [--quick] [--json FILE] [--reference DIR --python PATH]
                             [--max-wait SECONDS] [--retries N]
               tunelab-bench --from-json FILE [--from-json FILE ...]

          --threads     OpenBLAS threads: 1, 2 or both (default both)
          --runs        samples per figure (default: GEMM 7, MLP 7, GPT 5, start-up 20)
          --quick       shorter runs (GPT 20 steps, MLP 300 steps)
          --json        also write every measurement to FILE as JSON
          --reference   folder of the reference scripts; runs them alternately with ours
          --python      interpreter for the reference scripts (required with --reference)
          --max-wait    longest wait for a quiet machine before each run (default 60 s)
          --retries     extra attempts for a run disturbed by other processes (default 2)
          --from-json   print one table from the JSON files of earlier runs, measuring nothing
        """

    /// Parses `arguments` (without the program name).
    init(_ arguments: [String]) throws {
        self.arguments = arguments
        var index = 0
        func value(_ option: String, accepts: String) throws -> String {
            index += 1
            guard index < arguments.count, !arguments[index].hasPrefix("--") else {
                throw BenchError.missingValue(option: option, accepts: accepts)
            }
            return arguments[index]
        }
        func positiveInteger(_ option: String, accepts: String = "a whole number ≥ 1", minimum: Int = 1) throws -> Int {
            let text = try value(option, accepts: accepts)
            guard let number = Int(text), number >= minimum else {
                throw BenchError.invalidValue(option: option, value: text, accepts: accepts)
            }
            return number
        }
        var chosen: [Workload] = []
        while index < arguments.count {
            let argument = arguments[index]
            switch argument {
            case "all":
                chosen = Workload.allCases
            case _ where Workload(rawValue: argument) != nil:
                chosen.append(Workload(rawValue: argument)!)
            case "--threads":
                let text = try value(argument, accepts: "1, 2 or both")
                switch text {
                case "1": threadCounts = [1]
                case "2": threadCounts = [2]
                case "both": threadCounts = [1, 2]
                default: throw BenchError.invalidValue(option: argument, value: text, accepts: "1, 2 or both")
                }
            case "--runs":
                runs = try positiveInteger(argument)
            case "--quick":
                quick = true
            case "--json":
                jsonPath = try value(argument, accepts: "a file path")
            case "--reference":
                referenceDirectory = try value(argument, accepts: "the folder holding bench_gemm.py and the other reference scripts")
            case "--python":
                pythonPath = try value(argument, accepts: "the path of a Python interpreter with numpy (and torch)")
            case "--max-wait":
                quiet.maximumWait = Double(try positiveInteger(argument, accepts: "whole seconds ≥ 0", minimum: 0))
            case "--retries":
                quiet.retries = try positiveInteger(argument, accepts: "a whole number ≥ 0", minimum: 0)
            case "--from-json":
                jsonInputs.append(try value(argument, accepts: "a JSON file written by --json"))
            case "--help", "-h":
                showsHelp = true
            default:
                throw BenchError.unknownArgument(argument)
            }
            index += 1
        }
        if !chosen.isEmpty {
            // Keep `all`'s order and drop repeats.
            workloads = Workload.allCases.filter { chosen.contains($0) }
        }
        if referenceDirectory != nil && pythonPath == nil {
            throw BenchError.missingValue(option: "--python", accepts: "a Python interpreter path; --reference needs one")
        }
        if pythonPath != nil && referenceDirectory == nil {
            throw BenchError.missingValue(option: "--reference", accepts: "the reference scripts' folder; --python is only used with it")
        }
        if let directory = referenceDirectory {
            let script = (directory as NSString).appendingPathComponent("bench_gemm.py")
            guard FileManager.default.fileExists(atPath: script) else {
                throw BenchError.missingFile(path: script, purpose: "--reference \(directory)")
            }
        }
        if let python = pythonPath, !FileManager.default.isExecutableFile(atPath: python) {
            throw BenchError.invalidValue(option: "--python", value: python, accepts: "the path of an executable Python interpreter")
        }
    }
}
