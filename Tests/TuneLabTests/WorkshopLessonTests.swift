import Foundation
import Testing
import TuneLab

/// A lesson with every workshop block, using the test-only `fit` command (its loss halves
/// each step from 2, so `fit steps=3` ends at 0.25).
let workshopLesson = """
---
title: Workshop steps
minutes: 3
objectives: [guess before a run, solve an exercise]
---
# Guessing (1 min)

A guess before a run makes the result stick.

```predict
ask: What will the final loss be after three steps?
answer: r1.loss.final
within: 0.05
```

```tunelab
fit steps=3 as r1
```

```check
r1.steps == 3
r1.loss.final ≈ 0.25 ± 0.001
hint: run fit steps=3 as r1
```

## Practice (2 min)

> **Try it:** train a run r2 with five steps.

```exercise
r2.steps == 5
hint: the fit command takes steps=
hint: fit steps=5 as r2
solution: fit steps=5 as r2
```

```predict
ask: Will r3 end lower or higher than r1?
choice: lower: r3.loss.final < r1.loss.final
choice: higher: r3.loss.final >= r1.loss.final
```

```tunelab
fit steps=6 as r3
```

> **Takeaways**
> - guess, then run
> - exercises check themselves
"""

/// A folder holding `workshopLesson` as lesson 1 and the tiny lesson as lesson 2.
func workshopFolder() -> URL {
    let folder = temporaryFolder("tunelab-workshop")
    try? workshopLesson.write(to: folder.appendingPathComponent("01-workshop-steps.md"), atomically: true, encoding: .utf8)
    try? tinyLesson.write(to: folder.appendingPathComponent("02-first-steps.md"), atomically: true, encoding: .utf8)
    return folder
}

/// A clock the test moves by hand.
final class TestClock {
    var now = Date(timeIntervalSince1970: 1_000_000)
    func advance(_ seconds: Double) { now += seconds }
}

@Suite struct WorkshopLessonTests {
    func parse(_ text: String, registry: CommandRegistry? = nil) throws -> Lesson {
        let registry = registry ?? { let r = CommandRegistry.standard(); r.register(.fit); return r }()
        return try LessonParser(registry: registry).parse(text: text, file: URL(fileURLWithPath: "/l/01-w.md"), number: 1, slug: "w")
    }

    func issues(_ text: String) -> [String] {
        do { _ = try parse(text); return [] } catch let error as LessonFileError {
            return error.issues.map { "\($0.line): \($0.message)" }
        } catch { return ["\(error)"] }
    }

