import Foundation
import Testing
import TuneLab

/// State files the lab cannot use are set aside (kept, never deleted) with a message, and
/// the lab goes on; writes replace the file whole.
@Suite struct StateFileTests {
    static let saved = LessonProgress(currentLesson: "a", lessons: ["a": .init(step: 4, passedChecks: [2], completed: false)])

    /// The bytes of a good progress file.
    static func goodBytes() throws -> Data {
        let folder = temporaryFolder()
        let file = folder.appendingPathComponent("progress.json")
        try ProgressStore(file: file).save(saved)
        return try Data(contentsOf: file)
    }

    @Test func truncatedGarbageAndForeignProgressFilesAreSetAside() throws {
        let good = try Self.goodBytes()
        let foreign = String(decoding: good, as: UTF8.self).replacingOccurrences(of: "\"format\" : 1", with: "\"format\" : 7")
        #expect(foreign != String(decoding: good, as: UTF8.self))
        let cases: [(String, Data, String)] = [
            ("truncated", good.prefix(good.count / 2), "not progress JSON"),
            ("garbage", Data([0xFF, 0x00, 0x13, 0x37]), "not progress JSON"),
            ("empty", Data(), "not progress JSON"),
            ("wrong shape", Data("[1, 2, 3]".utf8), "not progress JSON"),
            ("foreign version", Data(foreign.utf8), "progress format 7; this lab reads format 1"),
        ]
        for (label, bytes, reason) in cases {
            let folder = temporaryFolder()
            let file = folder.appendingPathComponent("progress.json")
            try bytes.write(to: file)
            let loaded = ProgressStore(file: file).load()
            #expect(loaded.progress == LessonProgress(), "\(label)")
            #expect(loaded.warning?.contains(reason) == true, "\(label): \(loaded.warning ?? "no warning")")
            #expect(loaded.warning?.contains("the old file was kept as") == true, "\(label)")
            // Kept byte for byte under the new name; nothing else left.
            let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            #expect(names.count == 1 && names[0].hasPrefix("progress.json.corrupt-"), "\(label): \(names)")
            #expect(try Data(contentsOf: folder.appendingPathComponent(names[0])) == bytes, "\(label)")
        }
    }

    @Test func anUnreadableProgressFileIsSetAside() throws {
        // A folder where the file should be cannot be read as a file (even by root).
        let folder = temporaryFolder()
        let file = folder.appendingPathComponent("progress.json")
        try FileManager.default.createDirectory(at: file, withIntermediateDirectories: false)
        let loaded = ProgressStore(file: file).load()
        #expect(loaded.warning?.contains("could not be read") == true)
        #expect(!FileManager.default.fileExists(atPath: file.path))
        // Saving works again afterwards.
        try ProgressStore(file: file).save(Self.saved)
        #expect(ProgressStore(file: file).load().progress == Self.saved)
    }

    @Test func aFileWithoutAFormatIsFormatOne() throws {
        let file = temporaryFolder().appendingPathComponent("progress.json")
        try Data(#"{"currentLesson": "a", "lessons": {"a": {"step": 2, "passedChecks": [], "completed": false}}}"#.utf8).write(to: file)
        let loaded = ProgressStore(file: file).load()
        #expect(loaded.warning == nil)
        #expect(loaded.progress.lessons["a"]?.step == 2)
    }

    @Test func leftoversOfAKilledWriterAreRemovedAndNothingElse() throws {
        let folder = temporaryFolder()
        let file = folder.appendingPathComponent("progress.json")
        try ProgressStore(file: file).save(Self.saved)
        // A pid that cannot be running (above the kernel's maximum) and our own pid.
        try Data("{".utf8).write(to: folder.appendingPathComponent(".progress.json.99999999.tmp"))
        try Data("{".utf8).write(to: folder.appendingPathComponent(".progress.json.\(getpid()).tmp"))
        #expect(ProgressStore(file: file).load().progress == Self.saved)
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: folder.path))
        #expect(names == ["progress.json", ".progress.json.\(getpid()).tmp"])
    }

    @Test func historyThatIsNotTextIsSetAside() throws {
        let folder = temporaryFolder()
        let file = folder.appendingPathComponent("history")
        try Data("seed 3\nmodel new m\n".utf8).write(to: file)
        #expect(HistoryFile.setAsideIfUnusable(file) == nil)
        try Data([0x73, 0x00, 0xFF, 0x0A]).write(to: file)
        let warning = HistoryFile.setAsideIfUnusable(file)
        #expect(warning?.contains("the history file") == true)
        #expect(warning?.contains("not UTF-8 text") == true)
        #expect(!FileManager.default.fileExists(atPath: file.path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).count == 1)
        #expect(HistoryFile.setAsideIfUnusable(folder.appendingPathComponent("none")) == nil)
    }

    @Test func replaceWritesWholeFilesAndLeavesNoTemporary() throws {
        let folder = temporaryFolder()
        let file = folder.appendingPathComponent("nested/state.txt")
        try StateFile.replace(file, with: Data("one".utf8))
        try StateFile.replace(file, with: Data("two".utf8))
        #expect(try String(contentsOf: file, encoding: .utf8) == "two")
        #expect(try FileManager.default.contentsOfDirectory(atPath: file.deletingLastPathComponent().path) == ["state.txt"])
        // A writer that fails leaves the old file as it was and no temporary behind.
        #expect(throws: (any Error).self) { try StateFile.replace(file) { _ in throw CommandError("disk full") } }
        #expect(try String(contentsOf: file, encoding: .utf8) == "two")
        #expect(try FileManager.default.contentsOfDirectory(atPath: file.deletingLastPathComponent().path) == ["state.txt"])
    }
}
