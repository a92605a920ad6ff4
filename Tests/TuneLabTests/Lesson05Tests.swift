import Foundation
import Testing
import TuneLab

@Suite struct Lesson05Tests {
    /// Every cell runs and every check passes headless, within the lesson's compute budget.
    @Test func lessonFivePassesEveryCheck() throws {
        let report = try checkShippedLesson("05-learning-rate.md")
        print("Lessons/05-learning-rate.md: \(report.cellCount) cells, \(report.checkCount) checks, compute \(String(format: "%.1f", report.computeSeconds)) s")
        #expect(report.failures.isEmpty, "\(report.failures.joined(separator: "\n"))")
        #expect(report.checkCount >= 3)
        #expect(report.computeSeconds < 240, "the budget is 2 minutes on 2 idle cores; a shared machine gets twice that")
    }
}
