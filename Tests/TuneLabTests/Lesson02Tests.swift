import Foundation
import Testing
import TuneLab

@Suite struct Lesson02Tests {
    /// Every cell runs and every check passes headless. The compute time is printed, not
    /// asserted: tests never time anything (the budget is measured on an idle machine).
    @Test func lessonTwoPassesEveryCheck() throws {
        let report = try checkShippedLesson("02-pretraining.md")
        print("Lessons/02-pretraining.md: \(report.cellCount) cells, \(report.checkCount) checks, compute \(String(format: "%.1f", report.computeSeconds)) s")
        #expect(report.failures.isEmpty, "\(report.failures.joined(separator: "\n"))")
        #expect(report.checkCount >= 3)
    }
}
