import Foundation

/// How the lab writes and recovers its own state files (lesson progress, line history):
/// a write replaces the file whole or not at all, and a file it cannot use is set aside,
/// never deleted, with a message saying where it went.
public enum StateFile {
    /// Writes `file` through `write`, which fills the temporary path it is given: the
    /// temporary file is flushed to disk (fsync) and renamed over `file`, so a kill at any
    /// moment leaves either the old file or the new one, never part of one.
    public static func replace(_ file: URL, using write: (URL) throws -> Void) throws {
        let folder = file.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let temporary = folder.appendingPathComponent(".\(file.lastPathComponent).\(getpid()).tmp")
        do {
            try write(temporary)
            try flush(temporary)
        } catch {
            unlink(temporary.path)
            throw error
        }
        guard rename(temporary.path, file.path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary.path)
            throw CommandError("cannot replace \(file.path): \(reason)")
        }
    }

    /// Writes `data` to `file` with `replace`.
    public static func replace(_ file: URL, with data: Data) throws {
        try replace(file) { temporary in
            let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            guard descriptor >= 0 else { throw CommandError("cannot write \(temporary.path): \(String(cString: strerror(errno)))") }
            defer { close(descriptor) }
            let written = data.withUnsafeBytes { buffer in Foundation.write(descriptor, buffer.baseAddress, buffer.count) }
            guard written == data.count else {
                throw CommandError("cannot write \(temporary.path): \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Moves `file` aside to `<name>.corrupt-<time>` (a number added if that exists) and
    /// returns the sentence to show: which file (`called`, e.g. "the progress file"), what
    /// was wrong (`problem`), what the lab does instead (`consequence`), and where the old
    /// file now is.
    public static func setAside(_ file: URL, called: String, problem: String, consequence: String) -> String {
        let folder = file.deletingLastPathComponent()
        var aside = folder.appendingPathComponent(file.lastPathComponent + ".corrupt-\(Int(Date().timeIntervalSince1970))")
        var suffix = 1
        while FileManager.default.fileExists(atPath: aside.path) {
            suffix += 1
            aside = folder.appendingPathComponent(file.lastPathComponent + ".corrupt-\(Int(Date().timeIntervalSince1970))-\(suffix)")
        }
        let moved = rename(file.path, aside.path) == 0
        let note = moved ? "the old file was kept as \(aside.path)" : "it could not be moved aside (\(String(cString: strerror(errno))))"
        return "\(called) \(file.path) could not be read (\(problem)), so \(consequence); \(note)."
    }

    /// Removes temporary files a killed writer of `file` left behind (`.<name>.<pid>.tmp`
    /// whose process is gone); they were never the real file.
    public static func removeLeftovers(of file: URL) {
        let folder = file.deletingLastPathComponent()
        let prefix = ".\(file.lastPathComponent)."
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return }
        for name in names where name.hasPrefix(prefix) && name.hasSuffix(".tmp") {
            let middle = name.dropFirst(prefix.count).dropLast(".tmp".count)
            guard let pid = Int32(middle), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            unlink(folder.appendingPathComponent(name).path)
        }
    }

    private static func flush(_ file: URL) throws {
        let descriptor = open(file.path, O_RDONLY)
        guard descriptor >= 0 else { throw CommandError("cannot reopen \(file.path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw CommandError("cannot flush \(file.path): \(String(cString: strerror(errno)))") }
    }
}
