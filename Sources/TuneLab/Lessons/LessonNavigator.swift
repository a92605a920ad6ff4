import Foundation

/// Walks the learner through a lesson one step at a time, pre-fills cells at the prompt,
/// evaluates checks, and saves progress after every step.
public final class LessonNavigator {
    public let library: LessonLibrary
    public let store: ProgressStore?
    public let registry: CommandRegistry
    let output: Output
    let session: Session
    public private(set) var progress: LessonProgress
    /// The open lesson, or nil.
    public private(set) var current: Lesson?
    /// The step reached in the open lesson (0-based; `steps.count` means finished).
    public private(set) var step = 0
    /// How many commands of the current cell have run (the next one is pre-filled).
    public private(set) var cellCommandsRun = 0

    public init(library: LessonLibrary, store: ProgressStore?, registry: CommandRegistry, output: Output, session: Session) {
        self.library = library
        self.store = store
        self.registry = registry
        self.output = output
        self.session = session
        if let store {
            let (loaded, warning) = store.load()
            progress = loaded
            if let warning { output.warning(warning) }
        } else {
            progress = LessonProgress()
        }
    }

    // MARK: - State for the prompt

    /// The command to pre-type at the prompt: the next command of the current cell.
    public var prefill: String? {
        guard let lesson = current, step < lesson.steps.count,
              case let .cell(commands) = lesson.steps[step].content, cellCommandsRun < commands.count else { return nil }
        return commands[cellCommandsRun].text
    }

    /// "2·5" for lesson 2 at step 5; nil without an open lesson.
    public var positionLabel: String? {
        guard let lesson = current else { return nil }
        return step >= lesson.steps.count ? "\(lesson.number)·end" : "\(lesson.number)·\(step + 1)"
    }

    // MARK: - Moving

    /// Reopens the lesson that was open last time, at the step reached (nothing when none).
    ///
    /// - Parameter announcing: whether to say so; a script piped into the lab keeps its
    ///   output free of it, and `where` still tells.
    public func resume(announcing: Bool = true) {
        guard let slug = progress.currentLesson, let entry = library.entry(slug: slug),
              let lesson = try? LessonParser(registry: registry).parse(file: entry.file) else { return }
        current = lesson
        step = min(progress.lessons[slug]?.step ?? 0, lesson.steps.count)
        cellCommandsRun = 0
        guard announcing else { return }
        output.line("Resuming lesson \(lesson.number), \(lesson.title), at step \(min(step + 1, lesson.steps.count)) of \(lesson.steps.count). Press Enter or type next to go on; where shows where you are.")
    }

    /// Opens the lesson `reference` points at, where the learner left it, and shows that step.
    @discardableResult
    public func open(_ reference: String) throws -> Lesson {
        let entry = try library.entry(for: reference)
        let lesson: Lesson
        do {
            lesson = try LessonParser(registry: registry).parse(file: entry.file)
        } catch {
            throw CommandError("lesson \(entry.number) cannot be opened:\n\(error)")
        }
        current = lesson
        let record = progress.lessons[lesson.slug]
        step = record.map { $0.completed ? 0 : min($0.step, lesson.steps.count - 1) } ?? 0
        cellCommandsRun = 0
        progress.currentLesson = lesson.slug
        save()
        let front = lesson.frontMatter
        output.line(output.styled("Lesson \(lesson.number): \(front.title)", .bold) + "  (about \(front.minutes) min, \(lesson.steps.count) steps)")
        output.line("You will:")
        for objective in front.objectives { output.line("  • " + objective) }
        if step > 0 { output.line("(resuming at step \(step + 1); restart starts over)") }
        output.line()
        showStep()
        return lesson
    }

    /// Moves to the next step. At a check not yet passed it evaluates the check and stays
    /// when it fails (`skip` moves on anyway).
    public func next() throws {
        let lesson = try openLesson()
        if step < lesson.steps.count, case .check = lesson.steps[step].content,
           !(progress.lessons[lesson.slug]?.passedChecks.contains(step) ?? false) {
            guard try evaluateCurrentCheck() else { return }
        }
        try move(to: step + 1)
    }

    /// Moves to the previous step.
    public func back() throws {
        _ = try openLesson()
        guard step > 0 else { throw CommandError("back: this is the first step.") }
        try move(to: step - 1)
    }

    /// Moves to step `number` (1-based).
    public func goTo(_ number: Int) throws {
        let lesson = try openLesson()
        guard (1...lesson.steps.count).contains(number) else {
            throw CommandError("goto \(number): this lesson has steps 1 to \(lesson.steps.count).")
        }
        try move(to: number - 1)
    }

    /// Moves past the current step without running or passing it.
    public func skip() throws {
        let lesson = try openLesson()
        guard step < lesson.steps.count else { throw CommandError("skip: the lesson is finished; open another one (lessons).") }
        try move(to: step + 1)
    }

    /// Goes back to the first step and forgets the lesson's passed checks.
    public func restart() throws {
        let lesson = try openLesson()
        progress.lessons[lesson.slug] = LessonProgress.Record()
        try move(to: 0)
    }

    /// Closes the open lesson (progress is kept).
    public func close() {
        current = nil
        progress.currentLesson = nil
        save()
    }

    private func move(to newStep: Int) throws {
        let lesson = try openLesson()
        step = max(0, min(newStep, lesson.steps.count))
        cellCommandsRun = 0
        var record = progress.lessons[lesson.slug] ?? LessonProgress.Record()
        record.step = step
        if step == lesson.steps.count { record.completed = true }
        progress.lessons[lesson.slug] = record
        save()
        showStep()
    }

