import Foundation
import Testing
import TuneLab

/// A lesson folder from someone else is data: its cells may write only inside the working
/// folder. `..`, absolute paths and links out of the folder are refused with a message,
/// through `tunelab run` and `tunelab check` alike; the learner's own typed commands are not.
@Suite struct HostileLessonTests {
    /// root/work (the working folder, with a link `escape` to root/outside and a link
    /// `dangling.md` to a file not yet in root/outside), root/outside, root/lessons.
    struct Layout {
        let root = temporaryFolder("tunelab-hostile")
        var work: URL { root.appendingPathComponent("work") }
        var outside: URL { root.appendingPathComponent("outside") }
        var lessons: URL { root.appendingPathComponent("lessons") }
        let absolute = FileManager.default.temporaryDirectory
            .appendingPathComponent("tunelab-absolute-\(UUID().uuidString).md")

        init() throws {
            for folder in [work, outside, lessons] {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            }
            try FileManager.default.createSymbolicLink(at: work.appendingPathComponent("escape"), withDestinationURL: outside)
            try FileManager.default.createSymbolicLink(
                at: work.appendingPathComponent("dangling.md"), withDestinationURL: outside.appendingPathComponent("dangling.md"))
        }

        /// Every hostile write, then one allowed write (`inside.md`) as the control.
        var hostileCommands: [String] {
            [
                "export ../parent.md",
                "export \(absolute.path)",
                "export escape/through-link.md",
                "export dangling.md",
                "export ~/tunelab-home-\(UUID().uuidString).md",
                "model new m preset=tiny layers=1 width=16 heads=2 context=16",
                "model save m ../outside-model",
                "model save m escape/model",
                "model save m \(outside.appendingPathComponent("absolute-model").path)",
                "report ../report.json",
                "report escape/report.json",
                "data load glyphs letters per_class=1",
                "data show glyphs png=../grid.png",
                "data show glyphs png=escape/grid.png",
                "export inside.md",
                "model save m checkpoints/m",
            ]
        }

        /// What must not exist after the hostile commands ran.
        func expectNothingOutside() throws {
            #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("parent.md").path))
            #expect(!FileManager.default.fileExists(atPath: absolute.path))
            #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("outside-model").path))
            #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("report.json").path))
            #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("grid.png").path))
            #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path).isEmpty)
            // The control: writing inside the working folder works from a lesson too.
            #expect(FileManager.default.fileExists(atPath: work.appendingPathComponent("inside.md").path))
            #expect(FileManager.default.fileExists(atPath: work.appendingPathComponent("checkpoints/m/model.safetensors").path))
        }
    }

    static func lesson(_ commands: [String]) -> String {
        """
        ---
        title: A lesson from elsewhere
        minutes: 1
        objectives: [try to write outside the working folder]
        needs: []
        ---
        # Writing

        ```tunelab
        \(commands.joined(separator: "\n"))
        ```
        """
    }

    @Test(arguments: ["run", "check"])
    func aHostileLessonCannotWriteOutside(subcommand: String) throws {
        let layout = try Layout()
        let file = layout.lessons.appendingPathComponent("01-hostile.md")
        try Self.lesson(layout.hostileCommands).write(to: file, atomically: true, encoding: .utf8)
        let state = temporaryFolder("tunelab-state")
        let result = try runProcess(try tunelabBinary(), [subcommand, "--lessons", layout.lessons.path, file.path],
                                    environment: ["XDG_STATE_HOME": state.path, "NO_COLOR": "1"], directory: layout.work)
        #expect(result.status == 1)
        let said = result.standardOutput + result.standardError
        #expect(said.contains("../parent.md: refused, `..` from a lesson or script"))
        #expect(said.contains("\(layout.absolute.path): refused, an absolute path"))
        #expect(said.contains("escape/through-link.md: refused, it leads through a link to"))
        #expect(said.contains("dangling.md: refused"))
        #expect(said.contains("../outside-model: refused"))
        #expect(said.contains("escape/model: refused"))
        #expect(said.contains("../report.json: refused"))
        #expect(said.contains("escape/report.json: refused"))
        #expect(said.contains("../grid.png: refused"))
        #expect(said.contains("escape/grid.png: refused"))
        try layout.expectNothingOutside()
    }

