import Foundation
import Testing
import TuneLab

@Suite struct LessonParserTests {
    let registry: CommandRegistry = {
        let registry = CommandRegistry.standard()
        registry.register(.fit)
        return registry
    }()

    func parse(_ text: String) throws -> Lesson {
        try LessonParser(registry: registry).parse(text: text, file: URL(fileURLWithPath: "/lessons/03-test.md"), number: 3, slug: "test")
    }

    /// The issues of a malformed lesson as (line, message).
    func issues(_ text: String) -> [LessonFileError.Issue] {
        do {
            _ = try parse(text)
            return []
        } catch let error as LessonFileError {
            return error.issues
        } catch {
            return [.init(line: -1, message: "\(error)")]
        }
    }

    @Test func aGoodLessonHasItsFrontMatterAndSteps() throws {
        let text = """
        ---
        title: Watching a loss fall
        minutes: 15
        objectives:
          - watch a loss fall
          - read gradient norms
        needs: [pretrained: base, corpus]
        ---
        # Watching a loss fall

        Some *prose* with `code`.

        ## A second heading

        More prose.

        ```tunelab
        seed 7
        # a comment in a cell
        fit lr=3e-4 steps=10
        ```

        ```check
        seed == 7
        r1.best.valAccuracy ≈ 0.9 ± 0.1
        hint: run the cell above.
        hint: then try again.
        ```

        > **Try it:** use lr=1e-2.
        > What changes?

        > A plain quote stays in the prose.

        ```text
        an example block in prose
        ```
        """
        let lesson = try parse(text)
        #expect(lesson.frontMatter == LessonFrontMatter(
            title: "Watching a loss fall", minutes: 15, objectives: ["watch a loss fall", "read gradient norms"],
            needs: [LessonNeed(kind: "pretrained", name: "base"), LessonNeed(kind: "corpus", name: "corpus")]))
        #expect(lesson.steps.map(\.kindName) == ["text", "text", "cell", "check", "exercise", "text"])
        #expect(lesson.steps.map(\.line) == [9, 13, 17, 23, 30, 33])
        guard case let .cell(commands) = lesson.steps[2].content else { Issue.record("not a cell"); return }
        #expect(commands == [LessonCommand(text: "seed 7", line: 18), LessonCommand(text: "fit lr=3e-4 steps=10", line: 20)])
        guard case let .check(block) = lesson.steps[3].content else { Issue.record("not a check"); return }
        #expect(block.conditions.map(\.line) == [24, 25])
        #expect(block.conditions.map(\.expression.source) == ["seed == 7", "r1.best.valAccuracy ≈ 0.9 ± 0.1"])
        #expect(block.hints == ["run the cell above.", "then try again."])
        guard case let .tryIt(exercise) = lesson.steps[4].content else { Issue.record("not an exercise"); return }
        #expect(exercise == "**Try it:** use lr=1e-2.\nWhat changes?")
        guard case let .prose(last) = lesson.steps[5].content else { Issue.record("not prose"); return }
        #expect(last.contains("> A plain quote"))
        #expect(last.contains("```text"))
    }

    static let front = "---\ntitle: T\nminutes: 5\nobjectives: [one]\n---\n"

    @Test(arguments: [
        // (lesson text, line, message fragment)
        ("# no front matter\n", 1, "starts with front matter"),
        ("---\ntitle: T\nminutes: 5\n", 1, "never closed with a --- line"),
        ("---\ntitle: T\nminutes: [5\nobjectives: [a]\n---\ntext\n", 4, "not valid YAML"),
        ("---\nminutes: 5\nobjectives: [a]\n---\ntext\n", 1, "needs title"),
        ("---\ntitle: T\nminutes: five\nobjectives: [a]\n---\ntext\n", 3, "needs minutes"),
        ("---\ntitle: T\nminutes: 5\nobjectives: []\n---\ntext\n", 4, "needs objectives"),
        ("---\ntitle: T\nminutes: 5\nobjectives: [a]\ntitel: x\n---\ntext\n", 5, "unknown front matter key titel. Did you mean title?"),
        (front + "text\n\n```tunelab\nseed 7\n", 8, "block opened here is never closed"),
        (front + "text\n\n```check\nseed == 7\n", 8, "block opened here is never closed"),
        (front + "text\n\n```tunelab\nseed 7\ntrian steps=3\n```\n", 10, "trian: unknown command"),
        (front + "```tunelab\nfit lr=abc\n```\n", 7, "lr=abc: lr expects a number > 0"),
        (front + "```tunelab\nfit stpes=3\n```\n", 7, "fit has no key stpes"),
        (front + "```tunelab\n\n```\n", 6, "empty tunelab cell"),
        (front + "text\n```check\nhint: only a hint\n```\n", 7, "empty check block"),
        (front + "```check\nseed = 7\n```\n", 7, "check condition: column 6"),
        (front, 6, "no text, cells or checks"),
    ])
    func malformedLessonsAreReportedWithTheirLine(text: String, line: Int, message: String) {
        let found = issues(text)
        #expect(found.count >= 1)
        #expect(found.first?.line == line, "\(found)")
        #expect(found.first?.message.contains(message) == true, "\(found)")
    }

    @Test func cellsNamingObjectsAndFilesAreValidatedWithoutRunning() throws {
        // Objects and files that a lesson makes later must not fail validation.
        let lesson = try parse(Self.front + "```tunelab\nfit base as r3\nshow r3\nexport later/notes.md\n```\n")
        #expect(lesson.steps.count == 1)
    }

    @Test func everyProblemIsListedAsFileAndLine() {
        do {
            _ = try parse(Self.front + "```tunelab\nnope\n```\n```check\nseed >\n```\n")
            Issue.record("expected an error")
        } catch {
            let text = String(describing: error)
            #expect(text.contains("/lessons/03-test.md:7: nope: unknown command"))
            #expect(text.contains("/lessons/03-test.md:10: check condition"))
        }
    }

    @Test func theLibraryListsNumberedLessonsAndFindsThem() throws {
        let library = LessonLibrary(folder: lessonFolder())
        #expect(library.entries.map(\.number) == [1, 2])
        #expect(library.entries.map(\.title) == ["First steps", "Second steps"])
        #expect(try library.entry(for: "2").slug == "second-steps")
        #expect(try library.entry(for: "first-steps").number == 1)
        #expect(try library.entry(for: "Second").number == 2)
        #expect(throws: CommandError.self) { try library.entry(for: "3") }
    }
}
