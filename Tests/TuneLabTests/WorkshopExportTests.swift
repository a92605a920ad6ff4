import Foundation
import Testing
import TuneLab

@Suite struct WorkshopExportTests {
    /// Python with nbformat (installed by .ci/setup), or nil.
    func pythonWithNBFormat() throws -> URL? {
        guard let python = findOnPath("python3") else { return nil }
        let probe = try runProcess(python, ["-c", "import nbformat"])
        return probe.status == 0 ? python : nil
    }

    @Test func aSessionExportsAsAValidNotebookWithItsOutputsAndPlots() throws {
        let folder = temporaryFolder()
        let lab = TestLab(lessons: workshopFolder())
        lab.session.seed = 5
        lab.run("open 1")
        lab.run("next")
        lab.run("predict 0.25")
        lab.run("fit steps=3 as r1")
        lab.run("model new tiny preset=tiny")
        lab.run("train tiny on corpus steps=4 as short")
        lab.run("plot short")
        lab.run("trian oops")
        let file = folder.appendingPathComponent("session.ipynb")
        let wrote = lab.run("export \(file.path)")
        #expect(wrote.ok && wrote.text.contains("Wrote a Jupyter notebook"), "\(wrote.text)")
        // The Markdown export is still there for other names.
        #expect(lab.run("export \(folder.path)/session.md").ok)
        #expect(try String(contentsOf: folder.appendingPathComponent("session.md"), encoding: .utf8).contains("```tunelab\nfit steps=3 as r1\n```"))

        let notebook = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        let metadata = try #require(notebook["metadata"] as? [String: Any])
        let tunelab = try #require(metadata["tunelab"] as? [String: Any])
        #expect(tunelab["version"] as? String == TuneLabVersion.string && tunelab["seed"] as? Int == 5)

        guard let python = try pythonWithNBFormat() else {
            Issue.record("python3 with nbformat is missing: run bash .ci/setup")
            return
        }
        // nbformat validates it, and reads the outputs back.
        let script = """
        import nbformat, sys
        nb = nbformat.read(sys.argv[1], as_version=4)
        nbformat.validate(nb)
        kinds = [c.cell_type for c in nb.cells]
        print("markdown", kinds.count("markdown"), "code", kinds.count("code"))
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            for output in cell.outputs:
                if output.output_type == "stream":
                    print("stream", output.name, repr(cell.source), repr(output.text.splitlines()[0]))
                else:
                    print("svg", repr(cell.source), "<svg" in output.data["image/svg+xml"] and "</svg>" in output.data["image/svg+xml"])
        print("seed", nb.metadata.tunelab.seed)
        """
        let result = try runProcess(python, ["-c", script, file.path])
        #expect(result.status == 0, "\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        // The lesson's first prose step and the predict question are Markdown cells.
        #expect(lines.first?.hasPrefix("markdown 2 ") == true, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("stream stdout 'fit steps=3 as r1' 'fit: 3 steps, final loss 0.25'") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("stream stdout 'predict 0.25'") })
        #expect(lines.contains("svg 'plot short' True"), "\(lines)")
        #expect(lines.contains { $0.hasPrefix("stream stderr 'trian oops'") }, "\(lines)")
        #expect(lines.last == "seed 5")
    }

    @Test func theShippedLessonsHaveSectionMinutesTakeawaysAndExercises() throws {
        let registry = CommandRegistry.standard()
        let folder = labPackageRoot.appendingPathComponent("Lessons")
        let library = LessonLibrary(folder: folder)
        #expect(library.entries.count >= 8)
        var exercises = 0, predictions = 0
        for entry in library.entries {
            let lesson = try LessonParser(registry: registry).parse(file: entry.file)
            #expect(lesson.sections.allSatisfy { $0.minutes != nil }, "\(entry.file.lastPathComponent)")
            #expect(lesson.sections.compactMap(\.minutes).reduce(0, +) == lesson.frontMatter.minutes)
            guard case .takeaways = lesson.steps.last?.content else {
                Issue.record("\(entry.file.lastPathComponent) does not end with takeaways")
                continue
            }
            for step in lesson.steps {
                if case .exercise = step.content { exercises += 1 }
                if case .predict = step.content { predictions += 1 }
            }
        }
        #expect(exercises >= 6 && predictions >= 4, "exercises \(exercises), predictions \(predictions)")
    }

