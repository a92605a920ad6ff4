import Foundation

/// Where the lab's text goes: standard output in the program, a buffer in tests.
///
/// Every command prints through an `Output`, never with `print`, so that the
/// transcript (for `export`) and the tests see exactly what the learner saw.
public final class Output {
    /// Text styles; applied only when `useColor` is on.
    public enum Style: String, Sendable {
        case bold = "1", dim = "2", italic = "3", underline = "4"
        case red = "31", green = "32", yellow = "33", blue = "34", magenta = "35", cyan = "36"
    }

    /// True when the text goes to a terminal (so carriage-return updates make sense).
    public let isTerminal: Bool
    /// True when ANSI styles are written (a terminal, and neither `--no-color` nor `NO_COLOR`).
    public var useColor: Bool
    private let write: (String) -> Void
    private let widthProvider: () -> Int
    /// Everything printed since `beginCapture()`, without styles: the transcript's output for one command.
    private var captured: String?

    /// An output that writes with `write`; `width` is asked each time text is wrapped.
    public init(isTerminal: Bool, useColor: Bool, width: @escaping () -> Int = { 80 },
                write: @escaping (String) -> Void) {
        self.isTerminal = isTerminal
        self.useColor = useColor
        self.widthProvider = width
        self.write = write
    }

    /// Standard output; color when it is a terminal and `colorAllowed` (no `--no-color`, no `NO_COLOR`).
    public static func standard(colorAllowed: Bool = true) -> Output {
        let terminal = isatty(STDOUT_FILENO) == 1
        let noColorVariable = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        return Output(isTerminal: terminal, useColor: terminal && colorAllowed && !noColorVariable,
                      width: { TerminalSize.columns() }) { text in
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }

    /// The width to wrap prose to (the window's width, at most 100 columns for readability).
    public var width: Int { max(20, min(widthProvider(), 100)) }

    // MARK: - Writing

    /// Writes `text` and a newline.
    public func line(_ text: String = "") {
        emit(text + "\n")
    }

    /// Writes `text` as it is (no newline added).
    public func emit(_ text: String) {
        write(text)
        if captured != nil { captured! += Output.strippingStyles(text) }
    }

    /// Writes a transient status line (a progress update) that the next one replaces.
    /// On a terminal it is redrawn in place; elsewhere, and in the transcript, it is dropped,
    /// so logs and notebooks keep only final results.
    public func status(_ text: String) {
        guard isTerminal else { return }
        // Kept to one row: a line that wraps could not be erased by "\r" later.
        write("\r\u{1B}[2K" + String(text.prefix(max(width - 1, 10))))
    }

    /// Erases a transient status line.
    public func clearStatus() {
        guard isTerminal else { return }
        write("\r\u{1B}[2K")
    }

    /// Writes an error message (in red when color is on).
    public func error(_ message: String) {
        line(styled("error: ", .red, .bold) + message)
    }

    /// Writes a warning (in yellow when color is on).
    public func warning(_ message: String) {
        line(styled("warning: ", .yellow, .bold) + message)
    }

    /// `text` wrapped in ANSI styles when color is on; unchanged otherwise.
    public func styled(_ text: String, _ styles: Style...) -> String {
        guard useColor, !styles.isEmpty else { return text }
        return "\u{1B}[" + styles.map(\.rawValue).joined(separator: ";") + "m" + text + "\u{1B}[0m"
    }

    // MARK: - Capture for the transcript

    /// Starts recording what is printed (without styles).
    public func beginCapture() { captured = "" }

    /// Stops recording and returns what was printed since `beginCapture()`.
    public func endCapture() -> String {
        defer { captured = nil }
        return captured ?? ""
    }

    /// `text` without ANSI escape sequences.
    public static func strippingStyles(_ text: String) -> String {
        guard text.contains("\u{1B}") else { return text }
        var result = ""
        var inEscape = false
        for scalar in text.unicodeScalars {
            if inEscape {
                if (0x40...0x7E).contains(scalar.value) && scalar != "[" { inEscape = false }
            } else if scalar == "\u{1B}" {
                inEscape = true
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

/// A test output: everything written goes to `text`.
public final class BufferOutput {
    public private(set) var text = ""
    public let output: Output

    public init(isTerminal: Bool = false, useColor: Bool = false, width: Int = 80) {
        var sink: ((String) -> Void)!
        output = Output(isTerminal: isTerminal, useColor: useColor, width: { width }) { sink($0) }
        sink = { [unowned self] in self.text += $0 }
    }

    /// Forgets what was written so far.
    public func reset() { text = "" }
}

/// The terminal window's size.
public enum TerminalSize {
    /// Columns of the terminal on standard output, or $COLUMNS, or 80.
    public static func columns() -> Int {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
            return Int(size.ws_col)
        }
        if let text = ProcessInfo.processInfo.environment["COLUMNS"], let value = Int(text), value > 0 {
            return value
        }
        return 80
    }
}
