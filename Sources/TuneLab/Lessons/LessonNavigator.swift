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
    /// The clock time is measured with (tests set their own).
    public var clock: () -> Date = Date.init
    /// When the learner last did something in the open lesson (nil right after start).
    private var lastActive: Date?
    /// Guesses typed at predict steps of the open lesson, by step.
    private var guesses: [Int: String] = [:]
    /// A revealed solution being typed at the prompt, and how many of its commands ran.
    private var solutionQueue: [LessonCommand] = []
    private var solutionCommandsRun = 0

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
        if solutionCommandsRun < solutionQueue.count { return solutionQueue[solutionCommandsRun].text }
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
        guesses = [:]
        solutionQueue = []
        lastActive = clock()
        let record = progress.lessons[lesson.slug]
        step = record.map { $0.completed ? 0 : min($0.step, lesson.steps.count - 1) } ?? 0
        cellCommandsRun = 0
        progress.currentLesson = lesson.slug
        if progress.lessons[lesson.slug] == nil { progress.lessons[lesson.slug] = LessonProgress.Record() }
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
        if step < lesson.steps.count, case let .predict(prediction) = lesson.steps[step].content, guesses[step] == nil {
            let example = prediction.words.isEmpty ? "predict 0.8" : "predict \(prediction.words[0])"
            output.line("Guess first: type \(example) (skip moves on without guessing).")
            return
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
        solutionQueue = []
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
            let exercises = lesson.steps.indices.filter { if case .exercise = lesson.steps[$0].content { return true } else { return false } }
            let solved = exercises.filter { progress.lessons[lesson.slug]?.activity?.exercises[String($0)]?.solved == true }.count
            output.line(output.styled("End of lesson \(lesson.number).", .bold) + " Checks passed: \(passed) of \(lesson.checkSteps.count)."
                + (exercises.isEmpty ? "" : " Exercises solved: \(solved) of \(exercises.count)."))
            if let following = library.entries.first(where: { $0.number > lesson.number }) {
                output.line("Next: open \(following.number) (\(following.title)), or lessons for the list.")
            } else {
                output.line("That was the last lesson. Type lessons to see your progress.")
            }
            return
        }
        let item = lesson.steps[step]
        let header = output.styled("[\(step + 1)/\(lesson.steps.count)]", .dim)
        if let note = Self.markdown(of: item) { session.transcript.attach(note: note) }
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
        case let .exercise(exercise):
            output.line(header + " " + output.styled("Exercise", .magenta, .bold))
            let bar = output.styled("┃ ", .magenta)
            for line in LessonProse.wrap(LessonProse.inline(exercise.prompt.replacingOccurrences(of: "\n", with: " "), output), width: output.width, first: bar, rest: bar) {
                output.line(line)
            }
            output.line(output.styled("Do it at the prompt, then check tests it. hint gives one hint at a time (\(exercise.hints.count) in all); solution shows the answer; Enter moves on.", .dim))
        case let .predict(prediction):
            output.line(header + " " + output.styled("Predict", .blue, .bold) + " " + prediction.question)
            let how = prediction.words.isEmpty ? "a number: predict 0.8" : "one of \(prediction.words.joined(separator: ", ")): predict \(prediction.words[0])"
            output.line(output.styled("Type your guess before the next cell runs, as \(how). The lab compares after it ran.", .dim))
        case let .takeaways(items):
            output.line(header + " " + output.styled("Takeaways", .green, .bold))
            let bar = output.styled("┃ ", .green)
            for item in items {
                for line in LessonProse.wrap(LessonProse.inline(item, output), width: output.width, first: bar + "• ", rest: bar + "  ") { output.line(line) }
            }
        }
    }

    /// A step's text as Markdown, for notebook exports (nil for cells and checks).
    static func markdown(of step: LessonStep) -> String? {
        switch step.content {
        case let .prose(text): return text
        case let .tryIt(text): return text.split(separator: "\n", omittingEmptySubsequences: false).map { "> " + $0 }.joined(separator: "\n")
        case let .exercise(exercise): return "> **Try it:** " + exercise.prompt.replacingOccurrences(of: "\n", with: "\n> ")
        case let .predict(prediction): return "**Predict:** " + prediction.question
        case let .takeaways(items): return "> **Takeaways**\n" + items.map { "> - " + $0 }.joined(separator: "\n")
        case .cell, .check: return nil
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
    /// At an exercise: the hints up to one more rung of its ladder.
    public func hints() throws -> [String] {
        let lesson = try openLesson()
        let index = lesson.steps.indices.last { index in
            guard index <= step else { return false }
            switch lesson.steps[index].content {
            case .check, .exercise: return true
            default: return false
            }
        }
        guard let index else { throw CommandError("hint: there is no check or exercise at or before this step.") }
        if case let .exercise(exercise) = lesson.steps[index].content {
            guard !exercise.hints.isEmpty else { return ["(this exercise has no hint; solution shows the answer)"] }
            var shown = 0
            updateActivity(lesson) { activity in
                var state = activity.exercises[String(index)] ?? LessonActivity.ExerciseState()
                state.hintsUsed = min(state.hintsUsed + 1, exercise.hints.count)
                shown = state.hintsUsed
                activity.exercises[String(index)] = state
            }
            let ladder = exercise.hints.prefix(shown).enumerated().map { "(\($0.offset + 1)/\(exercise.hints.count)) \($0.element)" }
            return ladder + (shown < exercise.hints.count ? [] : ["(that was the last hint; solution shows the answer)"])
        }
        guard case let .check(block) = lesson.steps[index].content else { return [] }
        updateActivity(lesson) { $0.hintsShown[String(index), default: 0] += 1 }
        return block.hints.isEmpty ? ["(this check has no hint)"] : block.hints
    }

    /// The solution of the exercise at or before this step: its commands, which are then
    /// typed at the prompt one by one. Marks the exercise as revealed.
    public func revealSolution() throws -> [LessonCommand] {
        let lesson = try openLesson()
        let index = lesson.steps.indices.last { index in
            guard index <= step, case .exercise = lesson.steps[index].content else { return false }
            return true
        }
        guard let index, case let .exercise(exercise) = lesson.steps[index].content else {
            throw CommandError("solution: there is no exercise at or before this step.")
        }
        updateActivity(lesson) { activity in
            var state = activity.exercises[String(index)] ?? LessonActivity.ExerciseState()
            state.revealed = true
            activity.exercises[String(index)] = state
        }
        solutionQueue = exercise.solution
        solutionCommandsRun = 0
        return exercise.solution
    }

    /// Records the learner's guess for the prediction at this step (or the one just before
    /// the cell at this step, while none of the cell has run).
    public func predict(_ guess: String) throws {
        let lesson = try openLesson()
        var index = step
        if index < lesson.steps.count, case .cell = lesson.steps[index].content, cellCommandsRun == 0, index > 0 { index -= 1 }
        guard index < lesson.steps.count, case let .predict(prediction) = lesson.steps[index].content else {
            throw CommandError("predict: there is no question to guess at this step.")
        }
        try prediction.validate(guess)
        guesses[index] = guess
        output.line("Your guess: \(guess). Now run the cell (Enter goes to it); the lab compares after it ran.")
        if index == step { try move(to: step + 1) }
    }

    /// Evaluates the check block or exercise at this step, prints each condition, records a
    /// pass; returns true when every condition holds.
    @discardableResult
    public func evaluateCurrentCheck() throws -> Bool {
        let lesson = try openLesson()
        if step < lesson.steps.count, case let .exercise(exercise) = lesson.steps[step].content {
            let (passed, _) = Self.evaluate(exercise.checkBlock, session: session, output: output)
            let index = String(step)
            updateActivity(lesson) { activity in
                var state = activity.exercises[index] ?? LessonActivity.ExerciseState()
                state.solved = state.solved || passed
                activity.exercises[index] = state
            }
            output.line(passed ? output.styled("Exercise solved.", .green, .bold) + " Press Enter (or next) to go on."
                               : "Not yet. hint gives a hint, solution shows the answer, Enter moves on.")
            return passed
        }
        return try evaluateCheckBlock(lesson)
    }

    /// The check block at this step: prints each condition, records a pass with the values
    /// that passed it (or a failed attempt); true when every condition holds.
    private func evaluateCheckBlock(_ lesson: Lesson) throws -> Bool {
        guard step < lesson.steps.count, case let .check(block) = lesson.steps[step].content else {
            let following = lesson.checkSteps.first { $0 > step }
            throw CommandError("check: this step is not a check" + (following.map { "; the next check is step \($0 + 1)." } ?? "."))
        }
        let (passed, values) = Self.evaluate(block, session: session, output: output)
        if passed {
            var record = progress.lessons[lesson.slug] ?? LessonProgress.Record(step: step)
            record.passedChecks.insert(step)
            var activity = record.activity ?? LessonActivity()
            activity.passedChecks[String(step)] = LessonActivity.CheckPass(values: values)
            record.activity = activity
            progress.lessons[lesson.slug] = record
            save()
            output.line(output.styled("Check passed.", .green, .bold) + " Press Enter (or next) to go on.")
        } else {
            updateActivity(lesson) { $0.failedChecks[String(step), default: 0] += 1 }
            output.line("Not yet. Type hint for a hint, change something and check again, or skip.")
        }
        return passed
    }

    /// Changes the open lesson's activity record and saves it.
    private func updateActivity(_ lesson: Lesson, _ change: (inout LessonActivity) -> Void) {
        var record = progress.lessons[lesson.slug] ?? LessonProgress.Record(step: step)
        var activity = record.activity ?? LessonActivity()
        change(&activity)
        record.activity = activity
        progress.lessons[lesson.slug] = record
        save()
    }

    /// Adds the time since the learner's last action to the open lesson (capped: a long
    /// pause means they were away).
    private func tick() {
        guard let lesson = current else { return }
        let now = clock()
        if let lastActive {
            let gap = max(0, min(now.timeIntervalSince(lastActive), LessonActivity.idleCap))
            var record = progress.lessons[lesson.slug] ?? LessonProgress.Record(step: step)
            var activity = record.activity ?? LessonActivity()
            activity.seconds += gap
            record.activity = activity
            progress.lessons[lesson.slug] = record
        }
        lastActive = now
    }

    /// Prints ✓/✗ and the values read for each condition; true when all pass.
    public static func report(_ block: CheckBlock, session: Session, output: Output) -> Bool {
        evaluate(block, session: session, output: output).passed
    }

    /// Prints ✓/✗ for each condition; returns whether all pass and every value read.
    public static func evaluate(_ block: CheckBlock, session: Session, output: Output) -> (passed: Bool, values: [String: Double]) {
        var values: [String: Double] = [:]
        var allPassed = true
        for condition in block.conditions {
            let outcome = condition.expression.evaluate(in: session)
            allPassed = allPassed && outcome.passed
            values.merge(outcome.values) { _, new in new }
            let mark = outcome.passed ? output.styled("✓", .green) : output.styled("✗", .red)
            let detail = outcome.explanation.isEmpty ? "" : output.styled("  (\(outcome.explanation))", .dim)
            output.line("  \(mark) \(condition.expression.source)\(detail)")
        }
        return (allPassed, values)
    }

    // MARK: - Following the learner

    /// Called after each command: running the pre-filled command (same verb) moves to the
    /// cell's next command.
    public func noteRan(_ invocation: CommandInvocation) {
        tick()
        if solutionCommandsRun < solutionQueue.count {
            let expected = solutionQueue[solutionCommandsRun].text.split(separator: " ").first.map(String.init) ?? ""
            if registry.command(named: expected)?.verb == invocation.spec.verb {
                solutionCommandsRun += 1
                if solutionCommandsRun == solutionQueue.count { output.line(output.styled("Solution typed in full: check tests it.", .dim)) }
            }
            return
        }
        guard let lesson = current, step < lesson.steps.count,
              case let .cell(commands) = lesson.steps[step].content, cellCommandsRun < commands.count else { return }
        let expected = commands[cellCommandsRun].text.split(separator: " ").first.map(String.init) ?? ""
        if registry.command(named: expected)?.verb == invocation.spec.verb {
            cellCommandsRun += 1
            if cellCommandsRun == commands.count {
                comparePrediction(lesson)
                output.line(output.styled("Press Enter (or next) to go on.", .dim))
            }
        }
    }

    /// After the cell that a prediction asked about: the guess beside what the lab measured.
    private func comparePrediction(_ lesson: Lesson) {
        let index = step - 1
        guard index >= 0, case let .predict(prediction) = lesson.steps[index].content, let guess = guesses[index] else { return }
        let result = prediction.judge(guess, in: session)
        if let problem = result.problem {
            output.warning("the prediction could not be compared: \(problem)")
            return
        }
        let verdict = result.right ? output.styled("right", .green, .bold) : output.styled("not this time", .yellow, .bold)
        output.line("You predicted \(guess); the lab measured \(result.actual): \(verdict).")
        updateActivity(lesson) { $0.predictions[String(index)] = LessonActivity.PredictionRecord(guess: guess, actual: result.actual, right: result.right) }
    }

    // MARK: - Saving

    /// Saves progress now (after every step; also at exit).
    public func saveProgress() { save() }

    private func save() {
        guard let store else { return }
        do { try store.save(progress) } catch { output.warning("progress not saved: \(error)") }
    }
}
