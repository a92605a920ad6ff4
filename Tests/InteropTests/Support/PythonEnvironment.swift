import Foundation
import Testing

/// The Python environment with PyTorch (CPU), transformers, peft and accelerate that the
/// interop tests check TuneLab's exports against. `.ci/interop/venv.sh` builds it once into
/// ~/.cache/tunelab (a few minutes on a fresh machine) and then only prints its path; this
/// runs the script at most once per test process.
enum PythonEnvironment {
    /// The repository's root (this file is Tests/InteropTests/Support/PythonEnvironment.swift).
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let scripts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Scripts")

    struct SetupFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// The environment's python, or why there is none.
    static let python: Result<URL, SetupFailure> = {
        let script = repository.appendingPathComponent(".ci/interop/venv.sh")
        let result = run(URL(fileURLWithPath: "/bin/bash"), [script.path])
        guard result.status == 0, let last = result.output.split(separator: "\n").last else {
            return .failure(SetupFailure(description: """
                the interop tests' Python environment could not be built by `bash .ci/interop/venv.sh` \
                (exit \(result.status)); run it by hand to see pip's message. Its last lines:
                \(result.errors.split(separator: "\n").suffix(15).joined(separator: "\n"))
                """))
        }
        return .success(URL(fileURLWithPath: String(last)))
    }()

    /// Runs `Scripts/<script>` with the environment's python and returns its standard
    /// output; a failing script fails the test with its standard error.
    static func runScript(_ script: String, _ arguments: [String], environment: [String: String] = [:]) throws -> String {
        let python = try python.get()
        let result = run(python, [scripts.appendingPathComponent(script).path] + arguments, environment: environment)
        guard result.status == 0 else {
            throw SetupFailure(description: "\(script) failed (exit \(result.status)):\n\(result.errors.split(separator: "\n").suffix(30).joined(separator: "\n"))")
        }
        return result.output
    }

    /// Runs python with `arguments` (`-m module ...`), returning status and both outputs.
    static func runPython(_ arguments: [String], environment: [String: String] = [:], in folder: URL? = nil) throws -> (status: Int32, output: String, errors: String) {
        run(try python.get(), arguments, environment: environment, in: folder)
    }

    static func run(_ executable: URL, _ arguments: [String], environment: [String: String] = [:], in folder: URL? = nil) -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment
        // Never reach for the network from a test: everything is local.
        merged["HF_HUB_OFFLINE"] = "1"
        merged["TRANSFORMERS_OFFLINE"] = "1"
        merged["TOKENIZERS_PARALLELISM"] = "false"
        for (key, value) in environment { merged[key] = value }
        process.environment = merged
        if let folder { process.currentDirectoryURL = folder }
        // Standard error goes to a file, standard output through a pipe read to its end,
        // so neither can fill up and block the process.
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("tunelab-interop-stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let output = Pipe()
        process.standardOutput = output
        guard let errorHandle = try? FileHandle(forWritingTo: errorFile) else { return (-1, "", "cannot write \(errorFile.path)") }
        process.standardError = errorHandle
        do {
            try process.run()
        } catch {
            return (-1, "", "cannot start \(executable.path): \(error)")
        }
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try? errorHandle.close()
        let errorData = (try? Data(contentsOf: errorFile)) ?? Data()
        return (process.terminationStatus, String(decoding: outputData, as: UTF8.self), String(decoding: errorData, as: UTF8.self))
    }

    /// A new temporary folder for one test.
    static func temporaryFolder(_ label: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tunelab-interop-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `value` as JSON to `url`.
    static func writeJSON(_ value: Any, to url: URL) throws {
        try JSONSerialization.data(withJSONObject: value).write(to: url)
    }

    /// Parses the last line of a script's output as a JSON object.
    static func lastJSON(_ output: String) throws -> [String: Any] {
        guard let line = output.split(separator: "\n").last,
              let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            throw SetupFailure(description: "the script printed no JSON result; it printed:\n\(output)")
        }
        return object
    }
}

/// The largest |a - b| over two equally long arrays (∞ when the lengths differ).
func maximumDifference(_ a: [Float], _ b: [Float]) -> Float {
    guard a.count == b.count else { return .infinity }
    return zip(a, b).map { abs($0 - $1) }.max() ?? 0
}

/// JSON numbers as floats.
func floats(_ value: Any?) -> [Float] {
    (value as? [Any] ?? []).compactMap { ($0 as? NSNumber)?.floatValue }
}

/// JSON numbers as ints.
func integers(_ value: Any?) -> [Int] {
    (value as? [Any] ?? []).compactMap { ($0 as? NSNumber)?.intValue }
}
