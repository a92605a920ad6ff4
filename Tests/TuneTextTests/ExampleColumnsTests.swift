import Foundation
import Testing
import TuneText

@Suite("ExampleColumns")
struct ExampleColumnsTests {
    /// Texts that stress the byte buffer: empty, multi-byte (2, 3 and 4 bytes a scalar), a
    /// combining accent, and long.
    static let examples = [
        LabelledExample(text: "plain", label: "b", line: 2),
        LabelledExample(text: "", label: "a", line: nil),
        LabelledExample(text: "café, naïve, 日本語 and 🎉", label: "c", line: 7),
        LabelledExample(text: "e\u{301}", label: "a", line: 9),
        LabelledExample(text: String(repeating: "long text ", count: 5_000), label: "b", line: 1_000_000),
    ]

    @Test("examples come back as they went in: texts, labels and lines")
    func roundTrip() throws {
        let data = try LabelledDataset(name: "mixed", examples: Self.examples)
        #expect(Array(data.examples) == Self.examples)
        #expect(data.count == 5)
        #expect(data.labels == ["a", "b", "c"])
        for (position, example) in Self.examples.enumerated() {
            #expect(data.text(at: position) == example.text)
            #expect(data.label(at: position) == example.label)
            #expect(data.columns.line(at: position) == example.line)
            #expect(data.columns.textByteCount(at: position) == example.text.utf8.count)
        }
        #expect(data.texts == Self.examples.map(\.text))
        #expect(data.examples[2].text.unicodeScalars.count == "café, naïve, 日本語 and 🎉".unicodeScalars.count)
        #expect(data.examples.last?.text.count == 50_000)
    }

    @Test("class indices follow the label order, given or sorted")
    func labelIndices() throws {
        let sorted = try LabelledDataset(name: "s", examples: Self.examples)
        #expect(sorted.labelIndices == [1, 0, 2, 0, 1])
        #expect(sorted.columns.labelIndices == [1, 0, 2, 0, 1])
        #expect((0..<5).map(sorted.labelIndex(at:)) == [1, 0, 2, 0, 1])
        #expect(sorted.countsByLabel == [2, 2, 1])
        let given = try LabelledDataset(name: "g", examples: Self.examples, labels: ["c", "b", "a", "unused"])
        #expect(given.labelIndices == [1, 2, 0, 2, 1])
        #expect(given.countsByLabel == [1, 2, 2, 0])
        #expect(given.hasExamples(labelled: "a") && !given.hasExamples(labelled: "unused") && !given.hasExamples(labelled: "zz"))
        #expect(Array(given.examples) == Self.examples)
    }