    private func openLesson() throws -> Lesson {
        guard let current else { throw CommandError("no lesson is open; type lessons to list them, then open N.") }
        return current
    }

    // MARK: - Showing

    /// Prints the current step.
    public func showStep() {
        guard let lesson = current else { return }
        guard step < lesson.steps.count else {
            let passed = progress.lessons[lesson.slug]?.passedChecks.count ?? 0
            output.line(output.styled("End of lesson \(lesson.number).", .bold) + " Checks passed: \(passed) of \(lesson.checkSteps.count).")
            if let following = library.entries.first(where: { $0.number > lesson.number }) {
                output.line("Next: open \(following.number) (\(following.title)), or lessons for the list.")
            } else {
                output.line("That was the last lesson. Type lessons to see your progress.")
            }
            return
        }
        let item = lesson.steps[step]
        let header = output.styled("[\(step + 1)/\(lesson.steps.count)]", .dim)
        switch item.content {
        case let .prose(text):
            output.line(header)
            for line in LessonProse.render(text, output: output) { output.line(line) }
        case let .tryIt(text):
            output.line(header + " " + output.styled("Try it", .magenta, .bold))
            let body = text.replacingOccurrences(of: "**Try it:**", with: "").trimmingCharacters(in: .whitespaces)
            let bar = output.styled("┃ ", .magenta)
            for line in LessonProse.wrap(LessonProse.inline(body.replacingOccurrences(of: "\n", with: " "), output), width: output.width, first: bar, rest: bar) {
                output.line(line)
            }
        case let .cell(commands):
            output.line(header + " " + output.styled("Cell", .cyan, .bold) + (commands.count > 1 ? " (\(commands.count) commands)" : ""))
            for command in commands { output.line("    " + output.styled(command.text, .cyan)) }
            output.line(output.styled("It is typed at the prompt: press Enter to run it, or edit it first.", .dim))
        case let .check(block):
            output.line(header + " " + output.styled("Check", .yellow, .bold))
            for condition in block.conditions { output.line("    " + condition.expression.source) }
            output.line(output.styled("Press Enter (or type check) to test it; hint gives a hint; skip moves on.", .dim))
        }
    }

    /// Prints which lesson and step is open.
    public func describePosition() {
        guard let lesson = current else {
            output.line("No lesson is open. Type lessons to list them, then open N.")
            return
        }
        if step >= lesson.steps.count {
            output.line("Lesson \(lesson.number), \(lesson.title): finished (\(lesson.steps.count) steps).")
        } else {
            let item = lesson.steps[step]
            output.line("Lesson \(lesson.number), \(lesson.title): step \(step + 1) of \(lesson.steps.count), a \(item.kindName) (\(lesson.file.lastPathComponent):\(item.line)).")
        }
    }

    // MARK: - Checks

    /// The hints of the current check block, or of the last one before the current step.
    public func hints() throws -> [String] {
        let lesson = try openLesson()
        let index = lesson.checkSteps.last { $0 <= step }
        guard let index, case let .check(block) = lesson.steps[index].content else {
            throw CommandError("hint: there is no check at or before this step.")
        }
        return block.hints.isEmpty ? ["(this check has no hint)"] : block.hints
    }

    /// Evaluates the current check block, prints each condition, records a pass; returns true
    /// when every condition holds.
    @discardableResult
    public func evaluateCurrentCheck() throws -> Bool {
        let lesson = try openLesson()
        guard step < lesson.steps.count, case let .check(block) = lesson.steps[step].content else {
            let following = lesson.checkSteps.first { $0 > step }
            throw CommandError("check: this step is not a check" + (following.map { "; the next check is step \($0 + 1)." } ?? "."))
        }
        let passed = Self.report(block, session: session, output: output)
        if passed {
            var record = progress.lessons[lesson.slug] ?? LessonProgress.Record(step: step)
            record.passedChecks.insert(step)
            progress.lessons[lesson.slug] = record
            save()
            output.line(output.styled("Check passed.", .green, .bold) + " Press Enter (or next) to go on.")
        } else {
            output.line("Not yet. Type hint for a hint, change something and check again, or skip.")
        }
        return passed
    }

    /// Prints ✓/✗ and the values read for each condition; true when all pass.
    public static func report(_ block: CheckBlock, session: Session, output: Output) -> Bool {
        var allPassed = true
        for condition in block.conditions {
            let outcome = condition.expression.evaluate(in: session)
            allPassed = allPassed && outcome.passed
            let mark = outcome.passed ? output.styled("✓", .green) : output.styled("✗", .red)
            let detail = outcome.explanation.isEmpty ? "" : output.styled("  (\(outcome.explanation))", .dim)
            output.line("  \(mark) \(condition.expression.source)\(detail)")
        }
        return allPassed
    }

    // MARK: - Following the learner

    /// Called after each command: running the pre-filled command (same verb) moves to the
    /// cell's next command.
    public func noteRan(_ invocation: CommandInvocation) {
        guard let lesson = current, step < lesson.steps.count,
              case let .cell(commands) = lesson.steps[step].content, cellCommandsRun < commands.count else { return }
        let expected = commands[cellCommandsRun].text.split(separator: " ").first.map(String.init) ?? ""
        if registry.command(named: expected)?.verb == invocation.spec.verb {
            cellCommandsRun += 1
            if cellCommandsRun == commands.count {
                output.line(output.styled("Press Enter (or next) to go on.", .dim))
            }
        }
    }

    // MARK: - Saving

    /// Saves progress now (after every step; also at exit).
    public func saveProgress() { save() }

    private func save() {
        guard let store else { return }
        do { try store.save(progress) } catch { output.warning("progress not saved: \(error)") }
    }
}
