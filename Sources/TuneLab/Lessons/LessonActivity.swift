import Foundation

/// What a learner did in one lesson beyond the step reached: the values that passed each
/// check, failed attempts, hints, exercises, predictions and time spent. Kept in the
/// progress file and written out by `report FILE`.
///
/// Step indexes are keys as text ("4") so the JSON stays an object.
public struct LessonActivity: Codable, Equatable, Sendable {
    /// A passed check: the values it read when it passed.
    public struct CheckPass: Codable, Equatable, Sendable {
        public var values: [String: Double]
    }

    /// How an exercise went.
    public struct ExerciseState: Codable, Equatable, Sendable {
        /// Its conditions held at a `check`.
        public var solved = false
        /// The learner asked for the solution.
        public var revealed = false
        /// How many rungs of the hint ladder were shown.
        public var hintsUsed = 0

        public init(solved: Bool = false, revealed: Bool = false, hintsUsed: Int = 0) {
            self.solved = solved
            self.revealed = revealed
            self.hintsUsed = hintsUsed
        }
    }

    /// A guess and what the lab measured.
    public struct PredictionRecord: Codable, Equatable, Sendable {
        public var guess: String
        public var actual: String
        public var right: Bool

        public init(guess: String, actual: String, right: Bool) {
            self.guess = guess
            self.actual = actual
            self.right = right
        }
    }

    /// Seconds spent in the lesson (gaps between commands, each capped at `idleCap`).
    public var seconds: Double = 0
    public var passedChecks: [String: CheckPass] = [:]
    /// Failed attempts at a check, by step.
    public var failedChecks: [String: Int] = [:]
    /// Hints shown at a check, by step.
    public var hintsShown: [String: Int] = [:]
    public var exercises: [String: ExerciseState] = [:]
    public var predictions: [String: PredictionRecord] = [:]

    /// A pause longer than this (seconds) counts as this long: the learner left.
    public static let idleCap: Double = 300

    public init() {}

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        seconds = try container.decodeIfPresent(Double.self, forKey: .seconds) ?? 0
        passedChecks = try container.decodeIfPresent([String: CheckPass].self, forKey: .passedChecks) ?? [:]
        failedChecks = try container.decodeIfPresent([String: Int].self, forKey: .failedChecks) ?? [:]
        hintsShown = try container.decodeIfPresent([String: Int].self, forKey: .hintsShown) ?? [:]
        exercises = try container.decodeIfPresent([String: ExerciseState].self, forKey: .exercises) ?? [:]
        predictions = try container.decodeIfPresent([String: PredictionRecord].self, forKey: .predictions) ?? [:]
    }
}
