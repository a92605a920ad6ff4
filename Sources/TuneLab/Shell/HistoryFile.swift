import Foundation

/// The line history readline keeps between sessions (`StatePaths.historyFile`): plain
/// text, one command a line, written whole after every line (`StateFile.replace`).
public enum HistoryFile {
    /// Sets the history file aside when readline should not read it (it cannot be read,
    /// holds NUL bytes or is not UTF-8 text) and returns what to tell the learner; nil when
    /// it is fine or absent.
    public static func setAsideIfUnusable(_ file: URL) -> String? {
        guard FileManager.default.fileExists(atPath: file.path) else { return nil }
        let called = "the history file", consequence = "the line history starts empty"
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            return StateFile.setAside(file, called: called, problem: error.localizedDescription, consequence: consequence)
        }
        guard !data.contains(0), String(data: data, encoding: .utf8) != nil else {
            return StateFile.setAside(file, called: called, problem: "it is not UTF-8 text", consequence: consequence)
        }
        return nil
    }
}
