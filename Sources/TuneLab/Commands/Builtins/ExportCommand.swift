import Foundation

extension CommandSpec {
    /// `export FILE.md`: the session so far as a Markdown notebook.
    public static let export = CommandSpec(
        verb: "export",
        summary: "write the session so far (commands and their output) as a Markdown notebook",
        examples: ["export notebook.md"],
        positionals: [PositionalSpec("file", .writableFile, summary: "the Markdown file to write")]
    ) { invocation, context in
        let path = try context.writableURL(invocation.text("file") ?? "", argument: "export FILE").path
        let text = SessionNotebook.markdown(of: context.session)
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw CommandError("export: cannot write \(path): \(error.localizedDescription)")
        }
        context.output.line("Wrote \(context.session.transcript.entries.count) commands to \(path).")
    }
}

/// The session's transcript as Markdown: each command in a `tunelab` block (so it can be
/// pasted into a lesson) followed by its output in a `text` block.
public enum SessionNotebook {
    public static func markdown(of session: Session) -> String {
        var text = "# TuneLab session\n\nSeed \(session.seed). \(session.transcript.entries.count) commands.\n"
        for entry in session.transcript.entries {
            text += "\n```tunelab\n\(entry.command)\n```\n"
            let output = entry.output.trimmingCharacters(in: .newlines)
            guard !output.isEmpty else { continue }
            // A fence longer than any run of backticks inside keeps the block closed.
            var fence = "```"
            while output.contains(fence) { fence += "`" }
            text += "\n\(fence)text\n\(output)\n\(fence)\n"
            if !entry.succeeded { text += "\n(this command failed)\n" }
        }
        return text
    }
}
