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
        for step in lesson.steps {
            switch step.content {
            case let .cell(commands):
                report.cellCount += 1
                for command in commands {
                    let start = Date()
                    let succeeded = shell.execute(command.text, origin: .file)
                    report.computeSeconds += Date().timeIntervalSince(start)
                    if !succeeded {
                        let message = shell.session.transcript.entries.last?.output.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
                        report.failures.append("\(file):\(command.line): `\(command.text)` failed: \(message)")
                    }
                }
            case let .check(block):
                report.checkCount += 1
                for condition in block.conditions {
                    let outcome = condition.expression.evaluate(in: shell.session)
                    if showsOutput {
                        let mark = outcome.passed ? shell.output.styled("✓", .green) : shell.output.styled("✗", .red)
                        shell.output.line("  \(mark) \(condition.expression.source)" + (outcome.explanation.isEmpty ? "" : "  (\(outcome.explanation))"))
                    }
                    if !outcome.passed {
                        let hint = block.hints.first.map { " (hint: \($0))" } ?? ""
                        report.failures.append("\(file):\(condition.line): check failed: \(condition.expression.source)"
                            + (outcome.explanation.isEmpty ? "" : " [\(outcome.explanation)]") + hint)
                    }
                }
            case .prose, .tryIt:
                continue
            }
        }
        return report
    }
}