    @Test func theBlocksParseIntoStepsAndSections() throws {
        let lesson = try parse(workshopLesson)
        #expect(lesson.steps.map(\.kindName) == ["text", "prediction", "cell", "check", "text", "exercise", "prediction", "cell", "takeaways"])
        #expect(lesson.sections == [
            LessonSection(title: "Guessing", minutes: 1, firstStep: 0, line: 6),
            LessonSection(title: "Practice", minutes: 2, firstStep: 4, line: 26),
        ])
        guard case let .exercise(exercise) = lesson.steps[5].content else { Issue.record("not an exercise"); return }
        #expect(exercise.prompt == "train a run r2 with five steps.")
        #expect(exercise.hints == ["the fit command takes steps=", "fit steps=5 as r2"])
        #expect(exercise.solution.map(\.text) == ["fit steps=5 as r2"])
        #expect(exercise.conditions.map(\.expression.source) == ["r2.steps == 5"])
        #expect(lesson.steps[5].line == 28)
        guard case let .predict(number) = lesson.steps[1].content, case let .number(answer, tolerance) = number.answer else {
            Issue.record("not a number prediction"); return
        }
        #expect(answer.source == "r1.loss.final" && tolerance == 0.05)
        guard case let .predict(choice) = lesson.steps[6].content else { Issue.record("not a prediction"); return }
        #expect(choice.words == ["lower", "higher"])
        guard case let .takeaways(items) = lesson.steps[8].content else { Issue.record("no takeaways"); return }
        #expect(items == ["guess, then run", "exercises check themselves"])
    }

    @Test func badBlocksAreReportedWithTheirLines() {
        let head = "---\ntitle: T\nminutes: 3\nobjectives: [x]\n---\n"
        // An exercise needs its Try-it quote, conditions and a solution.
        #expect(issues(head + "# A\n\n```exercise\nseed == 1\nsolution: seed 1\n```\n")
            == ["8: an exercise block comes right after the > **Try it:** quote it checks"])
        #expect(issues(head + "> **Try it:** x\n\n```exercise\nseed == 1\n```\n")
            == ["8: an exercise needs solution: lines (the commands that solve it)"])
        #expect(issues(head + "> **Try it:** x\n\n```exercise\nseed == 1\nsolution: trian base\n```\n").first?.hasPrefix("10: ") == true)
        // A prediction comes right before a cell, with an answer or two choices.
        #expect(issues(head + "```predict\nask: how much?\nanswer: seed\n```\n\nText.\n")
            == ["6: a predict block comes right before the cell whose result it asks about"])
        #expect(issues(head + "```predict\nask: which?\nchoice: up: seed > 1\n```\n```tunelab\nseed 2\n```\n")
            == ["6: a predict block has either answer: (with within:) or two or more choice: lines"])
        #expect(issues(head + "```predict\nanswer: seed\n```\n```tunelab\nseed 2\n```\n")
            == ["6: a predict block needs an ask: line (the question)"])
        #expect(issues(head + "```predict\nask: q\nchoice: two words: seed > 1\nchoice: b: seed < 1\n```\n```tunelab\nseed 2\n```\n")
            == ["8: choice: the answer is one word (the learner types predict WORD)", "6: a predict block has either answer: (with within:) or two or more choice: lines"])
        // Section minutes are all or nothing and add up to the lesson's minutes.
        #expect(issues(head + "# A (1 min)\n\nx\n\n## B (1 min)\n\ny\n")
            == ["6: the sections' minutes add up to 2, but the front matter says minutes: 3"])
        #expect(issues(head + "# A (1 min)\n\nx\n\n## B\n\ny\n")
            == ["10: other headings give their minutes; add them here too: ## B (N min)"])
        // Takeaways end the lesson.
        #expect(issues(head + "> **Takeaways**\n> - one\n\nMore text.\n")
            == ["6: the takeaways box ends the lesson; move it after the last step"])
    }

    @Test func headlessRunsProveSolutionsAndPredictions() throws {
        let lab = TestLab()
        let report = HeadlessRunner.runLesson(try parse(workshopLesson, registry: lab.registry), in: lab.shell, showsOutput: false)
        #expect(report.failures.isEmpty, "\(report.failures)")
        #expect(report.exerciseCount == 1 && report.predictionCount == 2 && report.checkCount == 1)
        #expect(lab.session.value(at: ["r2", "steps"]) == 5)
        #expect(report.values[21] == ["r1.steps": 3])

        // A solution that does not solve its exercise fails the lesson, at the condition's line.
        let wrong = workshopLesson.replacingOccurrences(of: "solution: fit steps=5 as r2", with: "solution: fit steps=4 as r2")
        let second = TestLab()
        let failing = HeadlessRunner.runLesson(try parse(wrong, registry: lab.registry), in: second.shell, showsOutput: false)
        #expect(failing.failures == ["/l/01-w.md:31: exercise check failed: r2.steps == 5 [r2.steps = 4] (hint: the fit command takes steps=)"])

        // A choice question whose choices both hold (or none) cannot be answered.
        let ambiguous = workshopLesson.replacingOccurrences(of: "r3.loss.final >= r1.loss.final", with: "r3.steps > 0")
        let third = TestLab()
        let unclear = HeadlessRunner.runLesson(try parse(ambiguous, registry: lab.registry), in: third.shell, showsOutput: false)
        #expect(unclear.failures.count == 1)
        #expect(unclear.failures.first?.hasPrefix("/l/01-w.md:37: predict: exactly one choice must hold after the cell, but 2 do") == true)
    }

    @Test func aLearnerPredictsSolvesWithHintsAndRevealsASolution() throws {
        let progressFile = temporaryFolder().appendingPathComponent("progress.json")
        let lab = TestLab(lessons: workshopFolder(), progressFile: progressFile)
        let clock = TestClock()
        lab.navigator.clock = { clock.now }
        lab.run("open 1")
        lab.run("next")
        #expect(lab.run("next").text.contains("Guess first: type predict 0.8"))
        #expect(!lab.run("predict lots").ok)
        #expect(lab.run("predict 0.3").text.contains("Your guess: 0.3"))
        #expect(lab.navigator.prefill == "fit steps=3 as r1")
        clock.advance(30)
        let ran = lab.run("fit steps=3 as r1").text
        #expect(ran.contains("You predicted 0.3; the lab measured 0.25: right."))
        clock.advance(20)
        lab.run("next")
        lab.run("check")  // at the check: passes
        lab.run("next"); lab.run("next")
        #expect(lab.navigator.step == 5)
        #expect(!lab.run("check").ok)
        #expect(lab.run("hint").text == "hint: (1/2) the fit command takes steps=\n")
        #expect(lab.run("hint").text.contains("(2/2) fit steps=5 as r2"))
        #expect(lab.run("solution").text.contains("fit steps=5 as r2"))
        #expect(lab.navigator.prefill == "fit steps=5 as r2")
        clock.advance(4000)  // away for over an hour: counted as the idle cap
        lab.run("fit steps=5 as r2")
        #expect(lab.run("check").text.contains("Exercise solved."))
        lab.run("next")
        lab.run("predict higher")
        #expect(lab.run("fit steps=6 as r3").text.contains("You predicted higher; the lab measured lower: not this time."))

        let record = try #require(ProgressStore(file: progressFile).load().progress.lessons["workshop-steps"])
        let activity = try #require(record.activity)
        #expect(activity.seconds == 30 + 20 + LessonActivity.idleCap)
        #expect(activity.passedChecks["3"]?.values == ["r1.steps": 3, "r1.loss.final": 0.25])
        #expect(activity.exercises["5"] == LessonActivity.ExerciseState(solved: true, revealed: true, hintsUsed: 2))
        #expect(activity.predictions["1"] == LessonActivity.PredictionRecord(guess: "0.3", actual: "0.25", right: true))
        #expect(activity.predictions["6"] == LessonActivity.PredictionRecord(guess: "higher", actual: "lower", right: false))
    }

    @Test func progressFilesWithoutActivityStillLoad() throws {
        let file = temporaryFolder().appendingPathComponent("progress.json")
        try #"{"currentLesson":"a","lessons":{"a":{"step":4,"passedChecks":[2],"completed":false}}}"#.write(to: file, atomically: true, encoding: .utf8)
        let loaded = ProgressStore(file: file).load()
        #expect(loaded.warning == nil)
        #expect(loaded.progress.lessons["a"] == LessonProgress.Record(step: 4, passedChecks: [2]))
    }
}
