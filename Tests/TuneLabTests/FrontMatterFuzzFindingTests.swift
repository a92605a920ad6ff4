import Foundation
import Testing
import TuneLab

/// Found by the lesson fuzz harness: a front matter key that is a list (`? - item`) made
/// Yams trap while turning the YAML into values. It is refused with its line now; the
/// input is kept in Tests/Fuzz/corpus/lesson.
@Suite struct FrontMatterFuzzFindingTests {
    @Test func aListOrMappingAsFrontMatterKeyIsRefusedAtItsLine() {
        for key in ["? - classify sentiment", "? {a: 1}", "? [x, y]"] {
            let text = "---\ntitle: T\nminutes: 5\nobjectives:\n \(key)\n---\nBody.\n"
            do {
                _ = try LessonParser(registry: nil).parse(text: text, file: URL(fileURLWithPath: "/l/01-x.md"), number: 1, slug: "x")
                Issue.record("\(key) was accepted")
            } catch let error as LessonFileError {
                #expect(error.issues.map(\.line) == [5], "\(key): \(error)")
                #expect(error.description.contains("front matter keys are plain words"), "\(key): \(error)")
            } catch {
                Issue.record("\(key): \(error)")
            }
        }
    }
}
