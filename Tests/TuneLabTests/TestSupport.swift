import Foundation
import TuneLab

/// A run made by the test-only `fit` command: it publishes numbers for checks.
final class FakeRun: SessionObject {
    let kind = SessionObjectKind.run
    let name: String
    let learningRate: Double
    /// Loss after each completed step.
    var losses: [Double] = []

    init(name: String, learningRate: Double) {
        self.name = name
        self.learningRate = learningRate
    }

    var summary: String { "\(losses.count) steps at learning rate \(learningRate)" }

    func value(at path: [String]) -> Double? {
        switch path {
        case ["steps"]: return Double(losses.count)
        case ["loss", "final"]: return losses.last
        case ["best", "valAccuracy"]: return losses.last.map { 1 - $0 / 2 }
        default: return nil
        }
    }

    var publishedPaths: [[String]] { [["steps"], ["loss", "final"], ["best", "valAccuracy"]] }
}

/// A model object with no numbers, to test kinds.
final class FakeModel: SessionObject {
    let kind = SessionObjectKind.model
    let name: String
    init(name: String) { self.name = name }
    var summary: String { "a test model" }
    func value(at path: [String]) -> Double? { path == ["width"] ? 64 : nil }
    var publishedPaths: [[String]] { [["width"]] }
}

extension CommandSpec {
    /// A test-only command with typed keys: it "trains" by halving a loss each step,
    /// polling `shouldStop` between steps like an engine loop.
    static let fit = CommandSpec(
        verb: "fit",
        summary: "test command: a loop of steps",
        examples: ["fit steps=3 lr=3e-4", "fit base as r2 optimizer=adam verbose=yes"],
        positionals: [
            PositionalSpec("model", .object(.model), summary: "a model", required: false),
            PositionalSpec("run", .newName, summary: "the run's name", required: false, keyword: "as"),
        ],
        keys: [
            KeySpec("learningRate", aliases: ["lr"], .number(above: 0), summary: "step size", default: "0.1", example: "3e-4"),
            KeySpec("steps", .integer(in: 1...100_000), summary: "how many steps", default: "4"),
            KeySpec("optimizer", .choice(["sgd", "adam"]), summary: "the optimizer", default: "sgd"),
            KeySpec("verbose", .boolean, summary: "print every step", default: "no"),
            KeySpec("note", .text, summary: "a note"),
            KeySpec("stopAt", .integer(atLeast: 1), summary: "press Ctrl-C (simulated) after this step"),
        ]
    ) { invocation, context in
        let run = FakeRun(name: invocation.text("run") ?? "r1", learningRate: invocation.number("learningRate") ?? 0.1)
        context.session.add(run)
        let steps = invocation.integer("steps") ?? 4
        let progress = context.progress("fit", total: steps)
        defer { progress.finish() }
        var loss = 2.0
        for step in 1...steps {
            if context.shouldStop() {
                context.output.line("stopped after \(step - 1) of \(steps) steps")
                return
            }
            loss *= 0.5
            run.losses.append(loss)
            progress.update(step: step, detail: "loss \(loss)")
            if invocation.boolean("verbose") == true { context.output.line("step \(step): loss \(loss)") }
            if invocation.integer("stopAt") == step { Interruption.request() }
        }
        context.output.line("fit: \(steps) steps, final loss \(loss)")
    }
}

/// A shell on a buffer, with the standard commands plus `fit`, and optional lessons.
final class TestLab {
    let buffer = BufferOutput()
    let session = Session(seed: 0)
    let registry: CommandRegistry
    let shell: Shell
    let navigator: LessonNavigator

    init(lessons: URL? = nil, progressFile: URL? = nil) {
        registry = CommandRegistry.standard()
        registry.register(.fit)
        navigator = LessonNavigator(library: LessonLibrary(folder: lessons), store: progressFile.map(ProgressStore.init(file:)),
                                    registry: registry, output: buffer.output, session: session)
        shell = Shell(session: session, registry: registry, output: buffer.output, lessons: navigator)
    }

    /// Runs `line`; returns whether it succeeded and what it printed.
    @discardableResult
    func run(_ line: String) -> (ok: Bool, text: String) {
        buffer.reset()
        let ok = shell.execute(line)
        return (ok, buffer.text)
    }
}

/// A fresh temporary folder.
func temporaryFolder(_ label: String = "tunelab-tests") -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// A tiny lesson that uses only generic commands.
let tinyLesson = """
---
title: First steps
minutes: 2
objectives: [set a seed, pass a check]
needs: []
---
# First steps

The **seed** makes every run repeatable.

```tunelab
seed 7
```

```check
seed == 7
hint: run the cell above.
```

> **Try it:** set another seed and check again.
"""

/// A folder holding `tinyLesson` as 01-first-steps.md (and a second lesson).
func lessonFolder() -> URL {
    let folder = temporaryFolder("tunelab-lessons")
    try? tinyLesson.write(to: folder.appendingPathComponent("01-first-steps.md"), atomically: true, encoding: .utf8)
    let second = tinyLesson.replacingOccurrences(of: "First steps", with: "Second steps").replacingOccurrences(of: "seed 7", with: "seed 9").replacingOccurrences(of: "seed == 7", with: "seed == 9")
    try? second.write(to: folder.appendingPathComponent("02-second-steps.md"), atomically: true, encoding: .utf8)
    try? "# Format notes, not a lesson".write(to: folder.appendingPathComponent("FORMAT.md"), atomically: true, encoding: .utf8)
    return folder
}
