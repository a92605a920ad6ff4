import Foundation
import Testing
import TuneLab

@Suite struct LessonNavigatorTests {
    @Test func aLessonWalksProseCellCheckAndExercise() throws {
        let progressFile = temporaryFolder().appendingPathComponent("progress.json")
        let lab = TestLab(lessons: lessonFolder(), progressFile: progressFile)
        let opened = lab.run("open 1").text
        #expect(opened.contains("Lesson 1: First steps"))
        #expect(opened.contains("• set a seed"))
        #expect(opened.contains("[1/4]"))
        #expect(lab.navigator.positionLabel == "1·1")
        #expect(lab.shell.prompt == "tunelab 1·1> ")

        // Reaching the cell pre-fills its command; Enter (an empty scripted line) runs it.
        let reader = ScriptedLineReader(["next", "", "next", "next"])
        lab.buffer.reset()
        lab.shell.run(reader: reader)
        #expect(reader.prefills == ["", "seed 7", "", "", ""])
        #expect(lab.session.seed == 7)
        #expect(lab.buffer.text.contains("✓ seed == 7  (seed = 7)"))
        #expect(lab.buffer.text.contains("Check passed."))
        #expect(lab.buffer.text.contains("Try it"))

        let saved = ProgressStore(file: progressFile).load()
        #expect(saved.warning == nil)
        #expect(saved.progress.currentLesson == "first-steps")
        #expect(saved.progress.lessons["first-steps"]?.step == 3)
        #expect(saved.progress.lessons["first-steps"]?.passedChecks == [2])

        #expect(lab.run("next").text.contains("End of lesson 1. Checks passed: 1 of 1."))
        #expect(ProgressStore(file: progressFile).load().progress.lessons["first-steps"]?.completed == true)
        #expect(lab.run("lessons").text.contains("✓  1  First steps"))
    }

    @Test func aFailingCheckHoldsTheLessonUntilSkipped() {
        let lab = TestLab(lessons: lessonFolder())
        lab.run("open 1")
        lab.run("goto 3")
        let failed = lab.run("next")
        #expect(failed.text.contains("✗ seed == 7  (seed = 0)"))
        #expect(failed.text.contains("Not yet"))
        #expect(lab.navigator.step == 2)
        #expect(!lab.run("check").ok)
        #expect(lab.run("hint").text == "hint: run the cell above.\n")
        #expect(lab.run("where").text.contains("step 3 of 4, a check (01-first-steps.md:15)"))
        lab.run("skip")
        #expect(lab.navigator.step == 3)
        #expect(lab.run("back").ok)
        #expect(lab.navigator.step == 2)
        #expect(lab.run("goto 9").text.contains("goto 9: this lesson has steps 1 to 4."))
        lab.run("seed 7")
        #expect(lab.run("check").ok)
        lab.run("restart")
        #expect(lab.navigator.step == 0)
        #expect(lab.navigator.progress.lessons["first-steps"]?.passedChecks.isEmpty == true)
    }

    @Test func progressIsResumedInANewSession() {
        let progressFile = temporaryFolder().appendingPathComponent("progress.json")
        let folder = lessonFolder()
        let first = TestLab(lessons: folder, progressFile: progressFile)
        first.run("open second")
        first.run("next")
        let second = TestLab(lessons: folder, progressFile: progressFile)
        second.navigator.resume()
        #expect(second.buffer.text.contains("Resuming lesson 2, Second steps, at step 2 of 4"))
        #expect(second.navigator.prefill == "seed 9")
        #expect(second.run("open 2").text.contains("(resuming at step 2"))
    }

    @Test func aBrokenLessonIsReportedWithFileAndLineWhenOpened() throws {
        let folder = lessonFolder()
        try "---\ntitle: Broken\nminutes: 1\nobjectives: [x]\n---\n```tunelab\nfrobnicate\n```\n"
            .write(to: folder.appendingPathComponent("03-broken.md"), atomically: true, encoding: .utf8)
        let lab = TestLab(lessons: folder)
        let result = lab.run("open 3")
        #expect(!result.ok)
        #expect(result.text.contains("03-broken.md:7: frobnicate: unknown command"))
        #expect(lab.run("lessons").text.contains("3  Broken"))
    }

    @Test func needsAreMadeByTheFeatureThatRegisteredThem() throws {
        let folder = temporaryFolder()
        try "---\ntitle: Needs\nminutes: 1\nobjectives: [x]\nneeds: [pretrained: base]\n---\n```check\nbase.width == 64\n```\n"
            .write(to: folder.appendingPathComponent("01-needs.md"), atomically: true, encoding: .utf8)
        let lab = TestLab(lessons: folder)
        lab.registry.registerNeed("pretrained") { name, context in context.session.add(FakeModel(name: name)) }
        #expect(lab.run("open 1").text.contains("This lesson needs pretrained: base; making it now."))
        #expect(lab.session.object(named: "base")?.kind == .model)
        #expect(lab.run("check").ok)
    }
}

@Suite struct ProgressStoreTests {
    @Test func savesAtomicallyAndLoadsBack() throws {
        let folder = temporaryFolder()
        let store = ProgressStore(file: folder.appendingPathComponent("state/progress.json"))
        let progress = LessonProgress(currentLesson: "a", lessons: ["a": .init(step: 4, passedChecks: [2, 3], completed: false)])
        try store.save(progress)
        try store.save(progress)  // replacing an existing file
        let loaded = store.load()
        #expect(loaded.progress == progress)
        #expect(loaded.warning == nil)
        // Only the file itself is left: the temporary file was renamed over it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("state").path) == ["progress.json"])
    }

    @Test func aCorruptFileIsSetAsideWithAWarning() throws {
        let folder = temporaryFolder()
        let file = folder.appendingPathComponent("progress.json")
        try Data("{\"currentLesson\": 3, garbage".utf8).write(to: file)
        let loaded = ProgressStore(file: file).load()
        #expect(loaded.progress == LessonProgress())
        #expect(loaded.warning?.contains("could not be read") == true)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(names.count == 1)
        #expect(names.first?.hasPrefix("progress.json.corrupt-") == true)

        // The shell starts anyway, says so, and saves fresh progress.
        try Data([0xFF, 0x00]).write(to: file)
        let again = TestLab(lessons: lessonFolder(), progressFile: file)
        #expect(again.buffer.text.contains("warning: the progress file"))
        again.run("open 1")
        #expect(ProgressStore(file: file).load().progress.currentLesson == "first-steps")
    }
}
