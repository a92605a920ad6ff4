import Foundation

/// What a running command can reach: the session, the output, the registry, the lessons,
/// and whether the learner asked it to stop.
public final class CommandContext {
    public let session: Session
    /// Print here, never with `print`: the transcript and the tests read it.
    public let output: Output
    public let registry: CommandRegistry
    public let lessons: LessonNavigator
    /// True once the learner pressed Ctrl-C: long loops check it between steps, stop at the
    /// step boundary, keep what they computed, and say where they stopped.
    /// Pass it to the engine as is (`trainer.run(steps:, shouldStop: context.shouldStop)`).
    public let shouldStop: () -> Bool
    /// Set by `quit`; the shell leaves after this command.
    public internal(set) var quitRequested = false
    /// Where the running command line came from: the learner's keyboard or a file
    /// (a lesson or script), which decides where it may write (`writableURL`).
    public internal(set) var origin: CommandOrigin = .typed

    public init(session: Session, output: Output, registry: CommandRegistry, lessons: LessonNavigator,
                shouldStop: @escaping () -> Bool = { Interruption.isRequested }) {
        self.session = session
        self.output = output
        self.registry = registry
        self.lessons = lessons
        self.shouldStop = shouldStop
    }

    /// The URL a command writes `path` to, given as `argument` (e.g. "export FILE",
    /// "save="): every command that writes a file asks here, so lessons and scripts
    /// cannot write outside the working folder (`WritablePath`).
    public func writableURL(_ path: String, argument: String) throws -> URL {
        try WritablePath.resolve(path, origin: origin, argument: argument)
    }

    /// Asks the shell to leave once this command returns (progress and history are saved).
    public func requestQuit() { quitRequested = true }

    /// A progress display for a loop of `total` steps titled `title` (e.g. "train base").
    public func progress(_ title: String, total: Int) -> ProgressReporter {
        ProgressReporters.make(output, title, total)
    }
}

/// Shows how far a long command has got. Commands call `update` after each step and
/// `finish` once (also when stopped early).
public protocol ProgressReporter: AnyObject {
    /// Step `step` of the total is done; `detail` is a short note such as "loss 2.31".
    func update(step: Int, detail: String)
    /// Removes the live display.
    func finish()
}

/// Where `CommandContext.progress` gets its reporter: a status line, redrawn in place on a
/// terminal and silent elsewhere.
public enum ProgressReporters {
    public static func make(_ output: Output, _ title: String, _ total: Int) -> ProgressReporter {
        StatusLineProgress(output: output, title: title, total: total)
    }
}

/// A one-line progress count redrawn in place on a terminal; silent elsewhere.
public final class StatusLineProgress: ProgressReporter {
    private let output: Output
    private let title: String
    private let total: Int

    public init(output: Output, title: String, total: Int) {
        self.output = output
        self.title = title
        self.total = max(total, 1)
    }

    public func update(step: Int, detail: String) {
        let percent = Int((Double(min(step, total)) / Double(total) * 100).rounded())
        output.status("\(title)  \(step)/\(total)  \(percent)%" + (detail.isEmpty ? "" : "  " + detail))
    }

    public func finish() { output.clearStatus() }
}
