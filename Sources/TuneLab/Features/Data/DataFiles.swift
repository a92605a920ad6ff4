import Foundation

/// Finds the files `data load` reads: relative paths are tried against the current
/// folder, then the lab's home (the folder holding Lessons/ and datasets/); a bare domain
/// name (`films`) is a folder under datasets/sentiment/ (or datasets/).
enum DataFiles {
    /// The lab's home folder, if one can be found.
    static var home: URL? {
        StatePaths.findHome(executablePath: CommandLine.arguments.first, currentDirectory: FileManager.default.currentDirectoryPath)
    }

    /// The existing file or folder `path` names, and the places tried when there is none.
    static func resolve(_ path: String) -> (url: URL?, tried: [String]) {
        let expanded = CommandParser.expandingTilde(path)
        var candidates: [URL] = []
        if expanded.hasPrefix("/") {
            candidates.append(URL(fileURLWithPath: expanded))
        } else {
            candidates.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(expanded))
            if let home {
                candidates.append(home.appendingPathComponent(expanded))
                if !expanded.contains("/") {
                    candidates.append(home.appendingPathComponent("datasets/sentiment").appendingPathComponent(expanded))
                    candidates.append(home.appendingPathComponent("datasets").appendingPathComponent(expanded))
                }
            }
        }
        let found = candidates.first { FileManager.default.fileExists(atPath: $0.path) }
        return (found?.standardizedFileURL, candidates.map { $0.standardizedFileURL.path })
    }

    static func isFolder(_ url: URL) -> Bool {
        var folder: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &folder) && folder.boolValue
    }

    /// The split files in a folder: train, validation and test with one extension each.
    static func splitFiles(in folder: URL) -> [(name: String, url: URL)] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return ["train", "validation", "test"].compactMap { part in
            names.sorted().first { ($0 as NSString).deletingPathExtension == part && !$0.hasPrefix(".") }
                .map { (part, folder.appendingPathComponent($0)) }
        }
    }

    /// `url` shown relative to the home or current folder when it is inside one.
    static func display(_ url: URL) -> String {
        let path = url.path
        for base in [home?.path, FileManager.default.currentDirectoryPath].compactMap({ $0 }) where path.hasPrefix(base + "/") {
            return String(path.dropFirst(base.count + 1))
        }
        return path
    }
}
