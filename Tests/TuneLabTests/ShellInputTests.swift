import Foundation
import Testing
import TuneLab

/// Bad input gets a clear message naming the argument, and the session goes on.
@Suite struct ShellInputTests {
    struct BadInput: CustomStringConvertible {
        let line: String
        let expected: [String]
        let fails: Bool
        var description: String { String(line.prefix(30)) }
    }

    static let badInputs: [BadInput] = [
        BadInput(line: "", expected: ["(empty line)", "help"], fails: false),
        BadInput(line: "     ", expected: ["(empty line)"], fails: false),
        BadInput(line: "sedd 3", expected: ["sedd: unknown command", "Did you mean `seed`?"], fails: true),
        BadInput(line: "fit stpes=3", expected: ["stpes: fit has no key stpes", "Did you mean steps=?"], fails: true),
        BadInput(line: "seed=", expected: ["seed=: a line starts with a command", "seed 7"], fails: true),
        BadInput(line: "fit lr=", expected: ["lr=: missing value; lr expects a number > 0, e.g. lr=3e-4"], fails: true),
        BadInput(line: "fit lr=abc", expected: ["lr=abc: lr expects a number > 0, e.g. lr=3e-4"], fails: true),
        BadInput(line: "fit lr=-1", expected: ["lr=-1: lr expects a number > 0, e.g. lr=3e-4"], fails: true),
        BadInput(line: "fit lr=nan", expected: ["lr=nan: lr expects a number > 0"], fails: true),
        BadInput(line: "fit steps=0", expected: ["steps=0: steps expects a whole number from 1 to 100000"], fails: true),
        BadInput(line: "fit steps=2.5", expected: ["steps expects a whole number"], fails: true),
        BadInput(line: "fit optimizer=adma", expected: ["optimizer expects one of: sgd, adam", "Did you mean adam?"], fails: true),
        BadInput(line: "fit verbose=maybe", expected: ["verbose expects yes or no"], fails: true),
        BadInput(line: "fit steps=2 steps=3", expected: ["steps: given twice"], fails: true),
        BadInput(line: "fit note=\"unclosed", expected: ["unclosed quote", "column 10"], fails: true),
        BadInput(line: "fit nomodel", expected: ["nomodel: MODEL expects the name of a model", "there is no nomodel"], fails: true),
        BadInput(line: "seed 1 2", expected: ["2: unexpected here; usage: seed [VALUE]"], fails: true),
        BadInput(line: String(repeating: "x", count: 100 * 1024), expected: ["102400 characters long", "at most 10000"], fails: true),
        BadInput(line: "seed \u{FFFD}\u{FFFD}", expected: ["not valid UTF-8", "column 6"], fails: true),
        BadInput(line: "export /no/such/folder/notes.md", expected: ["FILE expects the path of a file to write", "/no/such/folder does not exist"], fails: true),
        BadInput(line: "show ghost", expected: ["there is no ghost"], fails: true),
        BadInput(line: "rm ghost", expected: ["there is no ghost"], fails: true),
        BadInput(line: "open 99", expected: ["there is no lesson 99; lessons are numbered 1 to 2"], fails: true),
        BadInput(line: "open zzzz", expected: ["zzzz: no lesson has that number, slug or title"], fails: true),
        BadInput(line: "goto 3", expected: ["no lesson is open"], fails: true),
        BadInput(line: "next", expected: ["no lesson is open"], fails: true),
        BadInput(line: "help sedd", expected: ["sedd: unknown command", "`help seed`"], fails: true),
        BadInput(line: "check", expected: ["no lesson is open"], fails: true),
    ]

    @Test(arguments: badInputs)
    func badInputGetsAClearMessageAndTheSessionGoesOn(_ input: BadInput) {
        let lab = TestLab(lessons: lessonFolder())
        lab.run("seed 3")
        let result = lab.run(input.line)
        #expect(result.ok == !input.fails, "\(input.line.prefix(40)) → \(result.text)")
        for fragment in input.expected {
            #expect(result.text.contains(fragment), "expected «\(fragment)» in «\(result.text)»")
        }
        // The session goes on, with its state.
        #expect(lab.session.seed == 3)
        #expect(lab.run("seed 5").ok)
        #expect(lab.session.seed == 5)
    }

    @Test func invalidUTF8FromStandardInputIsReportedAndTheRestRuns() throws {
        let folder = temporaryFolder()
        let file = folder.appendingPathComponent("input.txt")
        var bytes = Array("seed 4\nseed ".utf8)
        bytes += [0xFF, 0xFE, 0xC3]
        bytes += Array("\nseed 6\n".utf8)
        try Data(bytes).write(to: file)
        let reader = PlainLineReader(handle: try FileHandle(forReadingFrom: file))
        let lab = TestLab()
        let failures = lab.shell.run(reader: reader)
        #expect(failures == 1)
        #expect(lab.buffer.text.contains("not valid UTF-8"))
        #expect(lab.session.seed == 6)
    }

