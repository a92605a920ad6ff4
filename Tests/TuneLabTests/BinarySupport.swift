import Foundation
import Testing

/// The `tunelab` executable built beside this test bundle (the test target depends on it).
func tunelabBinary() throws -> URL {
    var folders: [URL] = []
    if let real = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
        folders.append(URL(fileURLWithPath: real).deletingLastPathComponent())
    }
    if let first = CommandLine.arguments.first {
        folders.append(URL(fileURLWithPath: first).deletingLastPathComponent())
    }
    folders.append(Bundle.main.bundleURL)
    folders.append(Bundle.main.bundleURL.deletingLastPathComponent())
    for folder in folders {
        let candidate = folder.appendingPathComponent("tunelab")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    }
    throw BinaryMissing(searched: folders.map(\.path))
}

struct BinaryMissing: Error, CustomStringConvertible {
    let searched: [String]
    var description: String { "the tunelab executable was not found beside the tests (looked in \(searched.joined(separator: ", ")))" }
}

/// What a finished process left.
struct ProcessResult {
    var status: Int32
    var standardOutput: String
    var standardError: String
}

/// Runs `executable` with `arguments`, feeding `input` on standard input.
/// `detached`: the process leaves a daemon behind (tmux's server), which would hold captured
/// pipes open forever, so its output goes to /dev/null instead.
func runProcess(_ executable: URL, _ arguments: [String], input: Data = Data(),
                environment: [String: String] = [:], directory: URL? = nil, detached: Bool = false) throws -> ProcessResult {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    var merged = ProcessInfo.processInfo.environment
    for (key, value) in environment { merged[key] = value }
    process.environment = merged
    if let directory { process.currentDirectoryURL = directory }
    let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
    if detached {
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return ProcessResult(status: process.terminationStatus, standardOutput: "", standardError: "")
    }
    process.standardInput = stdin
    process.standardOutput = stdout
    process.standardError = stderr
    try process.run()
    stdin.fileHandleForWriting.write(input)
    try stdin.fileHandleForWriting.close()
    let out = stdout.fileHandleForReading.readDataToEndOfFile()
    let err = stderr.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ProcessResult(status: process.terminationStatus,
                         standardOutput: String(decoding: out, as: UTF8.self),
                         standardError: String(decoding: err, as: UTF8.self))
}

/// The first executable called `name` on $PATH.
func findOnPath(_ name: String) -> URL? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for folder in path.split(separator: ":") {
        let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    }
    return nil
}
