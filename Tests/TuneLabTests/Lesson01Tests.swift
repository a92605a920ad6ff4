import Foundation
import Testing
import TuneLab

/// Runs a shipped lesson headless, as `tunelab check` does.
func checkShippedLesson(_ fileName: String) throws -> HeadlessRunner.LessonReport {
    let registry = CommandRegistry.standard()
    let lesson = try LessonParser(registry: registry).parse(file: labPackageRoot.appendingPathComponent("Lessons").appendingPathComponent(fileName))
    let buffer = BufferOutput()
    let session = Session(seed: 0)
    let navigator = LessonNavigator(library: LessonLibrary(folder: nil), store: nil, registry: registry, output: buffer.output, session: session)
    let shell = Shell(session: session, registry: registry, output: buffer.output, lessons: navigator)
    return HeadlessRunner.runLesson(lesson, in: shell, showsOutput: false)
}

@Suite struct Lesson01Tests {
    @Test func lessonOnePassesEveryCheck() throws {
        let report = try checkShippedLesson("01-welcome-one-neuron.md")
        #expect(report.failures.isEmpty, "\(report.failures.joined(separator: "\n"))")
        #expect(report.checkCount >= 3)
    }
}
