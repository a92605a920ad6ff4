import Foundation

/// Runs scripts and lessons without a prompt: `tunelab run FILE` and `tunelab check FILE...`.
public enum HeadlessRunner {
    /// What a headless lesson run found.
    public struct LessonReport {
        public var file: String
        /// Each failure as `file:line: what failed`.
        public var failures: [String]
        public var cellCount: Int
        public var checkCount: Int
        /// Exercises whose solutions ran and passed their checks, and predictions answered.
        public var exerciseCount = 0
        public var predictionCount = 0
        /// The values each check and exercise read, by the line of its condition.
        public var values: [Int: [String: Double]] = [:]
        /// Seconds spent running the lesson's cells (the compute the lesson costs).
        public var computeSeconds: Double
    }

    /// True when `text` looks like a lesson (it opens with front matter).
    public static func isLesson(_ text: String) -> Bool {
        text.split(separator: "\n", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) == "---" } ?? false
    }

    /// Runs each line of a script (one command a line, `#` comments) in `shell`; returns
    /// the failures as `file:line: command`.
    public static func runScript(text: String, file: String, in shell: Shell) -> [String] {
        var failures: [String] = []
        for (offset, line) in text.components(separatedBy: "\n").enumerated() {
            if shell.hasQuit { break }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { continue }
            if !shell.execute(line, origin: .file) { failures.append("\(file):\(offset + 1): \(trimmed)") }
        }
        return failures
    }

    /// Runs a lesson's cells and evaluates its checks in the order they appear (a check
    /// judges the state its own position in the lesson sees); returns what failed and how long
    /// the cells took. Needs are made first when a feature registered how.
    public static func runLesson(_ lesson: Lesson, in shell: Shell, showsOutput: Bool = true) -> LessonReport {
        let file = lesson.file.path
        var report = LessonReport(file: file, failures: [], cellCount: 0, checkCount: 0, computeSeconds: 0)
        let context = CommandContext(session: shell.session, output: shell.output, registry: shell.registry, lessons: shell.lessons)
        for need in lesson.frontMatter.needs where shell.session.object(named: need.name) == nil {
            guard let make = shell.registry.needHandlers[need.kind] else {
                report.failures.append("\(file):1: needs \(need), and no command knows how to make a \(need.kind)")
                continue
            }
            let start = Date()
            do { try make(need.name, context) } catch {
                report.failures.append("\(file):1: making \(need) failed: \(error)")
            }
            report.computeSeconds += Date().timeIntervalSince(start)
        }
        // A prediction waits for the cell after it; then its answer must be computable.
        var pending: Prediction?
        for step in lesson.steps {
            switch step.content {
            case let .cell(commands):
                report.cellCount += 1
                run(commands, what: "", in: shell, file: file, report: &report)
                if let prediction = pending {
                    report.failures += predictionProblems(prediction, in: shell.session, file: file)
                    pending = nil
                }
            case let .check(block):
                report.checkCount += 1
                evaluate(block, what: "check", in: shell, showsOutput: showsOutput, file: file, report: &report)
            case let .exercise(exercise):
                // The solution must solve the exercise: run it, then its conditions must hold.
                report.exerciseCount += 1
                run(exercise.solution, what: "exercise solution ", in: shell, file: file, report: &report)
                evaluate(exercise.checkBlock, what: "exercise check", in: shell, showsOutput: showsOutput, file: file, report: &report)
            case let .predict(prediction):
                report.predictionCount += 1
                pending = prediction
            case .prose, .tryIt, .takeaways:
                continue
            }
        }
        return report
    }

    private static func run(_ commands: [LessonCommand], what: String, in shell: Shell, file: String, report: inout LessonReport) {
        for command in commands {
            let start = Date()
            let succeeded = shell.execute(command.text, origin: .file)
            report.computeSeconds += Date().timeIntervalSince(start)
            if !succeeded {
                let message = shell.session.transcript.entries.last?.output.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
                report.failures.append("\(file):\(command.line): \(what)`\(command.text)` failed: \(message)")
            }
        }
    }

    private static func evaluate(_ block: CheckBlock, what: String, in shell: Shell, showsOutput: Bool, file: String, report: inout LessonReport) {
        for condition in block.conditions {
            let outcome = condition.expression.evaluate(in: shell.session)
            report.values[condition.line] = outcome.values
            if showsOutput {
                let mark = outcome.passed ? shell.output.styled("✓", .green) : shell.output.styled("✗", .red)
                shell.output.line("  \(mark) \(condition.expression.source)" + (outcome.explanation.isEmpty ? "" : "  (\(outcome.explanation))"))
            }
            if !outcome.passed {
                let hint = block.hints.first.map { " (hint: \($0))" } ?? ""
                report.failures.append("\(file):\(condition.line): \(what) failed: \(condition.expression.source)"
                    + (outcome.explanation.isEmpty ? "" : " [\(outcome.explanation)]") + hint)
            }
        }
    }

    /// A prediction must be answerable once its cell ran: a number, or exactly one choice.
    private static func predictionProblems(_ prediction: Prediction, in session: Session, file: String) -> [String] {
        switch prediction.answer {
        case let .number(expression, _):
            let (value, problem) = expression.number(in: session)
            guard let value, value.isFinite else {
                return ["\(file):\(prediction.line): predict: the answer cannot be computed: \(problem ?? "it is not a finite number")"]
            }
            return []
        case let .choice(options):
            let holding = options.filter { $0.condition.evaluate(in: session).passed }.map(\.word)
            if holding.count == 1 { return [] }
            let why = options.map { option -> String in
                let outcome = option.condition.evaluate(in: session)
                return "\(option.word): \(outcome.passed ? "holds" : "does not hold")" + (outcome.explanation.isEmpty ? "" : " (\(outcome.explanation))")
            }
            return ["\(file):\(prediction.line): predict: exactly one choice must hold after the cell, but \(holding.count) do: " + why.joined(separator: "; ")]
        }
    }
}
