import Foundation
import Testing
import TuneText

@Suite("JSON lines datasets")
struct JSONLinesDatasetTests {
    @Test("one object per line, fields chosen by name, blank lines ignored")
    func reads() throws {
        let directory = try FixtureDirectory()
        defer { directory.remove() }
        let url = try directory.file("data.jsonl", """
            {"sentence": "I loved it", "stars": "positive", "id": 1}
            {"sentence": "Awful, \\"truly\\" awful", "stars": "negative"}

            {"stars": "positive", "sentence": "Line\\nbreak é"}\r
            """)
        let dataset = try LabelledDataset.loadJSONLines(from: url, textField: "sentence", labelField: "stars")
        #expect(dataset.texts == ["I loved it", "Awful, \"truly\" awful", "Line\nbreak é"])
        #expect(dataset.examples.map(\.line) == [1, 2, 4])
        #expect(dataset.labels == ["negative", "positive"])
        #expect(try LabelledDataset.load(from: url, textColumn: .name("sentence"), labelColumn: .name("stars")) == dataset)
        #expect(throws: DatasetError.self) { try LabelledDataset.load(from: url, textColumn: .index(1)) }
    }

    @Test("numeric labels are used as written")
    func numericLabels() throws {
        let directory = try FixtureDirectory()
        defer { directory.remove() }
        let url = try directory.file("numbers.jsonl", "{\"text\": \"a\", \"label\": 1}\n{\"text\": \"b\", \"label\": 0}\n")
        let dataset = try LabelledDataset.loadJSONLines(from: url)
        #expect(dataset.examples.map(\.label) == ["1", "0"])
        #expect(dataset.labels == ["0", "1"])
    }

    let messy = """
        {"text": "good", "label": "pos"}
        {"text": "broken", "label": 
        ["an", "array"]
        {"label": "pos"}
        {"text": "no label"}
        {"text": 42, "label": "pos"}
        {"text": "  ", "label": "pos"}
        {"text": "odd", "label": "meh"}
        {"text": "fine", "label": "neg"}
        {"text": "null label", "label": null}
        """

    @Test("skip: bad lines are listed with their line numbers")
    func skip() throws {
        let directory = try FixtureDirectory()
        defer { directory.remove() }
        let url = try directory.file("messy.jsonl", messy)
        let dataset = try LabelledDataset.loadJSONLines(from: url, labels: ["neg", "pos"], onBadRow: .skip)
        #expect(dataset.texts == ["good", "fine"])
        #expect(dataset.skippedRows.map(\.line) == [2, 3, 4, 5, 6, 7, 8, 10])
        let problems = dataset.skippedRows.map(\.problem)
        if case .malformedJSON = problems[0] {} else { Issue.record("line 2 should be malformed JSON, got \(problems[0])") }
        #expect(problems[1] == .malformedJSON("the line is an array, not an object"))
        #expect(problems[2] == .missingColumn("\"text\""))
        #expect(problems[3] == .missingColumn("\"label\""))
        #expect(problems[4] == .wrongFieldType(field: "text", expected: "a string"))
        #expect(problems[5] == .emptyText)
        #expect(problems[6] == .unknownLabel("meh", known: ["neg", "pos"]))
        #expect(problems[7] == .wrongFieldType(field: "label", expected: "a string, number or boolean"))
        #expect(dataset.skippedRows[0].description.hasPrefix("messy.jsonl:2: malformed JSON"))
    }

    @Test("reject: the first bad line stops the read")
    func reject() throws {
        let directory = try FixtureDirectory()
        defer { directory.remove() }
        let url = try directory.file("messy.jsonl", messy)
        do {
            _ = try LabelledDataset.loadJSONLines(from: url)
            Issue.record("a malformed line was accepted")
        } catch let DatasetError.badRow(row) {
            #expect(row.file == "messy.jsonl")
            #expect(row.line == 2)
        }
    }

    @Test("non-UTF-8 and empty files are clear errors")
    func fileErrors() throws {
        let directory = try FixtureDirectory()
        defer { directory.remove() }
        let bad = try directory.bytes("bad.jsonl", Array("{\"text\": \"ok\", \"label\": \"a\"}\n{\"text\": \"".utf8) + [0xFF] + Array("\"}".utf8))
        #expect(throws: DatasetError.notUTF8(file: bad.path, byteOffset: 39, line: 2)) {
            try LabelledDataset.loadJSONLines(from: bad)
        }
        let empty = try directory.file("empty.jsonl", "")
        #expect(throws: DatasetError.emptyFile(file: empty.path)) { try LabelledDataset.loadJSONLines(from: empty) }
        let blank = try directory.file("blank.jsonl", "\n\n")
        #expect(throws: DatasetError.noExamples(file: "blank.jsonl", reason: "it has no data rows")) {
            try LabelledDataset.loadJSONLines(from: blank)
        }
    }
}
