import Foundation

/// The read-run-print loop: reads a line, parses it against the registry, runs it, and
/// keeps going whatever happens. A failed command prints its message; state is never lost.
public final class Shell {
    public let session: Session
    public let registry: CommandRegistry
    public let output: Output
    public let lessons: LessonNavigator
    /// Commands that failed (bad input or a thrown error) since the shell started.
    public private(set) var failureCount = 0
    /// True once `quit`/`exit` ran.
    public private(set) var hasQuit = false
    private lazy var context = CommandContext(session: session, output: output, registry: registry, lessons: lessons)

    public init(session: Session, registry: CommandRegistry, output: Output, lessons: LessonNavigator) {
        self.session = session
        self.registry = registry
        self.output = output
        self.lessons = lessons
    }

    /// The prompt: `tunelab>`, or `tunelab 2·5>` inside lesson 2 at step 5.
    public var prompt: String {
        if let position = lessons.positionLabel { return "tunelab \(position)> " }
        return "tunelab> "
    }

    // MARK: - The loop

    /// Reads and runs lines until the input ends or `quit`; returns the number of failed commands.
    @discardableResult
    public func run(reader: LineReader) -> Int {
        while !hasQuit {
            let prefill = lessons.prefill ?? ""
            guard let line = reader.readLine(prompt: prompt, prefill: prefill) else { break }
            // A lesson's command run as pre-typed came from the lesson file; edited, or
            // typed, it is the learner's own.
            let fromLesson = !prefill.isEmpty && line == prefill && reader.isInteractive
            execute(line, origin: fromLesson ? .file : .typed)
        }
        lessons.saveProgress()
        return failureCount
    }

    /// Runs one line; returns false when it failed. Never throws: errors are printed.
    /// `origin` says whether the learner typed it or it was read from a lesson or script.
    @discardableResult
    public func execute(_ line: String, origin: CommandOrigin = .typed) -> Bool {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty {
            // Enter on an empty line moves a lesson on; outside a lesson it says what to do.
            if lessons.current != nil { return execute("next", origin: origin) }
            output.line("(empty line) Type help for the commands, or lessons to start a lesson.")
            return true
        }
        if trimmed.hasPrefix("#") { return true }

        output.beginCapture()
        var succeeded = true
        do {
            let parser = CommandParser(registry: registry, session: session)
            if let invocation = try parser.parse(line) {
                Interruption.reset()
                context.origin = origin
                try invocation.spec.action(invocation, context)
                if Interruption.isRequested {
                    output.line("(stopped by Ctrl-C; what was computed so far is kept)")
                    Interruption.reset()
                }
                lessons.noteRan(invocation)
                if context.quitRequested { hasQuit = true }
            }
        } catch {
            output.error(String(describing: error))
            succeeded = false
            failureCount += 1
        }
        let printed = output.endCapture()
        session.transcript.append(Transcript.Entry(command: line, output: printed, succeeded: succeeded))
        return succeeded
    }
}
