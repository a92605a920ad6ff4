import Foundation

/// How far the learner got: the open lesson and, per lesson, the step reached and the
/// checks passed. Saved after every step; resumed at start.
public struct LessonProgress: Codable, Equatable, Sendable {
    public struct Record: Codable, Equatable, Sendable {
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

    /// The layout of this file; a file without one was written before it existed (format 1).
    public static let currentFormat = 1
    public var format: Int = LessonProgress.currentFormat
    /// The slug of the open lesson.
    public var currentLesson: String?
    /// Records by lesson slug.
    public var lessons: [String: Record]

    public init(currentLesson: String? = nil, lessons: [String: Record] = [:]) {
        self.currentLesson = currentLesson
        self.lessons = lessons
    }

    enum CodingKeys: String, CodingKey { case format, currentLesson, lessons }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        format = try container.decodeIfPresent(Int.self, forKey: .format) ?? 1
        currentLesson = try container.decodeIfPresent(String.self, forKey: .currentLesson)
        lessons = try container.decode([String: Record].self, forKey: .lessons)
    }
}

/// Reads and writes `LessonProgress` as JSON, atomically (`StateFile.replace`): a crash or
/// a kill leaves either the old file or the new one, never half of one.
public struct ProgressStore {
    public let file: URL

    public init(file: URL) {
        self.file = file
    }

    /// The saved progress, empty when there is none. A file that cannot be read, does not
    /// parse, or was written in another format version is moved aside (`StateFile.setAside`)
    /// and `warning` says so; it never throws.
    public func load() -> (progress: LessonProgress, warning: String?) {
        StateFile.removeLeftovers(of: file)
        guard FileManager.default.fileExists(atPath: file.path) else { return (LessonProgress(), nil) }
        let called = "the progress file", consequence = "lesson progress starts afresh"
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            return (LessonProgress(), StateFile.setAside(file, called: called, problem: error.localizedDescription, consequence: consequence))
        }
        let progress: LessonProgress
        do {
            progress = try JSONDecoder().decode(LessonProgress.self, from: data)
        } catch {
            return (LessonProgress(), StateFile.setAside(file, called: called, problem: "it is not progress JSON this lab understands", consequence: consequence))
        }
        guard progress.format == LessonProgress.currentFormat else {
            return (LessonProgress(), StateFile.setAside(
                file, called: called,
                problem: "it was written in progress format \(progress.format); this lab reads format \(LessonProgress.currentFormat)",
                consequence: consequence))
        }
        return (progress, nil)
    }

    /// Writes `progress`: to a temporary file, flushed to disk, then renamed over the old one.
    public func save(_ progress: LessonProgress) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try StateFile.replace(file, with: try encoder.encode(progress))
    }
}
