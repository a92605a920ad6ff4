// The only file that imports GNU readline.
import CReadline
import Foundation
import Synchronization
import TuneLab

/// Command lines from GNU readline: editing, history kept across sessions, Tab completion,
/// a pre-filled line for lesson cells, and Ctrl-C that clears the line.
///
/// Readline calls back through C function pointers, which cannot capture Swift state, so
/// the callbacks reach the one live reader through `ReadlineLineReader.active`.
///
/// Sendable by confinement: a reader is made, used and called back only on the thread that
/// calls `readline()` (the main thread), so its unlocked state is never shared.
final class ReadlineLineReader: LineReader, @unchecked Sendable {
    private static let live = Mutex<ReadlineLineReader?>(nil)
    /// The reader readline's callbacks serve (the newest one made).
    static var active: ReadlineLineReader? { live.withLock { $0 } }

    private let historyFile: URL
    private let completer: (String) -> [String]
    /// The text the startup hook types at the next prompt.
    private var pendingPrefill = ""
    /// Completion candidates for the word being completed.
    private var candidates: [String] = []
    private var candidateIndex = 0

    var isInteractive: Bool { true }

    /// `completer` gets the line up to the cursor and returns replacements for its last word.
    init(historyFile: URL, completer: @escaping (String) -> [String]) {
        self.historyFile = historyFile
        self.completer = completer
        Self.live.withLock { $0 = self }

        // Words break at blanks only: `lr=3e-4` and `datasets/a.txt` are one word each.
        // Ctrl-C: our handler only raises the flag. Readline's own signal handling is off, so a
        // read interrupted at the prompt comes back to the signal event hook, which clears the
        // line there, outside the signal handler. A Ctrl-C that lands while readline is busy
        // (not blocked in read) is seen by the getc hook before the next key is read.
        tunelab_rl_configure(
            strdup("tunelab"), strdup(" \t"),
            { text, start, end in ReadlineLineReader.active?.complete(text: text, end: Int(end)) },
            {
                guard let reader = ReadlineLineReader.active, !reader.pendingPrefill.isEmpty else { return 0 }
                rl_insert_text(reader.pendingPrefill)
                reader.pendingPrefill = ""
                return 0
            },
            {
                ReadlineLineReader.clearLineIfInterrupted()
                return 0
            },
            { stream in
                ReadlineLineReader.clearLineIfInterrupted()
                return rl_getc(stream)
            })
        Interruption.prepare()
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in Interruption.request() }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0  // no SA_RESTART: the blocked read must return so the hook runs
        sigaction(SIGINT, &action, nil)
        // A parent may have started us with SIGINT blocked (the mask is inherited); unblock it.
        var interrupt = sigset_t()
        sigemptyset(&interrupt)
        sigaddset(&interrupt, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &interrupt, nil)

        // History from earlier sessions.
        try? FileManager.default.createDirectory(at: historyFile.deletingLastPathComponent(), withIntermediateDirectories: true)
        using_history()
        stifle_history(2000)
        read_history(historyFile.path)
    }

    /// After Ctrl-C at the prompt: shows ^C, drops the half-typed line, and prompts again.
    private static func clearLineIfInterrupted() {
        guard Interruption.isRequested else { return }
        Interruption.reset()
        fputs("^C", tunelab_rl_outstream())
        rl_crlf()
        rl_replace_line("", 0)
        rl_on_new_line()
        rl_redisplay()
    }

    func readLine(prompt: String, prefill: String) -> String? {
        pendingPrefill = prefill
        Interruption.reset()
        guard let raw = readline(prompt) else { return nil }  // Ctrl-D on an empty line
        defer { free(raw) }
        let line = String(cString: raw)  // invalid UTF-8 becomes U+FFFD; the parser reports it
        if !line.trimmingCharacters(in: .whitespaces).isEmpty, line.count <= 10_000, lastHistoryLine() != line {
            add_history(raw)
            // Written after every line, whole (temporary file, flushed, renamed), so a killed
            // session keeps its history and never leaves half of it.
            try? StateFile.replace(historyFile) { temporary in
                let status = write_history(temporary.path)
                guard status == 0 else { throw CommandError("cannot write \(temporary.path): \(String(cString: strerror(status)))") }
            }
        }
        return line
    }

    private func lastHistoryLine() -> String? {
        guard let entry = tunelab_last_history_entry(), let text = entry.pointee.line else { return nil }
        return String(cString: text)
    }

    // MARK: - Completion

    private func complete(text: UnsafePointer<CChar>?, end: Int) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
        tunelab_rl_completion_options(1, 32)  // no fallback to readline's file-name completion
        guard let buffer = tunelab_rl_line_buffer() else { return nil }
        let bytes = UnsafeRawBufferPointer(start: buffer, count: max(0, min(end, Int(strlen(buffer)))))
        let prefix = String(decoding: bytes, as: UTF8.self)
        candidates = completer(prefix)
        candidateIndex = 0
        // After `lr=` or a folder the learner keeps typing: no space then.
        let keepsTyping = candidates.count == 1 && (candidates[0].hasSuffix("=") || candidates[0].hasSuffix("/"))
        tunelab_rl_completion_options(1, keepsTyping ? 0 : 32)
        guard !candidates.isEmpty, let text else { return nil }
        return rl_completion_matches(text, { _, state in
            guard let reader = ReadlineLineReader.active else { return nil }
            if state == 0 { reader.candidateIndex = 0 }
            guard reader.candidateIndex < reader.candidates.count else { return nil }
            defer { reader.candidateIndex += 1 }
            return strdup(reader.candidates[reader.candidateIndex])
        })
    }
}
