import Foundation
import Testing

/// The real `tunelab` binary, headless: scripts, lessons, `check`, piped input, options.
@Suite struct ExecutableTests {
    let state = temporaryFolder("tunelab-state")
    var environment: [String: String] { ["XDG_STATE_HOME": state.path, "NO_COLOR": "1"] }

    @Test func versionAndHelp() throws {
        let binary = try tunelabBinary()
        let version = try runProcess(binary, ["--version"])
        #expect(version.status == 0)
        #expect(version.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) == "0.1.0")
        let help = try runProcess(binary, ["--help"])
        #expect(help.standardOutput.contains("run"))
        #expect(help.standardOutput.contains("check"))
        let labHelp = try runProcess(binary, ["lab", "--help"])
        for option in ["--lessons", "--seed", "--no-color"] { #expect(labHelp.standardOutput.contains(option)) }
    }

    @Test func pipedInputRunsWithoutPromptAndFailsWhenACommandFails() throws {
        let binary = try tunelabBinary()
        let good = try runProcess(binary, ["--seed", "5"], input: Data("seed\nseed 8\nseed\n".utf8), environment: environment)
        #expect(good.status == 0)
        #expect(good.standardOutput == "Seed: 5\nSeed set to 8.\nSeed: 8\n")
        var bad = Data("sedd 1\nseed ".utf8)
        bad.append(contentsOf: [0xFF, 0xFE])
        bad.append(contentsOf: Array("\nseed 2\n".utf8))
        let failed = try runProcess(binary, [], input: bad, environment: environment)
        #expect(failed.status == 1)
        #expect(failed.standardOutput.contains("error: sedd: unknown command. Did you mean `seed`?"))
        #expect(failed.standardOutput.contains("not valid UTF-8"))
        #expect(failed.standardOutput.hasSuffix("Seed set to 2.\n"))
    }

    @Test func runExecutesAScriptAndReportsFailuresByLine() throws {
        let binary = try tunelabBinary()
        let folder = temporaryFolder()
        let script = folder.appendingPathComponent("setup.tl")
        try "# a script\nseed 3\n\nseed\n".write(to: script, atomically: true, encoding: .utf8)
        let ok = try runProcess(binary, ["run", script.path], environment: environment)
        #expect(ok.status == 0)
        #expect(ok.standardOutput == "Seed set to 3.\nSeed: 3\n")
        try "seed 3\nseed x\nseed 4\n".write(to: script, atomically: true, encoding: .utf8)
        let failed = try runProcess(binary, ["run", script.path], environment: environment)
        #expect(failed.status == 1)
        #expect(failed.standardError.contains("setup.tl:2: seed x"))
        #expect(failed.standardOutput.hasSuffix("Seed set to 4.\n"))
        let missing = try runProcess(binary, ["run", folder.appendingPathComponent("none.tl").path], environment: environment)
        #expect(missing.status != 0)
        #expect(missing.standardError.contains("cannot read it"))
    }

    @Test func runAndCheckALessonHeadless() throws {
        let binary = try tunelabBinary()
        let lessons = lessonFolder()
        let lesson = lessons.appendingPathComponent("01-first-steps.md")
        let run = try runProcess(binary, ["run", lesson.path], environment: environment)
        #expect(run.status == 0)
        #expect(run.standardOutput.contains("Seed set to 7.\n  ✓ seed == 7  (seed = 7)"))

        let check = try runProcess(binary, ["check", lesson.path, lessons.appendingPathComponent("02-second-steps.md").path], environment: environment)
        #expect(check.status == 0, "\(check.standardOutput)")
        #expect(check.standardOutput.contains("✓ \(lesson.path): 1 cells, 1 checks, compute "))

        // A failing check and a malformed lesson: file:line, non-zero exit.
        let failing = lessons.appendingPathComponent("03-failing.md")
        try tinyLesson.replacingOccurrences(of: "seed == 7", with: "seed == 8").write(to: failing, atomically: true, encoding: .utf8)
        let broken = lessons.appendingPathComponent("04-broken.md")
        try tinyLesson.replacingOccurrences(of: "seed 7", with: "sed 7").write(to: broken, atomically: true, encoding: .utf8)
        let report = try runProcess(binary, ["check", failing.path, broken.path], environment: environment)
        #expect(report.status == 1)
        #expect(report.standardOutput.contains("\(failing.path):16: check failed: seed == 8 [seed = 7] (hint: run the cell above.)"))
        #expect(report.standardOutput.contains("\(broken.path):12: sed: unknown command. Did you mean `seed`?"))
        #expect(try runProcess(binary, ["run", failing.path], environment: environment).status == 1)
    }

    @Test func lessonsAreFoundFromTheHomeFolderAndProgressIsKept() throws {
        let binary = try tunelabBinary()
        let home = temporaryFolder("tunelab-home")
        try FileManager.default.createDirectory(at: home.appendingPathComponent("datasets"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: lessonFolder(), to: home.appendingPathComponent("Lessons"))
        var environment = self.environment
        environment["TUNELAB_HOME"] = home.path
        let first = try runProcess(binary, [], input: Data("lessons\nopen 2\nnext\n".utf8), environment: environment)
        #expect(first.standardOutput.contains(" 2  Second steps"))
        // A copy of the binary placed under the home folder finds it by walking up from itself.
        try FileManager.default.createDirectory(at: home.appendingPathComponent("bin"), withIntermediateDirectories: true)
        let copy = home.appendingPathComponent("bin/tunelab")
        try FileManager.default.copyItem(at: binary, to: copy)
        let fromCopy = try runProcess(copy, [], input: Data("lessons\n".utf8), environment: self.environment,
                                      directory: FileManager.default.temporaryDirectory)
        #expect(fromCopy.standardOutput.contains(" 1  First steps"), "\(fromCopy.standardOutput)")
        // The next start resumes lesson 2 at step 2, where the cell waits; piped in, it does so
        // without a word, so a script's output holds only its commands' output.
        let second = try runProcess(binary, [], input: Data("where\n".utf8), environment: environment)
        #expect(!second.standardOutput.contains("Resuming"), "\(second.standardOutput)")
        #expect(!second.standardError.contains("Resuming"))
        #expect(second.standardOutput.contains("step 2 of 4, a cell"))
    }
}
