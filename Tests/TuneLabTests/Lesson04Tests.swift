import Foundation
import Testing
import TuneLab

@Suite struct Lesson04Tests {
    /// Every cell runs and every check passes headless. The compute time is printed, not
    /// asserted: tests never time anything (the budget is measured on an idle machine).
    @Test func lessonFourPassesEveryCheck() throws {
        let report = try checkShippedLesson("04-fine-tuning.md")
        print("Lessons/04-fine-tuning.md: \(report.cellCount) cells, \(report.checkCount) checks, compute \(String(format: "%.1f", report.computeSeconds)) s")
        #expect(report.failures.isEmpty, "\(report.failures.joined(separator: "\n"))")
        #expect(report.checkCount >= 3)
    }
}
