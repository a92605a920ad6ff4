import Foundation

/// `export FILE` formats chosen by the file's extension (Markdown when none matches).
public enum SessionExports {
    public typealias Writer = (_ path: String, _ context: CommandContext) throws -> Void

    /// The writer for `path`'s extension, or nil for the Markdown default.
    public static func writer(for path: String) -> Writer? {
        switch (path as NSString).pathExtension.lowercased() {
        case "ipynb": return writeNotebook
        default: return nil
        }
    }

    static func writeNotebook(_ path: String, _ context: CommandContext) throws {
        let data = try JupyterNotebook.json(of: context.session)
        do { try data.write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            throw CommandError("export: cannot write \(path): \(error.localizedDescription)")
        }
        let entries = context.session.transcript.entries
        let figures = entries.map(\.figures.count).reduce(0, +)
        context.output.line("Wrote a Jupyter notebook to \(path): \(entries.count) commands" + (figures > 0 ? ", \(figures) plots" : "") + ", seed \(context.session.seed).")
    }
}