    @Test func aScriptCannotWriteOutside() throws {
        let layout = try Layout()
        let script = layout.lessons.appendingPathComponent("setup.tl")
        try layout.hostileCommands.joined(separator: "\n").write(to: script, atomically: true, encoding: .utf8)
        let result = try runProcess(try tunelabBinary(), ["run", script.path],
                                    environment: ["XDG_STATE_HOME": temporaryFolder().path, "NO_COLOR": "1"], directory: layout.work)
        #expect(result.status == 1)
        #expect(result.standardOutput.contains("refused"))
        try layout.expectNothingOutside()
    }

    @Test func typedCommandsWriteWhereTheLearnerSays() throws {
        // Typed at the prompt, an absolute path is the learner's own choice.
        let lab = TestLab()
        let file = temporaryFolder().appendingPathComponent("notes.md")
        #expect(lab.run("export \(file.path)").ok)
        #expect(FileManager.default.fileExists(atPath: file.path))
        // The same line read from a lesson is refused, and the message says how to do it anyway.
        let fromLesson = temporaryFolder().appendingPathComponent("notes.md")
        lab.buffer.reset()
        #expect(!lab.shell.execute("export \(fromLesson.path)", origin: .file))
        #expect(lab.buffer.text.contains("type the command yourself at the prompt"))
        #expect(!FileManager.default.fileExists(atPath: fromLesson.path))
    }

    @Test func thePreTypedLessonCommandIsTheLessonsUnlessEdited() throws {
        let lessons = temporaryFolder("tunelab-lessons")
        let target = temporaryFolder().appendingPathComponent("x.md")
        try Self.lesson(["export \(target.path)"]).write(
            to: lessons.appendingPathComponent("01-writing.md"), atomically: true, encoding: .utf8)
        // Enter on the pre-typed command (an empty scripted line takes the prefill).
        let lab = TestLab(lessons: lessons)
        lab.shell.run(reader: ScriptedLineReader(["open 1", "", "", ""], isInteractive: true))
        #expect(!FileManager.default.fileExists(atPath: target.path))
        #expect(lab.buffer.text.contains("refused, an absolute path"))
        // Typed out by the learner, the same command writes.
        let typed = TestLab(lessons: lessons)
        typed.shell.run(reader: ScriptedLineReader(["open 1", "", "export \(target.path) "], isInteractive: true))
        #expect(FileManager.default.fileExists(atPath: target.path))
    }

    @Test func theRuleOnItsOwn() throws {
        let layout = try Layout()
        func confined(_ path: String) throws -> URL {
            try WritablePath.confined(path, workingFolder: layout.work, allowedFolders: [layout.work])
        }
        #expect(try confined("later/notes.md").path == layout.work.appendingPathComponent("later/notes.md").path)
        #expect(try confined("./a.md").lastPathComponent == "a.md")
        #expect(throws: WritablePath.Refusal.absolute("/etc/x")) { try confined("/etc/x") }
        #expect(throws: WritablePath.Refusal.absolute("~/x")) { try confined("~/x") }
        #expect(throws: WritablePath.Refusal.parentFolder("a/../../x")) { try confined("a/../../x") }
        #expect(throws: (any Error).self) { try confined("escape/x.md") }
        #expect(throws: (any Error).self) { try confined("escape") }
        #expect(throws: (any Error).self) { try confined("dangling.md") }
        // A link that stays inside the folder is fine.
        try FileManager.default.createDirectory(at: layout.work.appendingPathComponent("real"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: layout.work.appendingPathComponent("alias"),
                                                   withDestinationURL: layout.work.appendingPathComponent("real"))
        #expect(try confined("alias/x.md").lastPathComponent == "x.md")
    }
}
