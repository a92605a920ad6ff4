import Foundation

/// The blocks that make a lesson a workshop: exercises, predictions, section minutes and
/// takeaways (format: Lessons/FORMAT.md).
extension LessonParser {
    /// `## One neuron (3 min)` → ("One neuron", 3); a heading without minutes → (title, nil).
    static func heading(_ line: String) -> (String, Int?) {
        let title = line.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces)
        guard title.hasSuffix(" min)"), let open = title.lastIndex(of: "(") else { return (title, nil) }
        let inside = title[title.index(after: open)...].dropLast(" min)".count).trimmingCharacters(in: .whitespaces)
        guard let minutes = Int(inside) else { return (title, nil) }
        return (title[..<open].trimmingCharacters(in: .whitespaces), minutes)
    }

    /// An ```` ```exercise ```` block: conditions, `hint:` lines (a ladder, in order) and
    /// `solution:` lines (commands, validated like a cell's).
    func exerciseBlock(_ lines: [String], line: Int, task: String) -> (Exercise, [LessonFileError.Issue]) {
        var checkLines: [String] = []
        var solution: [LessonCommand] = []
        var issues: [LessonFileError.Issue] = []
        for (offset, raw) in lines.enumerated() {
            let text = raw.trimmingCharacters(in: .whitespaces)
            if text.lowercased().hasPrefix("solution:") {
                let command = LessonCommand(text: text.dropFirst("solution:".count).trimmingCharacters(in: .whitespaces), line: line + 1 + offset)
                if command.text.isEmpty {
                    issues.append(.init(line: command.line, message: "solution: write a command after it"))
                } else {
                    issues += validateCommand(command)
                    solution.append(command)
                }
                checkLines.append("")
            } else {
                checkLines.append(raw)
            }
        }
        let (block, problems) = Self.checkBlock(checkLines, line: line)
        issues += problems.map { $0.message.hasPrefix("empty check block") ? .init(line: line, message: "empty exercise block: write at least one condition, hint: lines and solution: lines") : $0 }
        if solution.isEmpty, issues.isEmpty {
            issues.append(.init(line: line, message: "an exercise needs solution: lines (the commands that solve it)"))
        }
        let prompt = task.replacingOccurrences(of: "**Try it:**", with: "").trimmingCharacters(in: .whitespacesAndNewlines)
        return (Exercise(prompt: prompt, conditions: block.conditions, hints: block.hints, solution: solution, line: line), issues)
    }

    /// A ```` ```predict ```` block: `ask:` and either `answer:` (a number expression) with
    /// `within:` (the tolerance), or two or more `choice: word: condition` lines.
    static func predictBlock(_ lines: [String], line: Int) -> (Prediction?, [LessonFileError.Issue]) {
        var question: String?
        var answer: CheckExpression?
        var tolerance: Double?
        var choices: [(word: String, condition: CheckExpression)] = []
        var issues: [LessonFileError.Issue] = []
        for (offset, raw) in lines.enumerated() {
            let text = raw.trimmingCharacters(in: .whitespaces)
            let lineNumber = line + 1 + offset
            if text.isEmpty || text.hasPrefix("#") { continue }
            guard let colon = text.firstIndex(of: ":") else {
                issues.append(.init(line: lineNumber, message: "predict: expected ask:, answer:, within: or choice: lines"))
                continue
            }
            let key = text[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            do {
                switch key {
                case "ask": question = value
                case "answer": answer = try CheckExpression(parsing: value)
                case "within":
                    guard let number = Double(value), number >= 0 else {
                        issues.append(.init(line: lineNumber, message: "within: expects a number >= 0 (how far a guess may be off)"))
                        continue
                    }
                    tolerance = number
                case "choice":
                    guard let split = value.firstIndex(of: ":") else {
                        issues.append(.init(line: lineNumber, message: "choice: is written choice: word: condition"))
                        continue
                    }
                    let word = value[..<split].trimmingCharacters(in: .whitespaces)
                    guard !word.isEmpty, !word.contains(" ") else {
                        issues.append(.init(line: lineNumber, message: "choice: the answer is one word (the learner types predict WORD)"))
                        continue
                    }
                    choices.append((word, try CheckExpression(parsing: value[value.index(after: split)...].trimmingCharacters(in: .whitespaces))))
                default:
                    issues.append(.init(line: lineNumber, message: "predict: unknown key \(key); keys: ask, answer, within, choice"))
                }
            } catch {
                issues.append(.init(line: lineNumber, message: "predict \(key): \(error)"))
            }
        }
        guard let question, !question.isEmpty else {
            return (nil, issues + [.init(line: line, message: "a predict block needs an ask: line (the question)")])
        }
        switch (answer, choices.count) {
        case let (expression?, 0):
            return (Prediction(question: question, answer: .number(expression, tolerance: tolerance ?? 0), line: line), issues)
        case (nil, 2...):
            return (Prediction(question: question, answer: .choice(choices), line: line), issues)
        default:
            return (nil, issues + [.init(line: line, message: "a predict block has either answer: (with within:) or two or more choice: lines")])
        }
    }

    /// Problems of the lesson as a whole: a prediction not followed by a cell, takeaways not
    /// at the end, section minutes that are partial or do not add up to `minutes`.
    static func structureIssues(steps: [LessonStep], sections: [LessonSection], front: LessonFrontMatter) -> [LessonFileError.Issue] {
        var issues: [LessonFileError.Issue] = []
        for (index, step) in steps.enumerated() {
            switch step.content {
            case .predict:
                if index + 1 >= steps.count || { if case .cell = steps[index + 1].content { return false } else { return true } }() {
                    issues.append(.init(line: step.line, message: "a predict block comes right before the cell whose result it asks about"))
                }
            case .takeaways:
                if index != steps.count - 1 {
                    issues.append(.init(line: step.line, message: "the takeaways box ends the lesson; move it after the last step"))
                }
            default: continue
            }
        }
        let timed = sections.filter { $0.minutes != nil }
        if !timed.isEmpty {
            for section in sections where section.minutes == nil {
                issues.append(.init(line: section.line, message: "other headings give their minutes; add them here too: ## \(section.title) (N min)"))
            }
            let total = timed.compactMap(\.minutes).reduce(0, +)
            if timed.count == sections.count, total != front.minutes {
                issues.append(.init(line: timed[0].line, message: "the sections' minutes add up to \(total), but the front matter says minutes: \(front.minutes)"))
            }
        }
        return issues
    }
}
