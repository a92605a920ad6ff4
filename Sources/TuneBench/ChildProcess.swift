import Foundation

/// Starting other programs: the reference scripts, the `tunelab` executable, and
/// this executable again (memory figures are taken in a fresh process each).
enum ChildProcess {
    /// This executable's path, resolved through /proc so that it works however we
    /// were started (a relative path, a symlink, `swift run`).
    static var ownExecutable: URL {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return URL(fileURLWithPath: path)
        }
        return URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
    }

    /// A program built next to this one (`tunelab` beside `tunelab-bench`), if present.
    static func sibling(_ name: String) -> URL? {
        let url = ownExecutable.deletingLastPathComponent().appendingPathComponent(name)
        return FileManager.default.isExecutableFile(atPath: url.path) ? url : nil
    }

    /// Runs `executable` with `arguments`, standard input closed (end of file at
    /// once), and returns its standard output. Standard error passes through to ours.
    /// Throws if the program cannot start or exits with a non-zero status.
    @discardableResult
    static func run(
        _ executable: URL, _ arguments: [String], environment: [String: String]? = nil,
        capturesOutput: Bool = true
    ) throws -> String {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardInput = FileHandle.nullDevice
        let pipe = Pipe()
        process.standardOutput = capturesOutput ? pipe : FileHandle.nullDevice
        let command = ([executable.lastPathComponent] + arguments).joined(separator: " ")
        do {
            try process.run()
        } catch {
            throw BenchError.childFailed(command: command, status: -1, output: "could not start: \(error.localizedDescription)")
        }
        // Read before waiting: a child blocked on a full pipe would never exit.
        let data = capturesOutput ? pipe.fileHandleForReading.readDataToEndOfFile() : Data()
        process.waitUntilExit()
        let output = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw BenchError.childFailed(
                command: command, status: process.terminationStatus,
                output: output.split(separator: "\n").suffix(20).joined(separator: "\n"))
        }
        return output
    }
}
