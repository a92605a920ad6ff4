import Foundation

/// Where TuneLab keeps its files: history and progress in the XDG state folder, lessons
/// and datasets in the project's home folder.
public enum StatePaths {
    /// `${XDG_STATE_HOME:-~/.local/state}/tunelab`.
    public static func stateDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let state = environment["XDG_STATE_HOME"], !state.isEmpty, state.hasPrefix("/") {
            return URL(fileURLWithPath: state).appendingPathComponent("tunelab")
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(".local/state/tunelab")
    }

    /// The readline history file.
    public static func historyFile(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        stateDirectory(environment: environment).appendingPathComponent("history")
    }

    /// The lesson progress file.
    public static func progressFile(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        stateDirectory(environment: environment).appendingPathComponent("progress.json")
    }

    /// The folder holding both `Lessons/` and `datasets/`: $TUNELAB_HOME, else the first
    /// such folder walking up from the executable's real path, else from `currentDirectory`.
    public static func findHome(executablePath: String?, currentDirectory: String,
                                environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        if let home = environment["TUNELAB_HOME"], !home.isEmpty {
            return URL(fileURLWithPath: home)
        }
        var starts: [URL] = []
        if let executablePath {
            let real = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath()
            starts.append(real.deletingLastPathComponent())
        }
        starts.append(URL(fileURLWithPath: currentDirectory))
        for start in starts {
            var folder = start.standardizedFileURL
            while true {
                if isFolder(folder.appendingPathComponent("Lessons")) && isFolder(folder.appendingPathComponent("datasets")) {
                    return folder
                }
                let parent = folder.deletingLastPathComponent()
                if parent.path == folder.path { break }
                folder = parent
            }
        }
        return nil
    }

    private static func isFolder(_ url: URL) -> Bool {
        var folder: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &folder) && folder.boolValue
    }
}
