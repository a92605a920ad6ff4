import Foundation

/// A room's learner reports as one table (`tunelab report FILES...`): per lesson, how many
/// finished, the median time, the check most often failed and where learners are stuck.
public struct RoomReport {
    /// How the table is written.
    public enum Format: String, CaseIterable, Sendable {
        case terminal, markdown, csv
    }

    /// One lesson's line of the table.
    public struct Row: Equatable {
        public var number: Int
        public var title: String
        public var learners: Int
        public var started: Int
        public var completed: Int
        /// Median minutes of the learners who started it; nil when nobody did.
        public var medianMinutes: Double?
        /// The check failed most often: "step 7 (line 52)", failed attempts, learners who failed it.
        public var mostFailed: (check: String, attempts: Int, learners: Int)?
        /// Steps where two or more learners are stopped now: (step, learner names).
        public var stuck: [(step: Int, learners: [String])]

        public static func == (a: Row, b: Row) -> Bool {
            a.number == b.number && a.completed == b.completed && a.started == b.started && a.medianMinutes == b.medianMinutes
                && a.mostFailed?.check == b.mostFailed?.check && a.stuck.map(\.step) == b.stuck.map(\.step)
        }
    }

    public var reports: [LearnerReport]
    public var rows: [Row]

    /// Aggregates `reports` (one per learner).
    public init(reports: [LearnerReport]) {
        self.reports = reports
        var byNumber: [Int: (title: String, entries: [(String, LearnerReport.LessonEntry, LearnerReport)])] = [:]
        for report in reports {
            for lesson in report.lessons {
                byNumber[lesson.number, default: (lesson.title, [])].entries.append((report.learner, lesson, report))
            }
        }
        rows = byNumber.keys.sorted().map { number in
            let (title, entries) = byNumber[number]!
            let started = entries.filter { $0.1.started }
            let minutes = started.map(\.1.minutesSpent).sorted()
            let median: Double? = minutes.isEmpty ? nil
                : minutes.count % 2 == 1 ? minutes[minutes.count / 2] : (minutes[minutes.count / 2 - 1] + minutes[minutes.count / 2]) / 2
            // Failed attempts per check, summed over learners.
            var attempts: [Int: (line: Int, attempts: Int, learners: Int)] = [:]
            for (_, lesson, _) in entries {
                for check in lesson.checks where check.failedAttempts > 0 {
                    let old = attempts[check.step] ?? (check.line, 0, 0)
                    attempts[check.step] = (check.line, old.attempts + check.failedAttempts, old.learners + 1)
                }
            }
            let worst = attempts.max { ($0.value.attempts, -$0.key) < ($1.value.attempts, -$1.key) }
            // Learners whose open lesson is this one, at the same unfinished step.
            var atStep: [Int: [String]] = [:]
            for (learner, lesson, report) in entries where !lesson.completed && report.openLesson == number {
                if let step = report.openStep { atStep[step, default: []].append(learner) }
            }
            let stuck = atStep.filter { $0.value.count >= 2 }.sorted { $0.key < $1.key }.map { (step: $0.key, learners: $0.value.sorted()) }
            return Row(number: number, title: title, learners: entries.count, started: started.count,
                       completed: entries.filter { $0.1.completed }.count, medianMinutes: median,
                       mostFailed: worst.map { ("step \($0.key) (line \($0.value.line))", $0.value.attempts, $0.value.learners) },
                       stuck: stuck)
        }
    }

    /// Reads each file; returns the reports that could be read and one message per file
    /// that could not (naming it).
    public static func load(files: [String]) -> (reports: [LearnerReport], problems: [String]) {
        var reports: [LearnerReport] = [], problems: [String] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: (file as NSString).expandingTildeInPath) else {
                problems.append("\(file): cannot be read (does it exist?)")
                continue
            }
            do { reports.append(try LearnerReport.read(data, file: file)) } catch { problems.append(String(describing: error)) }
        }
        return (reports, problems)
    }

    public static let columnTitles = ["Lesson", "Done", "Started", "Median min", "Most failed check", "Stuck (same step)"]

    /// The cells of each row, as text.
    public var cells: [[String]] {
        rows.map { row in
            let percent = row.learners == 0 ? 0 : Int((Double(row.completed) / Double(row.learners) * 100).rounded())
            let failed = row.mostFailed.map { "\($0.check): \($0.attempts)× by \($0.learners)" } ?? "—"
            let stuck = row.stuck.map { "step \($0.step): \($0.learners.joined(separator: ", "))" }.joined(separator: "; ")
            return ["\(row.number) \(row.title)", "\(row.completed)/\(row.learners) (\(percent)%)", "\(row.started)",
                    row.medianMinutes.map { String(format: "%.1f", $0) } ?? "—", failed, stuck.isEmpty ? "—" : stuck]
        }
    }

    /// The table in `format`.
    public func render(_ format: Format, style: RenderStyle = RenderStyle(width: 160)) -> String {
        let learners = reports.map(\.learner).joined(separator: ", ")
        let seeds = Set(reports.map(\.seed)).sorted().map(String.init).joined(separator: ", ")
        let versions = Set(reports.map(\.tunelabVersion)).sorted().joined(separator: ", ")
        let caption = "\(reports.count) learners (\(learners)); TuneLab \(versions); seed \(seeds)"
        switch format {
        case .terminal:
            let table = TableRenderer(titles: Self.columnTitles, title: caption)
            return table.render(rows: cells.map { $0.map { TableRenderer.Cell.text($0) } }, style: style).joined(separator: "\n") + "\n"
        case .markdown:
            let escape = { (text: String) in text.replacingOccurrences(of: "|", with: "\\|") }
            var lines = ["**\(caption)**", "", "| " + Self.columnTitles.joined(separator: " | ") + " |",
                         "|" + Self.columnTitles.map { _ in "---" }.joined(separator: "|") + "|"]
            lines += cells.map { "| " + $0.map(escape).joined(separator: " | ") + " |" }
            return lines.joined(separator: "\n") + "\n"
        case .csv:
            let titles = ["lesson", "title", "learners", "completed", "started", "median_minutes", "most_failed_check", "most_failed_attempts", "most_failed_learners", "stuck"]
            let quote = { (text: String) -> String in
                text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
            }
            var lines = [titles.joined(separator: ",")]
            for row in rows {
                let stuck = row.stuck.map { "step \($0.step): \($0.learners.joined(separator: " "))" }.joined(separator: "; ")
                let fields = ["\(row.number)", row.title, "\(row.learners)", "\(row.completed)", "\(row.started)",
                              row.medianMinutes.map { String(format: "%.1f", $0) } ?? "",
                              row.mostFailed?.check ?? "", row.mostFailed.map { "\($0.attempts)" } ?? "",
                              row.mostFailed.map { "\($0.learners)" } ?? "", stuck]
                lines.append(fields.map(quote).joined(separator: ","))
            }
            return lines.joined(separator: "\n") + "\n"
        }
    }
}
