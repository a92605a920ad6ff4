import Foundation

/// Where the shell reads command lines from: readline in a terminal, standard input in
/// a pipe, a list of lines in tests.
public protocol LineReader: AnyObject {
    /// The next line, shown after `prompt` with `prefill` already typed (a lesson's cell);
    /// nil at the end of input (Ctrl-D).
    func readLine(prompt: String, prefill: String) -> String?
    /// True when the reader shows a prompt (a terminal), so the shell may print greetings.
    var isInteractive: Bool { get }
}

/// Lines given in advance (tests, scripts); records the prompts and pre-filled text it was shown.
public final class ScriptedLineReader: LineReader {
    private var remaining: [String]
    /// Each `prefill` the shell offered, in order (empty when none).
    public private(set) var prefills: [String] = []
    public let isInteractive: Bool
    /// When true, an empty scripted line takes the pre-filled text, as Enter does at a real prompt.
    public let acceptsPrefill: Bool

    public init(_ lines: [String], isInteractive: Bool = false, acceptsPrefill: Bool = true) {
        remaining = lines
        self.isInteractive = isInteractive
        self.acceptsPrefill = acceptsPrefill
    }

    public func readLine(prompt: String, prefill: String) -> String? {
        prefills.append(prefill)
        guard !remaining.isEmpty else { return nil }
        let line = remaining.removeFirst()
        return line.isEmpty && acceptsPrefill ? prefill : line
    }
}

/// Standard input when it is not a terminal: no prompt, no echo, no pre-fill.
///
/// Bytes that are not UTF-8 become U+FFFD, which the parser reports by column.
public final class PlainLineReader: LineReader {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var atEnd = false

    public init(handle: FileHandle = .standardInput) {
        self.handle = handle
    }

    public var isInteractive: Bool { false }

    public func readLine(prompt: String, prefill: String) -> String? {
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                var bytes = Array(buffer[..<newline])
                buffer.removeSubrange(...newline)
                if bytes.last == 0x0D { bytes.removeLast() }
                return String(decoding: bytes, as: UTF8.self)
            }
            if atEnd {
                guard !buffer.isEmpty else { return nil }
                defer { buffer.removeAll() }
                return String(decoding: buffer, as: UTF8.self)
            }
            let chunk = handle.availableData
            if chunk.isEmpty { atEnd = true } else { buffer.append(contentsOf: chunk) }
        }
    }
}
