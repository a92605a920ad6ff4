import Foundation
import Testing

/// The real binary on a pseudo-terminal (tmux): readline editing, Tab completion, history
/// across sessions, Ctrl-C clearing the line, and a lesson cell pre-filled at the prompt.
@Suite(.serialized) struct TerminalTests {
    /// A tmux server of its own (its own socket), so nothing else is disturbed.
    final class Terminal {
        let tmux: URL
        let socket = "tunelab-test-\(getpid())-\(UUID().uuidString.prefix(8))"
        let name = "lab"

        init() throws {
            guard let tmux = findOnPath("tmux") else {
                throw SetupMissing(message: "tmux is not installed; run `bash .ci/setup` to install it")
            }
            self.tmux = tmux
        }

        @discardableResult
        func command(_ arguments: [String]) throws -> ProcessResult {
            try runProcess(tmux, ["-L", socket] + arguments)
        }

        func start(_ commandLine: String) throws {
            // The tmux server outlives this call. Started from a shell that first closes every
            // descriptor above 2, it cannot inherit (and hold open) pipes that other tests
            // are reading from at the same moment.
            let script = #"for fd in $(ls /proc/$$/fd); do [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done; exec "$@""#
            let result = try runProcess(URL(fileURLWithPath: "/bin/bash"),
                                        ["-c", script, "bash", tmux.path, "-L", socket, "new-session", "-d", "-s", name,
                                         "-x", "120", "-y", "40", commandLine], detached: true)
            #expect(result.status == 0, "tmux could not start a session")
        }

        func send(_ keys: String...) throws {
            try command(["send-keys", "-t", name] + keys)
        }

        func type(_ text: String) throws {
            try command(["send-keys", "-t", name, "-l", text])
        }

        func screen() throws -> String {
            try command(["capture-pane", "-p", "-t", name]).standardOutput
        }

        /// Waits until the screen satisfies `condition` (up to 10 s); returns the screen.
        @discardableResult
        func waitFor(_ what: String, _ condition: (String) -> Bool) throws -> String {
            var last = ""
            for _ in 0..<200 {
                last = try screen()
                if condition(last) { return last }
                usleep(50_000)
            }
            Issue.record("timed out waiting for \(what); the screen was:\n\(last)")
            return last
        }

        func waitFor(_ text: String) throws {
            try waitFor("«\(text)»") { $0.contains(text) }
        }

        /// Waits for the session to end (the program exited).
        func waitForExit() throws {
            for _ in 0..<200 {
                if try command(["has-session", "-t", name]).status != 0 { return }
                usleep(50_000)
            }
            Issue.record("the program did not exit")
        }

        deinit {
            _ = try? runProcess(tmux, ["-L", socket, "kill-server"], detached: true)
        }
    }

    struct SetupMissing: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    @Test func readlineEditingCompletionHistoryAndCtrlC() throws {
        let binary = try tunelabBinary()
        let state = temporaryFolder("tunelab-state")
        let lessons = lessonFolder()
        let commandLine = "env XDG_STATE_HOME='\(state.path)' TERM=xterm '\(binary.path)' --lessons '\(lessons.path)' --no-color"

        // Session 1.
        let first = try Terminal()
        try first.start(commandLine)
        try first.waitFor("tunelab>")  // capture-pane drops trailing blanks
        // Tab completes the verb: `se` becomes `seed `.
        try first.type("se")
        try first.send("Tab")
        try first.type("42")
        try first.send("Enter")
        try first.waitFor("Seed set to 42.")
        // Editing: type the end first, go to the start of the line (Ctrl-A) and insert.
        try first.type("eed 9")
        try first.send("C-a")
        try first.type("s")
        try first.send("Enter")
        try first.waitFor("Seed set to 9.")
        // Ctrl-C clears the half-typed line and prompts again; the line is not run.
        try first.type("garbage that must not run")
        try first.waitFor("garbage that must not run")
        try first.send("C-c")
        try first.waitFor("^C")
        try first.type("seed")
        try first.send("Enter")
        let afterInterrupt = try first.waitFor("the seed shown") { $0.contains("Seed: 9") }
        #expect(!afterInterrupt.contains("unknown command"))
        // A lesson cell arrives pre-typed at the prompt: Enter runs it.
        try first.type("open 1")
        try first.send("Enter")
        try first.waitFor("[1/4]")
        try first.send("Enter")  // empty line: next step, the cell
        try first.waitFor("tunelab 1·2> seed 7")
        try first.send("Enter")
        try first.waitFor("Seed set to 7.")
        try first.type("quit")
        try first.send("Enter")
        try first.waitForExit()

        let history = try String(contentsOf: state.appendingPathComponent("tunelab/history"), encoding: .utf8)
        #expect(history.contains("seed 42"))
        #expect(!history.contains("garbage"))

        // Session 2: Up arrow recalls session 1's lines (quit, seed 7, open 1, seed, seed 9 ...).
        let second = try Terminal()
        try second.start(commandLine)
        try second.waitFor("Resuming lesson 1")
        try second.send("Up")
        try second.waitFor("the last line recalled") { $0.contains("> quit") }
        try second.send("Up", "Up", "Up", "Up")
        try second.waitFor("`seed 9` recalled") { $0.contains("> seed 9") }
        try second.send("Enter")
        try second.waitFor("Seed set to 9.")
        try second.send("C-d")  // Ctrl-D leaves cleanly
        try second.waitForExit()
        let progress = try String(contentsOf: state.appendingPathComponent("tunelab/progress.json"), encoding: .utf8)
        #expect(progress.contains("first-steps"))
    }
}
