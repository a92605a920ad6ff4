import Foundation

/// How far the learner got: the open lesson and, per lesson, the step reached and the
/// checks passed. Saved after every step; resumed at start.
public struct LessonProgress: Codable, Equatable {
    public struct Record: Codable, Equatable {
        /// The step reached (0-based).
        public var step: Int
        /// Indexes of check steps passed.
        public var passedChecks: Set<Int>
        /// True once the learner reached the end.
        public var completed: Bool
        /// Checks' values, hints, exercises, predictions and time (absent in older files).
        public var activity: LessonActivity? = nil

        public init(step: Int = 0, passedChecks: Set<Int> = [], completed: Bool = false) {
            self.step = step
            self.passedChecks = passedChecks
            self.completed = completed
        }
    }

    /// The slug of the open lesson.
    public var currentLesson: String?
    /// Records by lesson slug.
    public var lessons: [String: Record]

    public init(currentLesson: String? = nil, lessons: [String: Record] = [:]) {
        self.currentLesson = currentLesson
        self.lessons = lessons
    }
}

/// Reads and writes `LessonProgress` as JSON, atomically: a crash or a kill leaves either
/// the old file or the new one, never half of one.
public struct ProgressStore {
    public let file: URL

    public init(file: URL) {
        self.file = file
    }

    /// The saved progress, empty when there is none. A file that cannot be read is moved
    /// aside (to `progress.json.corrupt-<time>`) and `warning` says so; it never throws.
    public func load() -> (progress: LessonProgress, warning: String?) {
        guard FileManager.default.fileExists(atPath: file.path) else { return (LessonProgress(), nil) }
        do {
            let data = try Data(contentsOf: file)
            return (try JSONDecoder().decode(LessonProgress.self, from: data), nil)
        } catch {
            let aside = file.deletingLastPathComponent()
                .appendingPathComponent(file.lastPathComponent + ".corrupt-\(Int(Date().timeIntervalSince1970))")
            let moved = (try? FileManager.default.moveItem(at: file, to: aside)) != nil
            let note = moved ? "it was moved to \(aside.path)" : "it could not be moved aside"
            return (LessonProgress(), "the progress file \(file.path) could not be read, so lesson progress starts afresh; \(note).")
        }
    }

    /// Writes `progress`: to a temporary file, flushed to disk, then renamed over the old one.
    public func save(_ progress: LessonProgress) throws {
        let folder = file.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(progress)
        let temporary = folder.appendingPathComponent(".\(file.lastPathComponent).\(getpid()).tmp")
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else {
            throw CommandError("cannot write \(temporary.path): \(String(cString: strerror(errno)))")
        }
        let written = data.withUnsafeBytes { buffer in write(descriptor, buffer.baseAddress, buffer.count) }
        let synced = fsync(descriptor)
        close(descriptor)
        guard written == data.count, synced == 0 else {
            unlink(temporary.path)
            throw CommandError("cannot write \(temporary.path): \(String(cString: strerror(errno)))")
        }
        guard rename(temporary.path, file.path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary.path)
            throw CommandError("cannot replace \(file.path): \(reason)")
        }
    }
}