    @Test("a reader fills the columns: lines, and labels renumbered into sorted order")
    func readerColumns() throws {
        let csv = "text,label\nfirst,zeta\n\n\"two\nlines\",alpha\nthird é,zeta\n"
        let data = try LabelledDataset.loadDelimited(from: .bytes(Array(csv.utf8), name: "r.csv"), delimiter: .comma)
        #expect(data.labels == ["alpha", "zeta"])
        #expect(data.columns.labelIndices == [1, 0, 1])
        #expect(data.columns.lines == [2, 4, 6])
        #expect(data.texts == ["first", "two\nlines", "third é"])
        let jsonl = "{\"text\": \"x\", \"label\": \"q\"}\n\n{\"text\": \"y\", \"label\": \"p\"}\n"
        let json = try LabelledDataset.loadJSONLines(from: .bytes(Array(jsonl.utf8), name: "r.jsonl"))
        #expect(Array(json.examples) == [
            LabelledExample(text: "x", label: "q", line: 1), LabelledExample(text: "y", label: "p", line: 3),
        ])
        #expect(json.columns.labelIndices == [1, 0])
    }

    @Test("subsets and splits gather examples by position into new columns")
    func gather() throws {
        let data = try LabelledDataset(name: "mixed", examples: Self.examples)
        let gathered = data.columns.gathering([4, 0, 2])
        #expect(gathered.count == 3)
        #expect((0..<3).map(gathered.text(at:)) == [4, 0, 2].map { Self.examples[$0].text })
        #expect(gathered.labelIndices == [1, 1, 2])
        #expect(gathered.lines == [1_000_000, 2, 7])
        #expect(gathered.textBytes.count == [4, 0, 2].reduce(0) { $0 + Self.examples[$1].text.utf8.count })

        let split = try data.split(trainFraction: 0.6, validationFraction: 0.2, seed: 3)
        let parts = [split.train, split.validation, split.test]
        #expect(parts.map(\.count).reduce(0, +) == 5)
        for part in parts {
            #expect(part.labels == data.labels)
            // Each part keeps file order, and every example is one of the originals.
            let lines = part.examples.map { $0.line ?? 0 }
            #expect(lines == lines.sorted())
            for example in part.examples { #expect(Self.examples.contains(example)) }
        }
        #expect(Set(parts.flatMap { $0.examples.map(\.text) }) == Set(Self.examples.map(\.text)))
    }

    @Test("joined parts keep their texts and take the joined label order")
    func joining() throws {
        let first = try LabelledDataset(name: "1", examples: Array(Self.examples.prefix(2)))
        let second = try LabelledDataset(name: "2", examples: Array(Self.examples.dropFirst(2)), labels: ["c", "b", "a"])
        let joined = try LabelledDataset(name: "both", joining: [first, second], labels: ["c", "b", "a"])
        #expect(Array(joined.examples) == Self.examples)
        #expect(joined.labelIndices == [1, 2, 0, 2, 1])
        #expect(throws: DatasetError.self) { try LabelledDataset(name: "x", joining: [first, second], labels: ["a", "b"]) }
    }

    @Test("equality compares texts, labels, lines and label order")
    func equality() throws {
        let data = try LabelledDataset(name: "d", examples: Self.examples)
        #expect(data == (try LabelledDataset(name: "d", examples: Self.examples)))
        // The same examples gathered from a larger dataset are equal to ones built directly.
        let gathered = try LabelledDataset(name: "d", columns: data.columns.gathering(0..<5), labels: data.labels)
        #expect(gathered == data)
        var moved = Self.examples
        moved[0].line = 3
        #expect(data != (try LabelledDataset(name: "d", examples: moved)))
        var retexted = Self.examples
        retexted[1].text = "x"
        #expect(data != (try LabelledDataset(name: "d", examples: retexted)))
        // "ab" + "" and "a" + "b" hold the same bytes but not the same texts.
        let one = try LabelledDataset(name: "t", examples: [.init(text: "ab", label: "a"), .init(text: "", label: "a")])
        let two = try LabelledDataset(name: "t", examples: [.init(text: "a", label: "a"), .init(text: "b", label: "a")])
        #expect(one != two)
        #expect(data != (try LabelledDataset(name: "d", examples: Self.examples, labels: ["c", "b", "a"])))
    }

    @Test("columns built directly are checked against the labels")
    func columnsInit() throws {
        var columns = ExampleColumns()
        columns.append(text: "hi", labelIndex: 2, line: nil)
        #expect(throws: DatasetError.self) { try LabelledDataset(name: "c", columns: columns, labels: ["a", "b"]) }
        #expect(throws: DatasetError.self) { try LabelledDataset(name: "c", columns: columns, labels: ["a", "a", "b"]) }
        let data = try LabelledDataset(name: "c", columns: columns, labels: ["a", "b", "c"])
        #expect(data.examples[0] == LabelledExample(text: "hi", label: "c"))
        // A line past UInt32 is kept as none rather than wrapped.
        columns.append(text: "far", labelIndex: 0, line: Int(UInt32.max) + 1)
        #expect(columns.line(at: 1) == nil)
    }

    @Test("storage is the texts' bytes plus 16 bytes a row")
    func storageSize() throws {
        // 100,000 rows of 30 to 50 ASCII bytes, as a file of short reviews would give.
        let rows = 100_000
        var columns = ExampleColumns()
        var textBytes = 0
        for row in 0..<rows {
            let length = 30 + (row * 7_919) % 21
            textBytes += length
            columns.append(text: String(repeating: "w", count: length), labelIndex: row % 3, line: row + 2)
        }
        let data = try LabelledDataset(name: "big", columns: columns, labels: ["a", "b", "c"])
        #expect(data.columns.textBytes.count == textBytes)
        #expect(data.columns.storageByteCount == textBytes + rows * 16)
        let averageText = Double(textBytes) / Double(rows)
        #expect(Double(data.columns.storageByteCount) / Double(rows) <= averageText + 16)
        // A split's parts together hold the same bytes again, no more.
        let split = try data.split(trainFraction: 0.8, validationFraction: 0.1, seed: 1)
        #expect([split.train, split.validation, split.test].map(\.columns.storageByteCount).reduce(0, +) == data.columns.storageByteCount)
    }

    @Test("duplicates are texts equal as strings: same bytes, or canonically equivalent spellings")
    func duplicates() throws {
        let data = try LabelledDataset(name: "dup", examples: [
            .init(text: "café", label: "a"),  // é as one scalar
            .init(text: "K", label: "a"),
            .init(text: "same", label: "a"),
            .init(text: "cafe\u{301}", label: "b"),  // e and a combining accent
            .init(text: "\u{212A}", label: "b"),  // KELVIN SIGN, canonically K
            .init(text: "same", label: "a"),
            .init(text: "Same", label: "a"),
            .init(text: "same", label: "b"),
        ])
        let groups = data.duplicateGroups()
        #expect(groups.map(\.text) == ["café", "K", "same"])
        #expect(groups.map(\.positions) == [[0, 3], [1, 4], [2, 5, 7]])
        #expect(groups.map(\.labels) == [["a", "b"], ["a", "b"], ["a", "b"]])
        #expect(try LabelledDataset(name: "none", examples: [.init(text: "x", label: "a")]).duplicateGroups().isEmpty)
    }
}
