/// A command line the shell cannot run, or a command that failed: a message for the learner.
///
/// The message names the argument and says what it accepts:
/// `lr=abc: lr expects a number > 0, e.g. lr=3e-4`.
public struct CommandError: Error, CustomStringConvertible, Equatable {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
