import Foundation

/// Where a command line came from, which decides where it may write.
public enum CommandOrigin: Sendable, Equatable {
    /// Typed (or edited) by the learner at the prompt: their own choice, written where they say.
    case typed
    /// Read from a file someone else may have written: a lesson cell (headless, or pre-typed
    /// at the prompt and run unedited) or a line of a `tunelab run` script.
    case file
}

/// The one rule every command that writes a file follows.
///
/// A learner who types `export /tmp/notes.md` chose that place. A lesson or script is data
/// from whoever wrote it, so a path it names may only lead inside the working folder (or
/// the lab's own state folder): absolute paths, `~`, `..` and symbolic links that lead
/// out are refused with a message saying so and how to write there anyway (type or edit
/// the command at the prompt, which is the learner's confirmation).
public enum WritablePath {
    /// Why a path from a lesson or script was refused.
    public enum Refusal: Error, CustomStringConvertible, Equatable {
        case absolute(String)
        case parentFolder(String)
        case leavesFolder(path: String, resolved: String)

        public var description: String {
            let advice = "a lesson or script may write only inside the working folder; "
                + "to write there anyway, type the command yourself at the prompt"
            switch self {
            case let .absolute(path):
                return "\(path): refused, an absolute path from a lesson or script (\(advice))"
            case let .parentFolder(path):
                return "\(path): refused, `..` from a lesson or script (\(advice))"
            case let .leavesFolder(path, resolved):
                return "\(path): refused, it leads through a link to \(resolved) (\(advice))"
            }
        }
    }

    /// The file URL to write `path` to for a command of `origin`; throws a `CommandError`
    /// naming `argument` when the rule refuses it. Relative paths are resolved against
    /// `workingFolder`; `allowedFolders` (the working folder and the lab's state folder by
    /// default) are where a path from a file may lead.
    public static func resolve(
        _ path: String, origin: CommandOrigin, argument: String,
        workingFolder: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
        allowedFolders: [URL]? = nil
    ) throws -> URL {
        switch origin {
        case .typed:
            let expanded = CommandParser.expandingTilde(path)
            return expanded.hasPrefix("/") ? URL(fileURLWithPath: expanded)
                : workingFolder.appendingPathComponent(expanded)
        case .file:
            do {
                return try confined(path, workingFolder: workingFolder,
                                    allowedFolders: allowedFolders ?? [workingFolder, StatePaths.stateDirectory()])
            } catch let refusal as Refusal {
                throw CommandError("\(argument) \(refusal)")
            }
        }
    }

    /// `path` inside `workingFolder`, after following every symbolic link that exists on
    /// the way; throws `Refusal` when it is absolute, climbs with `..`, or leads outside
    /// every one of `allowedFolders`.
    public static func confined(_ path: String, workingFolder: URL, allowedFolders: [URL]) throws -> URL {
        guard !path.hasPrefix("/"), !path.hasPrefix("~") else { throw Refusal.absolute(path) }
        let components = path.split(separator: "/", omittingEmptySubsequences: true)
        guard !components.contains("..") else { throw Refusal.parentFolder(path) }
        let target = workingFolder.appendingPathComponent(path)
        // A link whose target does not exist cannot be followed to check it: refused.
        guard let resolved = resolvingExistingLinks(target) else {
            throw Refusal.leavesFolder(path: path, resolved: "a link that points nowhere")
        }
        let roots = allowedFolders.compactMap { resolvingExistingLinks($0)?.path }
        guard roots.contains(where: { resolved.path == $0 || resolved.path.hasPrefix($0 + "/") }) else {
            throw Refusal.leavesFolder(path: path, resolved: resolved.path)
        }
        return target
    }

    /// `url` with symbolic links followed in its longest existing prefix (the file itself
    /// included, since writing through a link writes where it points); the rest is kept.
    /// Nil when an existing entry cannot be resolved (a link to nothing, a loop).
    static func resolvingExistingLinks(_ url: URL) -> URL? {
        var existing = url.standardizedFileURL
        var rest: [String] = []
        while existing.path != "/" {
            var status = stat()
            if lstat(existing.path, &status) == 0 { break }
            rest.insert(existing.lastPathComponent, at: 0)
            existing = existing.deletingLastPathComponent()
        }
        guard let real = realpath(existing.path, nil) else { return nil }
        defer { free(real) }
        var resolved = URL(fileURLWithPath: String(cString: real))
        for component in rest { resolved.appendPathComponent(component) }
        return resolved
    }
}