    @Test func theGuideCoversEveryLessonAndTheOfflineRoom() throws {
        let binary = try tunelabBinary()
        let result = try runProcess(binary, ["guide", "--lessons", labPackageRoot.appendingPathComponent("Lessons").path])
        #expect(result.status == 0, "\(result.standardError)")
        let guide = result.standardOutput
        #expect(guide.contains("## Lesson 1: Welcome, and one neuron (15 min)"))
        #expect(guide.contains("**Objectives**") && guide.contains("**Sections**") && guide.contains("**Common mistakes** (from the hints)"))
        #expect(guide.contains("`n1.accuracy == 1`"))
        #expect(guide.contains("## Preparing a room without network"))
        #expect(guide.contains("Lesson 8 needs the pre-trained all-MiniLM-L6-v2 model"))
        #expect(guide.contains("TUNELAB_MINILM"))
        #expect(guide.contains("| 8. A real pre-trained model | 25 |"))

        // With --run, the values a lesson's checks read at the seed are in the guide.
        let one = temporaryFolder()
        try FileManager.default.copyItem(at: labPackageRoot.appendingPathComponent("Lessons/01-welcome-one-neuron.md"),
                                         to: one.appendingPathComponent("01-welcome-one-neuron.md"))
        let measured = try runProcess(binary, ["guide", "--run", "--lessons", one.path])
        #expect(measured.status == 0, "\(measured.standardError)")
        #expect(measured.standardOutput.contains("measured at seed 0: n1.accuracy = 1"), "\(measured.standardOutput)")
    }

    @Test func setupWithoutNetworkStillSucceedsAndSaysWhatLessonEightNeeds() throws {
        guard let bash = findOnPath("bash"), let python = findOnPath("python3") else { Issue.record("no bash or python3"); return }
        // A python3 whose `pip download` fails, as in a room without network.
        let shim = temporaryFolder("tunelab-offline")
        let fake = shim.appendingPathComponent("python3")
        try """
        #!/bin/sh
        if [ "$1" = "-m" ] && [ "$2" = "pip" ] && [ "$3" = "download" ]; then
            echo "ERROR: Could not find a version that satisfies the requirement (network is unreachable)" >&2
            exit 1
        fi
        exec \(python.path) "$@"
        """.write(to: fake, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake.path)
        let cache = temporaryFolder("tunelab-cache")
        let path = shim.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let result = try runProcess(bash, [labPackageRoot.appendingPathComponent(".ci/setup").path],
                                    environment: ["PATH": path, "XDG_CACHE_HOME": cache.path, "TUNELAB_MINILM": ""])
        #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
        #expect(result.standardOutput.contains("could not fetch the all-MiniLM-L6-v2 wheel"), "\(result.standardOutput)")
        #expect(result.standardOutput.contains("lessons 1 to 7 and all other commands work without it"))
        #expect(result.standardOutput.contains("\(cache.path)/tunelab/"))
        #expect(result.standardOutput.contains("TUNELAB_MINILM="))

        // The lab says the same when lesson 8's model is missing, and goes on.
        let binary = try tunelabBinary()
        let state = temporaryFolder("tunelab-state")
        let lab = try runProcess(binary, [], input: Data("encoder load mini\nseed 3\n".utf8), environment: [
            "XDG_STATE_HOME": state.path, "XDG_CACHE_HOME": cache.path, "NO_COLOR": "1", "TUNELAB_MINILM": "",
        ])
        #expect(lab.standardOutput.contains("Lesson 8 (a real pre-trained model) needs the all-MiniLM-L6-v2 wheel"), "\(lab.standardOutput)")
        #expect(lab.standardOutput.contains("lessons 1 to 7 work without it"))
        #expect(lab.standardOutput.contains("\(cache.path)/tunelab") || lab.standardOutput.contains("XDG_CACHE_HOME"))
    }
}
