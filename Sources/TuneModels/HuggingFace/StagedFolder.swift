import Foundation

/// Writes a folder all at once, so a failure never leaves half a model behind.
///
/// The files go into a hidden temporary folder in the same parent
/// (`.NAME.partial-UUID`), which is renamed to NAME only after the last file is
/// written: a rename within one file system is atomic. On any error the temporary
/// folder is removed and NAME is left as it was.
public enum StagedFolder {
    /// Creates `destination` with the files `body` writes into the folder it is given.
    /// `destination` must not exist or be an empty folder.
    public static func write(to destination: URL, _ body: (URL) throws -> Void) throws {
        let manager = FileManager.default
        let destination = destination.standardizedFileURL
        var isFolder: ObjCBool = false
        if manager.fileExists(atPath: destination.path, isDirectory: &isFolder) {
            let contents = isFolder.boolValue ? (try? manager.contentsOfDirectory(atPath: destination.path)) : nil
            guard let contents, contents.isEmpty else { throw HuggingFaceFolderError.folderNotEmpty(path: destination.path) }
        }
        let parent = destination.deletingLastPathComponent()
        do {
            try manager.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw HuggingFaceFolderError.folderNotWritable(path: parent.path, reason: "its folder cannot be created (\(error.localizedDescription))")
        }
        guard manager.isWritableFile(atPath: parent.path) else {
            throw HuggingFaceFolderError.folderNotWritable(path: destination.path, reason: "\(parent.path) is read-only")
        }
        let staging = parent.appendingPathComponent(".\(destination.lastPathComponent).partial-\(UUID().uuidString)")
        do {
            try manager.createDirectory(at: staging, withIntermediateDirectories: false)
        } catch {
            throw HuggingFaceFolderError.folderNotWritable(path: destination.path, reason: error.localizedDescription)
        }
        do {
            try body(staging)
            // An empty folder in the way is replaced; rename(2) would refuse it on some systems.
            if manager.fileExists(atPath: destination.path) { try manager.removeItem(at: destination) }
            try manager.moveItem(at: staging, to: destination)
        } catch {
            try? manager.removeItem(at: staging)
            if let error = error as? HuggingFaceFolderError { throw error }
            throw HuggingFaceFolderError.folderNotWritable(path: destination.path, reason: "\(error)")
        }
    }
}