    @Test func valuesParseWithQuotesNumbersAndBooleans() throws {
        let lab = TestLab()
        lab.session.add(FakeModel(name: "base"))
        let parser = CommandParser(registry: lab.registry, session: lab.session)
        let invocation = try #require(try parser.parse(#"fit base as run_2 lr=3e-4 steps=1e3 verbose=TRUE optimizer=ADAM note="two words \"quoted\"""#))
        #expect(invocation.text("model") == "base")
        #expect(invocation.text("run") == "run_2")
        #expect(invocation.number("learningRate") == 3e-4)
        #expect(invocation.integer("steps") == 1000)
        #expect(invocation.boolean("verbose") == true)
        #expect(invocation.text("optimizer") == "adam")
        #expect(invocation.text("note") == #"two words "quoted""#)
        #expect(invocation.typedKeys == ["learningRate", "steps", "verbose", "optimizer", "note"])
        // Defaults fill keys left out.
        let plain = try #require(try parser.parse("fit"))
        #expect(plain.number("learningRate") == 0.1)
        #expect(plain.integer("steps") == 4)
        #expect(plain.boolean("verbose") == false)
        // Comments and blank lines are nothing to run.
        #expect(try parser.parse("   # a comment") == nil)
    }

    @Test func aCommandThatThrowsPrintsItsMessageAndKeepsState() {
        let lab = TestLab()
        lab.registry.register(CommandSpec(verb: "explode", summary: "fails", examples: ["explode"]) { _, _ in
            throw CommandError("the engine ran out of patience")
        })
        lab.run("seed 11")
        let result = lab.run("explode")
        #expect(!result.ok)
        #expect(result.text == "error: the engine ran out of patience\n")
        #expect(lab.session.seed == 11)
        #expect(lab.shell.failureCount == 1)
    }

    @Test func ctrlCStopsALoopAtTheNextStepAndKeepsWhatWasComputed() {
        let lab = TestLab()
        let result = lab.run("fit steps=10 stopAt=3")
        #expect(result.ok)
        #expect(result.text.contains("stopped after 3 of 10 steps"))
        #expect(result.text.contains("stopped by Ctrl-C"))
        let run = lab.session.object(named: "r1", as: FakeRun.self)
        #expect(run?.losses == [1.0, 0.5, 0.25])
        #expect(lab.session.value(at: ["r1", "steps"]) == 3)
        #expect(!Interruption.isRequested)
        // The next command runs in full.
        #expect(lab.run("fit as r2 steps=5").text.contains("fit: 5 steps"))
    }

    @Test func objectsAreListedShownAndRemoved() {
        let lab = TestLab()
        lab.session.add(FakeModel(name: "base"))
        lab.run("fit base as r1 steps=2")
        #expect(lab.run("ls").text == "models: base\nruns: r1\n")
        let shown = lab.run("show r1").text
        #expect(shown.contains("run r1"))
        #expect(shown.contains("r1.loss.final = 0.5"))
        #expect(shown.contains("r1.best.valAccuracy = 0.75"))
        #expect(lab.run("rm r1").text == "Removed run r1.\n")
        #expect(lab.session.object(named: "r1") == nil)
        #expect(lab.run("fit r1").text.contains("there is no r1 (the session has base)"))
    }

    @Test func quitEndsTheLoopAndLinesAfterItAreNotRead() {
        let lab = TestLab()
        let reader = ScriptedLineReader(["seed 2", "exit", "seed 3"])
        #expect(lab.shell.run(reader: reader) == 0)
        #expect(lab.shell.hasQuit)
        #expect(lab.session.seed == 2)
    }

    @Test func completionOffersVerbsKeysValuesObjectsLessonsAndPaths() throws {
        let lab = TestLab(lessons: lessonFolder())
        lab.session.add(FakeModel(name: "base"))
        lab.session.add(FakeModel(name: "big"))
        #expect(lab.shell.completions(forPrefix: "se") == ["seed"])
        #expect(lab.shell.completions(forPrefix: "he") == ["help"])
        #expect(lab.shell.completions(forPrefix: "fit b") == ["base", "big"])
        #expect(lab.shell.completions(forPrefix: "fit base l").contains("lr="))
        #expect(lab.shell.completions(forPrefix: "fit base lr=1 l").isEmpty)  // the learning rate is already given
        #expect(lab.shell.completions(forPrefix: "fit base st").sorted() == ["steps=", "stopAt="])
        #expect(lab.shell.completions(forPrefix: "fit optimizer=a") == ["optimizer=adam"])
        #expect(lab.shell.completions(forPrefix: "fit verbose=") == ["verbose=yes", "verbose=no"])
        #expect(lab.shell.completions(forPrefix: "fit base a") == ["as"])
        // A group: subcommand names after the verb, then that subcommand's own keys.
        #expect(lab.shell.completions(forPrefix: "data ") == ["load", "show", "split", "subset", "text", "topics"])
        #expect(lab.shell.completions(forPrefix: "data s") == ["show", "split", "subset"])
        #expect(lab.shell.completions(forPrefix: "data show films p").sorted() == ["perLabel=", "per_label=", "png="])
        #expect(lab.shell.completions(forPrefix: "data load films p").sorted() == ["perClass=", "per_class="])
        #expect(lab.shell.completions(forPrefix: "mlp train m1 optimizer=a") == ["optimizer=adam"])
        #expect(lab.shell.completions(forPrefix: "data nope ").isEmpty)
        #expect(lab.shell.completions(forPrefix: "open ").contains("1"))
        #expect(lab.shell.completions(forPrefix: "open fir") == ["first-steps"])
        let folder = temporaryFolder()
        try "x".write(to: folder.appendingPathComponent("notes.md"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("nested"), withIntermediateDirectories: true)
        #expect(lab.shell.completions(forPrefix: "export \(folder.path)/no") == ["\(folder.path)/notes.md"])
        #expect(lab.shell.completions(forPrefix: "export \(folder.path)/ne") == ["\(folder.path)/nested/"])
        #expect(lab.shell.completions(forPrefix: "nosuch ") == [])
    }
}
