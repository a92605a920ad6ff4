extension CommandSpec {
    /// `quit`/`exit`: leave (progress and history are saved).
    public static let quit = CommandSpec(
        verb: "quit", aliases: ["exit"],
        summary: "leave TuneLab (progress and history are kept)",
        examples: ["quit"]
    ) { _, context in
        context.lessons.saveProgress()
        context.requestQuit()
    }

    /// `clear`: clear the terminal screen.
    public static let clear = CommandSpec(
        verb: "clear",
        summary: "clear the screen",
        examples: ["clear"]
    ) { _, context in
        if context.output.isTerminal { context.output.status("\u{1B}[H\u{1B}[2J") }
    }
}
