import Foundation

/// Runs the PyTorch / numpy reference scripts (`bench_gemm.py`, ...) and turns the
/// `RESULT {json}` lines they print into measurements comparable with ours.
///
/// Each script runs in its own process with its own thread count (BLAS thread
/// pools are fixed when numpy or torch is imported) and with the same run counts
/// as our side, so that both sides are measured alike.
struct ReferenceRunner {
    let directory: URL
    let python: URL
    /// Whether the interpreter can import torch (checked once); numpy is required.
    let hasTorch: Bool

    init(directory: String, python: String) throws {
        self.directory = URL(fileURLWithPath: directory, isDirectory: true)
        self.python = URL(fileURLWithPath: python)
        do {
            try ChildProcess.run(self.python, ["-c", "import numpy"])
        } catch {
            throw BenchError.invalidValue(
                option: "--python", value: python,
                accepts: "an interpreter that can import numpy (and torch for the torch rows): \(error)")
        }
        hasTorch = (try? ChildProcess.run(self.python, ["-c", "import torch"])) != nil
        if !hasTorch { progress("note: \(python) cannot import torch; only numpy reference rows will be measured") }
    }

    /// The reference libraries that `script` can run with.
    func libraries(for script: String) -> [String] {
        switch script {
        case "bench_gemm.py", "bench_mlp.py": return hasTorch ? ["numpy", "torch"] : ["numpy"]
        default: return hasTorch ? ["torch"] : []
        }
    }

    /// Runs `script` with `arguments` and returns its results as measurements.
    func run(_ script: String, _ arguments: [String]) throws -> [Measurement] {
        let path = directory.appendingPathComponent(script)
        guard FileManager.default.fileExists(atPath: path.path) else {
            throw BenchError.missingFile(path: path.path, purpose: "the reference run")
        }
        let output = try ChildProcess.run(python, [path.path] + arguments)
        var results: [Measurement] = []
        for line in output.split(separator: "\n") where line.hasPrefix("RESULT ") {
            let json = Data(line.dropFirst("RESULT ".count).utf8)
            guard let record = try JSONSerialization.jsonObject(with: json) as? [String: Any] else { continue }
            if let measurement = Self.measurement(from: record) { results.append(measurement) }
        }
        guard !results.isEmpty else {
            throw BenchError.childFailed(
                command: "\(script) \(arguments.joined(separator: " "))", status: 0,
                output: "printed no RESULT lines that this benchmark knows")
        }
        return results
    }

    /// One `RESULT` record as a measurement with the key of the matching TuneLab row;
    /// nil for records with no TuneLab counterpart.
    static func measurement(from record: [String: Any]) -> Measurement? {
        guard let bench = record["bench"] as? String,
              let median = number(record["median"]), let minimum = number(record["min"]),
              let maximum = number(record["max"]) else { return nil }
        let summary = Summary(
            median: median, minimum: minimum, maximum: maximum, samples: Int(number(record["samples"]) ?? 0))
        let library = record["lib"] as? String ?? "torch"
        let tool = Tool(rawValue: library) ?? .torch
        let version = record["version"] as? String
        let threads = Int(number(record["threads"]) ?? 1)
        let key: String, workload: String, unit: String, higherIsBetter: Bool
        var note: String?
        switch bench {
        case "gemm":
            let n = Int(number(record["n"]) ?? 0)
            (key, workload, unit, higherIsBetter) = ("gemm n=\(n)", "GEMM fp32 n=\(n)", "GFLOP/s", true)
            note = "out= preallocated"
        case "mlp_train":
            (key, workload, unit, higherIsBetter) = ("mlp", "MLP 64-128-128-10 train step, batch 64", "steps/s", true)
        case "gpt_train_eager":
            (key, workload, unit, higherIsBetter) = ("gpt steps", "tiny GPT train step", "steps/s", true)
            if let parameters = number(record["params"]), let first = number(record["first_loss"]),
               let last = number(record["last_loss"]) {
                note = "\(Int(parameters)) params, loss \(String(format: "%.2f → %.2f", first, last))"
            }
        case "gpt_train_eager_tokens":
            (key, workload, unit, higherIsBetter) = ("gpt tokens", "tiny GPT train, tokens", "tokens/s", true)
        case "bert_infer_b32_s32":
            (key, workload, unit, higherIsBetter) = ("bert infer", "MiniLM-shape encoder fwd, b32 × s32", "sentences/s", true)
        case "bert_train_step_b16_s32":
            (key, workload, unit, higherIsBetter) = ("bert train", "MiniLM-shape encoder train step, b16 × s32", "s/step", false)
        case "cnn_train":
            (key, workload, unit, higherIsBetter) = ("cnn train", "LeNet-5 28×28 train step, batch 64", "steps/s", true)
            if let last = number(record["final_loss"]) { note = String(format: "final loss %.3f", last) }
        case "cnn_infer":
            (key, workload, unit, higherIsBetter) = ("cnn infer", "LeNet-5 28×28 inference, batch 256", "images/s", true)
        case "startup_python":
            return Measurement(
                key: "startup python", workload: "process start: python -c pass", tool: .python, version: version,
                threads: threads, summary: summary, unit: "s (wall)", higherIsBetter: false)
        case "startup_import_numpy":
            (key, workload, unit, higherIsBetter) = ("startup numpy", "process start + import numpy", "s (wall)", false)
        case "startup_import_torch":
            (key, workload, unit, higherIsBetter) = ("startup torch", "process start + import torch", "s (wall)", false)
        default:
            return nil
        }
        return Measurement(
            key: key, workload: workload, tool: tool, version: version, threads: threads, summary: summary,
            unit: unit, higherIsBetter: higherIsBetter, note: note)
    }

    private static func number(_ value: Any?) -> Double? {
        switch value {
        case let number as Double: return number
        case let number as Int: return Double(number)
        case let number as NSNumber: return number.doubleValue
        default: return nil
        }
    }
}
