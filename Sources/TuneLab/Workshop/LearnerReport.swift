import Foundation

/// One learner's progress as a file an instructor collects (`report FILE`): lessons and
/// sections done, checks passed with the values that passed them, exercises, hints,
/// predictions, time per lesson, and the TuneLab version and seed.
public struct LearnerReport: Codable, Equatable {
    /// The value of `format` that marks a TuneLab learner report.
    public static let formatName = "tunelab-learner-report"
    /// The layout version this TuneLab writes and reads.
    public static let currentVersion = 1

    public struct Section: Codable, Equatable {
        public var title: String
        public var minutes: Int?
        public var done: Bool
    }

    public struct Check: Codable, Equatable {
        /// 1-based step, and line in the lesson file.
        public var step: Int
        public var line: Int
        public var conditions: [String]
        public var passed: Bool
        /// The values read when it passed (empty when it has not).
        public var values: [String: Double]
        public var failedAttempts: Int
        public var hintsShown: Int
    }

    public struct ExerciseEntry: Codable, Equatable {
        public var step: Int
        public var line: Int
        public var solved: Bool
        public var revealed: Bool
        public var hintsUsed: Int
        public var hints: Int

        public init(step: Int, line: Int, solved: Bool, revealed: Bool, hintsUsed: Int, hints: Int) {
            self.step = step
            self.line = line
            self.solved = solved
            self.revealed = revealed
            self.hintsUsed = hintsUsed
            self.hints = hints
        }
    }

    public struct PredictionEntry: Codable, Equatable {
        public var step: Int
        public var line: Int
        public var question: String
        public var guess: String
        public var actual: String
        public var right: Bool
    }

    public struct LessonEntry: Codable, Equatable {
        public var number: Int
        public var slug: String
        public var title: String
        public var steps: Int
        /// The step reached, 1-based (0 when never opened).
        public var stepReached: Int
        public var started: Bool
        public var completed: Bool
        public var minutesSpent: Double
        public var sections: [Section]
        public var checks: [Check]
        public var exercises: [ExerciseEntry]
        public var predictions: [PredictionEntry]
    }

    public var format: String
    public var formatVersion: Int
    public var learner: String
    public var tunelabVersion: String
    public var seed: UInt64
    /// When it was written (ISO 8601).
    public var written: String
    /// The lesson open when it was written, and its step (1-based).
    public var openLesson: Int?
    public var openStep: Int?
    public var lessons: [LessonEntry]
}

extension LearnerReport {
    /// The report of `progress` over the lessons of `library` (lessons that cannot be read
    /// are left out).
    public static func make(progress: LessonProgress, library: LessonLibrary, registry: CommandRegistry,
                            learner: String, seed: UInt64, now: Date = Date()) -> LearnerReport {
        var entries: [LessonEntry] = []
        var openLesson: Int?, openStep: Int?
        for entry in library.entries {
            guard let lesson = try? LessonParser(registry: registry).parse(file: entry.file) else { continue }
            let record = progress.lessons[lesson.slug]
            let activity = record?.activity ?? LessonActivity()
            let reached = record.map { $0.completed ? lesson.steps.count : $0.step } ?? 0
            if progress.currentLesson == lesson.slug {
                openLesson = lesson.number
                openStep = min(reached + 1, lesson.steps.count)
            }
            let sections = lesson.sections.enumerated().map { index, section -> Section in
                let end = index + 1 < lesson.sections.count ? lesson.sections[index + 1].firstStep : lesson.steps.count
                return Section(title: section.title, minutes: section.minutes, done: record?.completed == true || reached >= end)
            }
            var checks: [Check] = [], exercises: [ExerciseEntry] = [], predictions: [PredictionEntry] = []
            for (index, step) in lesson.steps.enumerated() {
                let key = String(index)
                switch step.content {
                case let .check(block):
                    let passed = record?.passedChecks.contains(index) ?? false
                    checks.append(Check(step: index + 1, line: step.line, conditions: block.conditions.map(\.expression.source),
                                        passed: passed, values: activity.passedChecks[key]?.values ?? [:],
                                        failedAttempts: activity.failedChecks[key] ?? 0, hintsShown: activity.hintsShown[key] ?? 0))
                case let .exercise(exercise):
                    let state = activity.exercises[key] ?? LessonActivity.ExerciseState()
                    exercises.append(ExerciseEntry(step: index + 1, line: step.line, solved: state.solved, revealed: state.revealed,
                                                   hintsUsed: state.hintsUsed, hints: exercise.hints.count))
                case let .predict(prediction):
                    if let guess = activity.predictions[key] {
                        predictions.append(PredictionEntry(step: index + 1, line: step.line, question: prediction.question,
                                                           guess: guess.guess, actual: guess.actual, right: guess.right))
                    }
                default: continue
                }
            }
            entries.append(LessonEntry(number: lesson.number, slug: lesson.slug, title: lesson.title, steps: lesson.steps.count,
                                       stepReached: reached, started: record != nil, completed: record?.completed ?? false,
                                       minutesSpent: (activity.seconds / 60 * 10).rounded() / 10,
                                       sections: sections, checks: checks, exercises: exercises, predictions: predictions))
        }
        return LearnerReport(format: formatName, formatVersion: currentVersion, learner: learner,
                             tunelabVersion: TuneLabVersion.string, seed: seed,
                             written: ISO8601DateFormatter().string(from: now),
                             openLesson: openLesson, openStep: openStep, lessons: entries)
    }

    /// The report as pretty JSON.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }

    /// Reads a report, with an error that names `file` and says what is wrong with it.
    public static func read(_ data: Data, file: String) throws -> LearnerReport {
        guard let object = try? JSONSerialization.jsonObject(with: data) else {
            throw CommandError("\(file): not JSON, so not a TuneLab learner report (learners write one with report FILE)")
        }
        guard let fields = object as? [String: Any], let format = fields["format"] as? String, format == formatName else {
            throw CommandError("\(file): JSON, but not a TuneLab learner report (it has no \"format\": \"\(formatName)\")")
        }
        if let version = fields["formatVersion"] as? Int, version > currentVersion {
            throw CommandError("\(file): written by a newer TuneLab (report format \(version); this one reads \(currentVersion))")
        }
        do {
            return try JSONDecoder().decode(LearnerReport.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw CommandError("\(file): a learner report without \((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))")
        } catch let DecodingError.typeMismatch(_, context) {
            throw CommandError("\(file): \(context.codingPath.map(\.stringValue).joined(separator: ".")) has the wrong type (\(context.debugDescription))")
        } catch {
            throw CommandError("\(file): cannot be read as a learner report (\(error))")
        }
    }
}
