extension CommandSpec {
    /// `lessons`: the lessons with progress marks.
    public static let lessons = CommandSpec(
        verb: "lessons",
        summary: "list the lessons and your progress",
        examples: ["lessons"]
    ) { _, context in
        let output = context.output
        let library = context.lessons.library
        guard !library.entries.isEmpty else {
            output.line("No lessons found" + (library.folder.map { " in \($0.path)" } ?? "; use --lessons DIR or set TUNELAB_HOME") + ".")
            return
        }
        for entry in library.entries {
            let record = context.lessons.progress.lessons[entry.slug]
            let isOpen = context.lessons.current?.slug == entry.slug
            let mark: String
            if record?.completed == true { mark = output.styled("✓", .green) }
            else if isOpen { mark = output.styled("▸", .cyan) }
            else if record != nil { mark = "·" }
            else { mark = " " }
            var line = "\(mark) \(String(entry.number).leftPadded(to: 2))  \(entry.title)"
            switch entry.frontMatter {
            case let .success(front): line += output.styled("  (\(front.minutes) min)", .dim)
            case .failure: line += output.styled("  (cannot be read: check it with tunelab check)", .red)
            }
            if let record, !record.passedChecks.isEmpty { line += output.styled("  checks passed: \(record.passedChecks.count)", .dim) }
            output.line(line)
        }
        output.line("open N starts (or resumes) lesson N.")
    }

    /// `open N`: open a lesson (number, slug or title) where you left it.
    public static let openLesson = CommandSpec(
        verb: "open", aliases: ["lesson"],
        summary: "open a lesson by number, slug or title, where you left it",
        examples: ["open 1"],
        positionals: [PositionalSpec("lesson", .lesson, summary: "which lesson")]
    ) { invocation, context in
        let lesson = try context.lessons.open(invocation.text("lesson") ?? "")
        // What the lesson needs from earlier ones: recreate it when a feature knows how.
        for need in lesson.frontMatter.needs where context.session.object(named: need.name) == nil {
            if let make = context.registry.needHandlers[need.kind] {
                context.output.line("This lesson needs \(need); making it now.")
                try make(need.name, context)
            } else {
                context.output.line("This lesson needs \(need) (from an earlier lesson).")
            }
        }
    }

    /// `next`: the next step (text, cell, check).
    public static let nextStep = CommandSpec(
        verb: "next", aliases: ["n"],
        summary: "go to the next step of the lesson (Enter on an empty line does the same)",
        examples: ["next"]
    ) { _, context in try context.lessons.next() }

    /// `back`: the previous step.
    public static let backStep = CommandSpec(
        verb: "back", aliases: ["previous"],
        summary: "go back one step",
        examples: ["back"]
    ) { _, context in try context.lessons.back() }

    /// `goto N`: jump to a step.
    public static let gotoStep = CommandSpec(
        verb: "goto",
        summary: "go to step N of the open lesson",
        examples: ["goto 3"],
        positionals: [PositionalSpec("step", .integer(atLeast: 1), summary: "the step number (where shows it)")]
    ) { invocation, context in try context.lessons.goTo(invocation.integer("step") ?? 1) }

    /// `where`: the open lesson and step.
    public static let whereAmI = CommandSpec(
        verb: "where",
        summary: "show the open lesson and step",
        examples: ["where"]
    ) { _, context in context.lessons.describePosition() }

    /// `restart`: the open lesson from its first step.
    public static let restartLesson = CommandSpec(
        verb: "restart",
        summary: "start the open lesson again (forgets its passed checks)",
        examples: ["restart"]
    ) { _, context in try context.lessons.restart() }

    /// `hint`: the hint of the current check.
    public static let hint = CommandSpec(
        verb: "hint",
        summary: "show the hint of the current check",
        examples: ["hint"]
    ) { _, context in
        for hint in try context.lessons.hints() { context.output.line(context.output.styled("hint: ", .yellow) + hint) }
    }

    /// `skip`: past the current step without running or passing it.
    public static let skipStep = CommandSpec(
        verb: "skip",
        summary: "move past the current step without running or passing it",
        examples: ["skip"]
    ) { _, context in try context.lessons.skip() }

    /// `check`: evaluate the current check block.
    public static let checkStep = CommandSpec(
        verb: "check",
        summary: "test the current check of the lesson against the session",
        examples: ["check"]
    ) { _, context in
        guard try context.lessons.evaluateCurrentCheck() else {
            throw CommandError("the check did not pass.")
        }
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
