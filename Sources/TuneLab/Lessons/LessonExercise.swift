/// A `#`/`##` heading of a lesson: the part of the lesson it starts.
public struct LessonSection: Equatable {
    /// The heading without `#` marks and without its `(N min)`.
    public var title: String
    /// The minutes written after the heading (`## One neuron (3 min)`), or nil.
    public var minutes: Int?
    /// The first step of the section (0-based).
    public var firstStep: Int
    /// The heading's line in the file.
    public var line: Int

    public init(title: String, minutes: Int?, firstStep: Int, line: Int) {
        self.title = title
        self.minutes = minutes
        self.firstStep = firstStep
        self.line = line
    }
}

/// An exercise that checks itself: the task (the `Try it` text), conditions that hold once
/// it is done, hints from gentle to explicit, and the commands that solve it.
public struct Exercise {
    /// The task, as written after `**Try it:**`.
    public var prompt: String
    /// Conditions that all hold once the exercise is solved.
    public var conditions: [CheckBlock.Condition]
    /// Hints in the order `hint` reveals them, one more each time.
    public var hints: [String]
    /// The commands that solve it (`solution` shows them; `tunelab check` runs them).
    public var solution: [LessonCommand]
    /// The line of the ```` ```exercise ```` fence.
    public var line: Int

    /// The conditions as a check block (evaluated and reported like one).
    public var checkBlock: CheckBlock { CheckBlock(conditions: conditions, hints: hints, line: line) }
}

/// A "predict, then run" question: asked before the next cell, answered by the session
/// after it ran.
public struct Prediction {
    public enum Answer {
        /// A number: the guess is right when it is within `tolerance` of `expression`'s value.
        case number(CheckExpression, tolerance: Double)
        /// One of several words: the right one is the first whose condition holds.
        case choice([(word: String, condition: CheckExpression)])
    }

    /// The question, shown before the cell.
    public var question: String
    public var answer: Answer
    /// The line of the ```` ```predict ```` fence.
    public var line: Int

    /// The words a choice offers (empty for a number).
    public var words: [String] {
        if case let .choice(options) = answer { return options.map(\.word) }
        return []
    }
}

/// What a prediction came to once the cell ran.
public struct PredictionResult: Equatable {
    /// What the session holds: the number, or the word whose condition holds.
    public var actual: String
    /// True when the guess matches (within tolerance, or the same word).
    public var right: Bool
    /// Why the answer could not be worked out (a missing path), or nil.
    public var problem: String?
}

extension Prediction {
    /// Works out the answer in `session` and judges `guess` against it.
    public func judge(_ guess: String, in session: Session) -> PredictionResult {
        switch answer {
        case let .number(expression, tolerance):
            let (value, problem) = expression.number(in: session)
            guard let value else { return PredictionResult(actual: "?", right: false, problem: problem) }
            let right = Double(guess).map { abs($0 - value) <= tolerance + 1e-9 * max(abs(value), 1) } ?? false
            return PredictionResult(actual: CheckExpression.format(value), right: right, problem: nil)
        case let .choice(options):
            var problems: [String] = []
            for option in options {
                let outcome = option.condition.evaluate(in: session)
                if outcome.passed {
                    return PredictionResult(actual: option.word, right: option.word.lowercased() == guess.lowercased(), problem: nil)
                }
                if outcome.values.isEmpty, !outcome.explanation.isEmpty { problems.append(outcome.explanation) }
            }
            return PredictionResult(actual: "?", right: false,
                                    problem: problems.first ?? "none of the choices (\(words.joined(separator: ", "))) holds")
        }
    }

    /// Checks that `guess` is a possible answer: a number, or one of the words.
    public func validate(_ guess: String) throws {
        switch answer {
        case .number:
            guard let value = Double(guess), value.isFinite else {
                throw CommandError("predict: this question wants a number, e.g. predict 0.8")
            }
        case .choice:
            guard words.contains(where: { $0.lowercased() == guess.lowercased() }) else {
                throw CommandError("predict: answer one of: \(words.joined(separator: ", "))")
            }
        }
    }
}
