import Foundation

extension CommandSpec {
    /// `export FILE.md`: the session so far as a Markdown notebook. `export hf NAME DIR` and
    /// `export peft NAME DIR`: a model as a Hugging Face folder (`HuggingFaceExport`);
    /// `export script RUN DIR`: a run (or an image model's training) as a PyTorch program
    /// (`ScriptExport`); `export pytorch MODEL DIR`: an image model as model.py + state_dict.
    public static let export = CommandSpec(
        verb: "export",
        summary: "write the session so far as a Markdown notebook, or a Jupyter one (.ipynb); a model as a Hugging Face folder or a PyTorch module; a run as a PyTorch script",
        examples: ["export notebook.md", "export session.ipynb", "export hf base exports/base-gpt2", "export peft sentiment exports/sentiment-lora",
                   "export script r1 exports/r1", "export script cnn exports/cnn-run", "export pytorch cnn exports/cnn"],
        positionals: [
            PositionalSpec("file", .writableFile, summary: "the notebook to write (.md or .ipynb), or hf / peft / pytorch / script (then NAME DIR)"),
            PositionalSpec("name", .text, summary: "hf, peft, pytorch: the model to export; script: the run, or an image model", required: false),
            PositionalSpec("folder", .text, summary: "hf, peft, pytorch, script: the new folder to write", required: false),
        ]
    ) { invocation, context in
        if invocation.text("file") == "script" {
            guard let run = invocation.text("name"), let folder = invocation.text("folder") else {
                throw CommandError("export script needs a run and a folder: export script RUN DIR (e.g. export script r1 exports/r1)")
            }
            try ScriptExport.run(runName: run, folder: context.writableURL(folder, argument: "export script DIR").path, context: context)
            return
        }
        if invocation.text("file") == "pytorch" {
            guard let name = invocation.text("name"), let folder = invocation.text("folder") else {
                throw CommandError("export pytorch needs a model and a folder: export pytorch MODEL DIR (e.g. export pytorch cnn exports/cnn)")
            }
            guard let image = context.session.object(named: name) as? ImageModelObject else {
                throw CommandError("export pytorch \(name): only image models (vision train NAME) export as a plain PyTorch module; "
                    + (context.session.object(named: name).map { "\(name) is a \(ScriptExport.exportKindName($0)); GPT language models and MiniLM classifiers export with export hf NAME DIR" }
                       ?? "the session has no \(name)") + ".")
            }
            try ImageModelExport.run(image, withScript: false, folder: context.writableURL(folder, argument: "export pytorch DIR").path, context: context)
            return
        }
        if let kind = HuggingFaceExport.Kind(rawValue: invocation.text("file") ?? "") {
            let folder = try invocation.text("folder").map { try context.writableURL($0, argument: "export \(kind.rawValue) DIR").path }
            try HuggingFaceExport.run(kind, name: invocation.text("name"), folder: folder, context: context)
            return
        }
        if invocation.text("name") != nil {
            throw CommandError("export FILE.md takes one file; to export a model: export hf NAME DIR, export peft NAME DIR or export pytorch NAME DIR")
        }
        let path = try context.writableURL(invocation.text("file") ?? "", argument: "export FILE").path
        // Other formats by extension; Markdown otherwise.
        if let writer = SessionExports.writer(for: path) {
            try writer(path, context)
            return
        }
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
