import Foundation
import Yams

/// A lesson file with problems, each at a line: `Lessons/02-x.md:14: unknown command trian`.
public struct LessonFileError: Error, CustomStringConvertible {
    public struct Issue: Equatable, Sendable {
        public var line: Int
        public var message: String

        public init(line: Int, message: String) {
            self.line = line
            self.message = message
        }
    }

    public var file: String
    public var issues: [Issue]

    public var description: String {
        issues.map { "\(file):\($0.line): \($0.message)" }.joined(separator: "\n")
    }
}

/// Reads lesson files (format: Lessons/FORMAT.md) and validates their cells against the
/// registry without running them.
public struct LessonParser {
    /// Commands in cells are checked against it; nil skips that check.
    public var registry: CommandRegistry?

    public init(registry: CommandRegistry?) {
        self.registry = registry
    }

    /// The lesson in `file`; throws `LessonFileError` listing every problem with its line.
    public func parse(file: URL) throws -> Lesson {
        let data: Data
        do { data = try Data(contentsOf: file) } catch {
            throw LessonFileError(file: file.path, issues: [.init(line: 1, message: "cannot read the file (\(error.localizedDescription))")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw LessonFileError(file: file.path, issues: [.init(line: 1, message: "the file is not UTF-8 text")])
        }
        let (number, slug) = Self.numberAndSlug(of: file.lastPathComponent)
        return try parse(text: text, file: file, number: number, slug: slug)
    }

    /// `03-overfitting.md` → (3, "overfitting"); other names → (0, name without .md).
    public static func numberAndSlug(of fileName: String) -> (Int, String) {
        let base = fileName.hasSuffix(".md") ? String(fileName.dropLast(3)) : fileName
        let digits = base.prefix { $0.isNumber }
        if !digits.isEmpty, base.dropFirst(digits.count).first == "-", let number = Int(digits) {
            return (number, String(base.dropFirst(digits.count + 1)))
        }
        return (0, base)
    }

    // MARK: - Front matter

    /// The front matter of `text` and the index of the first body line.
    public static func frontMatter(of text: String, file: String) throws -> (LessonFrontMatter, Int) {
        try frontMatter(lines: lines(of: text), file: file)
    }

    /// The text's lines without their line ends (LF or CRLF).
    static func lines(of text: String) -> [String] {
        text.components(separatedBy: "\n").map { $0.hasSuffix("\r") ? String($0.dropLast()) : $0 }
    }

    /// The front matter at the top of `lines` and the index of the first body line.
    static func frontMatter(lines: [String], file: String) throws -> (LessonFrontMatter, Int) {
        guard lines.first?.trimmingCharacters(in: .whitespaces) == "---" else {
            throw LessonFileError(file: file, issues: [.init(line: 1, message: "a lesson starts with front matter between --- lines (title, minutes, objectives)")])
        }
        guard let end = lines.indices.dropFirst().first(where: { lines[$0].trimmingCharacters(in: .whitespaces) == "---" }) else {
            throw LessonFileError(file: file, issues: [.init(line: 1, message: "the front matter opened here is never closed with a --- line")])
        }
        let yaml = lines[1..<end].joined(separator: "\n")
        func issue(_ line: Int, _ message: String) -> LessonFileError {
            LessonFileError(file: file, issues: [.init(line: line, message: message)])
        }
        func lineOf(_ key: String) -> Int {
            (lines[1..<end].firstIndex { $0.hasPrefix(key + ":") } ?? 0) + 1
        }
        let loaded: Any?
        do {
            // Composed first and checked: Yams traps on a mapping key that is a list or a
            // mapping (`? - item`) when it turns the nodes into values.
            let node = try Yams.compose(yaml: yaml)
            if let node, let mark = Self.firstComplexKey(in: node) {
                throw issue((mark?.line ?? 1) + 1, "front matter keys are plain words (title, minutes, objectives, needs), not lists or mappings")
            }
            loaded = node?.any
        } catch let error as LessonFileError {
            throw error
        } catch let error as YamlError {
            let (line, problem) = Self.location(of: error)
            throw issue(line + 1, "front matter is not valid YAML: \(problem)")
        } catch {
            throw issue(2, "front matter is not valid YAML: \(error)")
        }
        guard let fields = loaded as? [String: Any] else {
            throw issue(2, "front matter must be key: value lines (title, minutes, objectives, needs)")
        }
        let known = ["title", "minutes", "objectives", "needs"]
        for key in fields.keys.sorted() where !known.contains(key) {
            throw issue(lineOf(key), "unknown front matter key \(key)." + EditDistance.didYouMean(key, among: known) + " Keys: \(known.joined(separator: ", "))")
        }
        guard let title = fields["title"] as? String, !title.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw issue(fields["title"] == nil ? 1 : lineOf("title"), "front matter needs title: (text)")
        }
        guard let minutes = fields["minutes"] as? Int, minutes > 0 else {
            throw issue(fields["minutes"] == nil ? 1 : lineOf("minutes"), "front matter needs minutes: (a whole number > 0)")
        }
        guard let objectiveList = fields["objectives"] as? [Any], !objectiveList.isEmpty,
              objectiveList.allSatisfy({ $0 is String }) else {
            throw issue(fields["objectives"] == nil ? 1 : lineOf("objectives"), "front matter needs objectives: a list of texts")
        }
        var needs: [LessonNeed] = []
        if let rawNeeds = fields["needs"], !(rawNeeds is NSNull) {
            guard let list = rawNeeds as? [Any] else {
                throw issue(lineOf("needs"), "needs: expects a list such as [pretrained: base]")
            }
            for item in list {
                if let pair = item as? [String: Any], pair.count == 1, let (kind, name) = pair.first, let nameText = name as? String {
                    needs.append(LessonNeed(kind: kind, name: nameText))
                } else if let word = item as? String {
                    let parts = word.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                    needs.append(parts.count == 2 ? LessonNeed(kind: parts[0], name: parts[1]) : LessonNeed(kind: word, name: word))
                } else {
                    throw issue(lineOf("needs"), "needs: each item is kind: name, such as pretrained: base")
                }
            }
        }
        let front = LessonFrontMatter(title: title, minutes: minutes, objectives: objectiveList.compactMap { $0 as? String }, needs: needs)
        return (front, end + 1)
    }

    /// Where the first mapping key that is not a scalar is, at any depth; nil when every
    /// key is a scalar (the outer optional says whether one was found).
    static func firstComplexKey(in node: Node) -> Mark?? {
        switch node {
        case .mapping(let mapping):
            for (key, value) in mapping {
                if key.scalar == nil { return .some(key.mark) }
                if let found = firstComplexKey(in: value) { return found }
            }
        case .sequence(let sequence):
            for item in sequence { if let found = firstComplexKey(in: item) { return found } }
        default: break
        }
        return nil
    }

    private static func location(of error: YamlError) -> (Int, String) {
        switch error {
        case let .scanner(context, problem, mark, _):
            return (mark.line, [context?.text, problem].compactMap { $0 }.joined(separator: " "))
        case let .parser(context, problem, mark, _):
            return (mark.line, [context?.text, problem].compactMap { $0 }.joined(separator: " "))
        case let .composer(context, problem, mark, _):
            return (mark.line, [context?.text, problem].compactMap { $0 }.joined(separator: " "))
        default:
            return (1, String(describing: error))
        }
    }

    // MARK: - Body

    /// The lesson in `text`.
    public func parse(text: String, file: URL, number: Int, slug: String) throws -> Lesson {
        // Split once: the front matter and the body read the same lines.
        let lines = Self.lines(of: text)
        let (front, bodyStart) = try Self.frontMatter(lines: lines, file: file.path)
        var issues: [LessonFileError.Issue] = []
        var steps: [LessonStep] = []
        var prose: [String] = [], proseLine = 0
        var quote: [String] = [], quoteLine = 0
        var sections: [LessonSection] = []

        func flushProse() {
            let text = prose.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            if !text.isEmpty { steps.append(LessonStep(content: .prose(text), line: proseLine)) }
            prose = []
        }
        func flushQuote() {
            guard !quote.isEmpty else { return }
            let text = quote.joined(separator: "\n")
            let opening = text.trimmingCharacters(in: .whitespaces)
            if opening.hasPrefix("**Try it:**") {
                flushProse()
                steps.append(LessonStep(content: .tryIt(text), line: quoteLine))
            } else if opening.hasPrefix("**Takeaways") {
                flushProse()
                let items = quote.dropFirst().map { $0.trimmingCharacters(in: .whitespaces) }
                    .filter { $0.hasPrefix("- ") || $0.hasPrefix("* ") }
                    .map { String($0.dropFirst(2)).trimmingCharacters(in: .whitespaces) }
                if items.isEmpty { issues.append(.init(line: quoteLine, message: "a takeaways box lists its points as > - lines")) }
                steps.append(LessonStep(content: .takeaways(items), line: quoteLine))
            } else {
                if prose.isEmpty { proseLine = quoteLine }
                prose.append(contentsOf: quote.map { "> " + $0 })
            }
            quote = []
        }

        var index = bodyStart
        while index < lines.count {
            let line = lines[index]
            let lineNumber = index + 1
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if let fence = Self.fence(trimmed) {
                flushQuote()
                // Find the closing fence: the same character, at least as long.
                var close = index + 1
                while close < lines.count {
                    let candidate = lines[close].trimmingCharacters(in: .whitespaces)
                    if candidate.hasPrefix(fence.marker), candidate.allSatisfy({ $0 == fence.marker.first }) { break }
                    close += 1
                }
                guard close < lines.count else {
                    issues.append(.init(line: lineNumber, message: "the \(fence.marker)\(fence.info) block opened here is never closed"))
                    break
                }
                let inside = Array(lines[(index + 1)..<close])
                switch fence.info {
                case "tunelab":
                    flushProse()
                    let commands = inside.enumerated().compactMap { offset, text -> LessonCommand? in
                        let command = text.trimmingCharacters(in: .whitespaces)
                        return command.isEmpty || command.hasPrefix("#") ? nil : LessonCommand(text: command, line: lineNumber + 1 + offset)
                    }
                    if commands.isEmpty { issues.append(.init(line: lineNumber, message: "empty tunelab cell: write at least one command")) }
                    for command in commands { issues += validateCommand(command) }
                    steps.append(LessonStep(content: .cell(commands), line: lineNumber))
                case "check":
                    flushProse()
                    let (block, problems) = Self.checkBlock(inside, line: lineNumber)
                    issues += problems
                    steps.append(LessonStep(content: .check(block), line: lineNumber))
                case "exercise":
                    // It completes the `> **Try it:**` quote just before it.
                    let task: String?
                    if prose.isEmpty, let last = steps.last, case let .tryIt(text) = last.content { task = text } else { task = nil }
                    flushProse()
                    let (exercise, problems) = exerciseBlock(inside, line: lineNumber, task: task ?? "")
                    issues += problems
                    if task == nil {
                        issues.append(.init(line: lineNumber, message: "an exercise block comes right after the > **Try it:** quote it checks"))
                        steps.append(LessonStep(content: .exercise(exercise), line: lineNumber))
                    } else {
                        let quoteStart = steps.removeLast().line
                        steps.append(LessonStep(content: .exercise(exercise), line: quoteStart))
                    }
                case "predict":
                    flushProse()
                    let (prediction, problems) = Self.predictBlock(inside, line: lineNumber)
                    issues += problems
                    if let prediction { steps.append(LessonStep(content: .predict(prediction), line: lineNumber)) }
                default:
                    if prose.isEmpty { proseLine = lineNumber }
                    prose.append(contentsOf: lines[index...close])
                }
                index = close + 1
                continue
            }
            if trimmed.hasPrefix(">") {
                if quote.isEmpty { quoteLine = lineNumber }
                var content = String(trimmed.dropFirst())
                if content.hasPrefix(" ") { content.removeFirst() }
                quote.append(content)
            } else {
                flushQuote()
                // A level-two (or deeper) heading starts a new prose step, keeping steps short.
                if trimmed.hasPrefix("## "), !prose.isEmpty { flushProse() }
                if trimmed.hasPrefix("# ") || trimmed.hasPrefix("## ") {
                    let (title, minutes) = Self.heading(trimmed)
                    sections.append(LessonSection(title: title, minutes: minutes, firstStep: steps.count, line: lineNumber))
                }
                // Blank lines before a step's first text belong to no step.
                if prose.isEmpty, trimmed.isEmpty { index += 1; continue }
                if prose.isEmpty { proseLine = lineNumber }
                prose.append(line)
            }
            index += 1
        }
        flushQuote()
        flushProse()
        if issues.isEmpty, steps.isEmpty {
            issues.append(.init(line: bodyStart + 1, message: "the lesson has no text, cells or checks"))
        }
        issues += Self.structureIssues(steps: steps, sections: sections, front: front)
        guard issues.isEmpty else { throw LessonFileError(file: file.path, issues: issues) }
        return Lesson(file: file, number: number, slug: slug, frontMatter: front, steps: steps, sections: sections)
    }

    private static func fence(_ trimmed: String) -> (marker: String, info: String)? {
        for character: Character in ["`", "~"] {
            let run = trimmed.prefix { $0 == character }
            if run.count >= 3 {
                let info = trimmed.dropFirst(run.count).trimmingCharacters(in: .whitespaces)
                if character == "`", info.contains("`") { return nil }
                return (String(run), info.split(separator: " ").first.map(String.init) ?? "")
            }
        }
        return nil
    }

    func validateCommand(_ command: LessonCommand) -> [LessonFileError.Issue] {
        guard let registry else { return [] }
        do {
            _ = try CommandParser(registry: registry, session: nil, checksFiles: false).parse(command.text)
            return []
        } catch {
            return [.init(line: command.line, message: String(describing: error))]
        }
    }

    static func checkBlock(_ lines: [String], line: Int) -> (CheckBlock, [LessonFileError.Issue]) {
        var conditions: [CheckBlock.Condition] = []
        var hints: [String] = []
        var issues: [LessonFileError.Issue] = []
        for (offset, raw) in lines.enumerated() {
            let text = raw.trimmingCharacters(in: .whitespaces)
            let lineNumber = line + 1 + offset
            if text.isEmpty || text.hasPrefix("#") { continue }
            if text.lowercased().hasPrefix("hint:") {
                hints.append(text.dropFirst(5).trimmingCharacters(in: .whitespaces))
                continue
            }
            do {
                conditions.append(.init(expression: try CheckExpression(parsing: text), line: lineNumber))
            } catch {
                issues.append(.init(line: lineNumber, message: "check condition: \(error)"))
            }
        }
        if conditions.isEmpty, issues.isEmpty {
            issues.append(.init(line: line, message: "empty check block: write at least one condition (and a hint: line)"))
        }
        return (CheckBlock(conditions: conditions, hints: hints, line: line), issues)
    }
}
