import Foundation
import Testing
import TuneLab

/// Three learners on the workshop lesson: one finishes it, two are stuck at its check.
func threeLearnerReports() -> [LearnerReport] {
    func learner(_ name: String, _ lines: [String], seconds: Double) -> LearnerReport {
        let lab = TestLab(lessons: workshopFolder(), progressFile: temporaryFolder().appendingPathComponent("progress.json"))
        let clock = TestClock()
        lab.navigator.clock = { clock.now }
        for line in lines {
            lab.run(line)
            clock.advance(seconds)
        }
        return LearnerReport.make(progress: lab.navigator.progress, library: lab.navigator.library, registry: lab.registry,
                                  learner: name, seed: lab.session.seed, now: Date(timeIntervalSince1970: 1_800_000_000))
    }
    let finished = ["open 1", "next", "predict 0.25", "fit steps=3 as r1", "next", "check", "next", "next",
                    "hint", "fit steps=5 as r2", "check", "next", "predict lower", "fit steps=6 as r3", "next", "next"]
    let stuck = ["open 1", "goto 4", "check", "hint", "check"]
    return [learner("ada", finished, seconds: 20), learner("ben", stuck, seconds: 60), learner("cy", Array(stuck.prefix(3)), seconds: 90)]
}

@Suite struct WorkshopReportTests {
    @Test func aLearnerReportRoundTripsThroughJSON() throws {
        let ada = threeLearnerReports()[0]
        #expect(ada.format == LearnerReport.formatName && ada.tunelabVersion == TuneLabVersion.string && ada.seed == 0)
        let lesson = try #require(ada.lessons.first)
        #expect(lesson.completed && lesson.stepReached == lesson.steps)
        #expect(lesson.sections.map(\.done) == [true, true])
        #expect(lesson.checks.first?.passed == true)
        #expect(lesson.checks.first?.values == ["r1.steps": 3, "r1.loss.final": 0.25])
        #expect(lesson.exercises == [LearnerReport.ExerciseEntry(step: 6, line: 28, solved: true, revealed: false, hintsUsed: 1, hints: 2)])
        #expect(lesson.predictions.map(\.right) == [true, true])
        // 15 gaps of 20 s after opening the lesson (the commands after the lesson ended count too).
        #expect(lesson.minutesSpent == 5.0)
        #expect(ada.lessons[1].started == false)

        let data = try ada.json()
        let back = try LearnerReport.read(data, file: "ada.json")
        #expect(back == ada)
    }

    @Test func aRoomAggregatesIntoOneTable() throws {
        let room = RoomReport(reports: threeLearnerReports())
        let first = try #require(room.rows.first)
        #expect(first.learners == 3 && first.started == 3 && first.completed == 1)
        // Minutes (a failed command does not count as activity): ada 15 × 20 s = 5.0;
        // ben 60 s + 120 s = 3.0; cy 90 s = 1.5 → median 3.0.
        #expect(first.medianMinutes == 3.0)
        #expect(first.mostFailed?.check == "step 4 (line 20)")
        #expect(first.mostFailed?.attempts == 3 && first.mostFailed?.learners == 2)
        #expect(first.stuck.count == 1 && first.stuck[0].step == 4 && first.stuck[0].learners == ["ben", "cy"])
        #expect(room.rows[1].started == 0 && room.rows[1].medianMinutes == nil)

        let markdown = room.render(.markdown)
        #expect(markdown.contains("| 1 Workshop steps | 1/3 (33%) | 3 | 3.0 | step 4 (line 20): 3× by 2 | step 4: ben, cy |"), "\(markdown)")
        let csv = room.render(.csv).split(separator: "\n").map(String.init)
        #expect(csv[0] == "lesson,title,learners,completed,started,median_minutes,most_failed_check,most_failed_attempts,most_failed_learners,stuck")
        #expect(csv[1] == "1,Workshop steps,3,1,3,3.0,step 4 (line 20),3,2,step 4: ben cy")
        let terminal = room.render(.terminal, style: RenderStyle(width: 160, color: false, unicode: false))
        #expect(terminal.contains("3 learners (ada, ben, cy)") && terminal.contains("step 4: ben, cy"), "\(terminal)")
    }

    @Test func malformedAndForeignFilesAreNamed() throws {
        let folder = temporaryFolder()
        let good = folder.appendingPathComponent("ada.json")
        try threeLearnerReports()[0].json().write(to: good)
        let files: [(String, String)] = [
            ("notes.txt", "just some notes"),
            ("notebook.ipynb", #"{"cells": [], "nbformat": 4}"#),
            ("future.json", #"{"format": "tunelab-learner-report", "formatVersion": 9}"#),
            ("cut.json", #"{"format": "tunelab-learner-report", "formatVersion": 1, "learner": "x"}"#),
        ]
        for (name, text) in files { try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        let paths = [good.path] + files.map { folder.appendingPathComponent($0.0).path } + [folder.appendingPathComponent("missing.json").path]
        let (reports, problems) = RoomReport.load(files: paths)
        #expect(reports.count == 1)
        #expect(problems.count == 5)
        #expect(problems[0].hasSuffix("notes.txt: not JSON, so not a TuneLab learner report (learners write one with report FILE)"))
        #expect(problems[1].contains("notebook.ipynb: JSON, but not a TuneLab learner report"))
        #expect(problems[2].contains("future.json: written by a newer TuneLab (report format 9"))
        #expect(problems[3].contains("cut.json: a learner report without"))
        #expect(problems[4].contains("missing.json: cannot be read"))
    }

    @Test func theReportCommandAndTheRoomCommandWorkTogether() throws {
        let folder = temporaryFolder()
        let lab = TestLab(lessons: workshopFolder())
        lab.run("open 1")
        let wrote = lab.run("report \(folder.path)/me.json learner=dee")
        #expect(wrote.ok && wrote.text.contains("dee, 0 of 2 lessons done, 1 started"), "\(wrote.text)")
        try "not a report".write(to: folder.appendingPathComponent("junk.json"), atomically: true, encoding: .utf8)

        let binary = try tunelabBinary()
        let result = try runProcess(binary, ["report", "--format", "markdown", folder.appendingPathComponent("me.json").path,
                                             folder.appendingPathComponent("junk.json").path], environment: ["NO_COLOR": "1"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("| 1 Workshop steps | 0/1 (0%) | 1 |"), "\(result.standardOutput)")
        #expect(result.standardError.contains("junk.json: not JSON"), "\(result.standardError)")
        let none = try runProcess(binary, ["report", folder.appendingPathComponent("junk.json").path])
        #expect(none.status == 1 && none.standardError.contains("none of the 1 files is a learner report"))
    }
}
