import Foundation

extension CommandSpec {
    /// `solution`: the answer to the exercise at (or before) this step.
    public static let solution = CommandSpec(
        verb: "solution",
        summary: "show the solution of the current exercise (its commands are then typed at the prompt)",
        examples: ["solution"]
    ) { _, context in
        let commands = try context.lessons.revealSolution()
        let output = context.output
        output.line(output.styled("Solution:", .magenta, .bold))
        for command in commands { output.line("    " + output.styled(command.text, .cyan)) }
        output.line(output.styled("Each command is typed at the prompt in turn: press Enter to run it, then check.", .dim))
    }

    /// `predict GUESS`: a guess (a number or a word) before the cell a question asks about.
    public static let predict = CommandSpec(
        verb: "predict", aliases: ["guess"],
        summary: "answer a predict question before its cell runs (a number or one of the words offered)",
        examples: ["predict 0.8", "predict lower"],
        positionals: [PositionalSpec("guess", .text, summary: "your guess")]
    ) { invocation, context in
        try context.lessons.predict(invocation.text("guess") ?? "")
    }
}

extension CommandSpec {
    /// `report FILE`: this learner's progress as JSON, for the instructor's `tunelab report`.
    public static let report = CommandSpec(
        verb: "report",
        summary: "write your progress (lessons, checks, exercises, hints, time) to a JSON file for the instructor",
        examples: ["report me.json", "report ada.json learner=ada"],
        positionals: [PositionalSpec("file", .writableFile, summary: "the JSON file to write")],
        keys: [KeySpec("learner", .text, summary: "your name in the room's table (default: your user name)")]
    ) { invocation, context in
        let path = try context.writableURL(invocation.text("file") ?? "", argument: "report FILE").path
        let environment = ProcessInfo.processInfo.environment
        let learner = invocation.text("learner") ?? environment["USER"] ?? environment["LOGNAME"] ?? "learner"
        context.lessons.saveProgress()
        let report = LearnerReport.make(progress: context.lessons.progress, library: context.lessons.library,
                                        registry: context.registry, learner: learner, seed: context.session.seed)
        do { try report.json().write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            throw CommandError("report: cannot write \(path): \(error.localizedDescription)")
        }
        let started = report.lessons.filter(\.started).count, done = report.lessons.filter(\.completed).count
        context.output.line("Wrote \(path): \(learner), \(done) of \(report.lessons.count) lessons done, \(started) started. Send it to your instructor (or put it in the shared folder).")
    }
}
