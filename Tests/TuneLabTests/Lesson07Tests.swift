import Foundation
import Testing
import TuneLab

@Suite struct Lesson07Tests {
    @Test func lessonSevenPassesEveryCheck() throws {
        let report = try checkShippedLesson("07-depth.md")
        #expect(report.failures.isEmpty, "\(report.failures.joined(separator: "\n"))")
        #expect(report.checkCount >= 3)
    }
}
