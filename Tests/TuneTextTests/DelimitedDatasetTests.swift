import Foundation
import Testing
import TuneText

@Suite("CSV and TSV datasets")
struct DelimitedDatasetTests {
    @Test("quoted fields keep commas, doubled quotes and line breaks; line numbers follow the file")
    func quotedFields() throws {
        let directory = try FixtureDirectory()
        defer { directory.remove() }
        let url = try directory.file("reviews.csv", """
            text,label
            "Great, really great",positive
            "She said ""wow"" twice",positive
            "Line one
            line two",negative
            plain text,negative

            """)
        let dataset = try LabelledDataset.loadDelimited(from: url)
        #expect(dataset.name == "reviews.csv")
        #expect(dataset.texts == ["Great, really great", "She said \"wow\" twice", "Line one\nline two", "plain text"])
        #expect(dataset.examples.map(\.label) == ["positive", "positive", "negative", "negative"])
        #expect(dataset.examples.map(\.line) == [2, 3, 4, 6])
        #expect(dataset.labels == ["negative", "positive"])
        #expect(dataset.labelIndices == [1, 1, 0, 0])
        #expect(dataset.countsByLabel == [2, 2])
        #expect(dataset.skippedRows.isEmpty)
    }

    @Test("columns by name in any order, or by 1-based index without a header")
    func columnChoice() throws {
        let directory = try FixtureDirectory()
        defer { directory.remove() }
        let named = try directory.file("named.csv", "id,sentiment,review\n1,pos,nice film\n2,neg,dull film\n")
        let byName = try LabelledDataset.loadDelimited(
            from: named, textColumn: .name("review"), labelColumn: .name("sentiment"))
        #expect(byName.texts == ["nice film", "dull film"])
        #expect(byName.examples.map(\.label) == ["pos", "neg"])

        let byIndexWithHeader = try LabelledDataset.loadDelimited(from: named, textColumn: .index(3), labelColumn: .index(2))
        #expect(byIndexWithHeader.examples == byName.examples)

        let bare = try directory.file("bare.csv", "nice film,pos\ndull film,neg\r\nok film,pos")
        let noHeader = try LabelledDataset.loadDelimited(
            from: bare, textColumn: .index(1), labelColumn: .index(2), hasHeader: false)
        #expect(noHeader.texts == ["nice film", "dull film", "ok film"])
        #expect(noHeader.examples.map(\.line) == [1, 2, 3])

        // Names need a header; a missing name lists the header's columns.
        #expect(throws: DatasetError.self) { try LabelledDataset.loadDelimited(from: bare, hasHeader: false) }
        do {
            _ = try LabelledDataset.loadDelimited(from: named, textColumn: .name("text"))
            Issue.record("an absent column was accepted")
        } catch {
            #expect(String(describing: error).contains("no column named \"text\""))
            #expect(String(describing: error).contains("\"review\""))
        }
        #expect(throws: DatasetError.self) { try LabelledDataset.loadDelimited(from: named, textColumn: .index(0)) }
        #expect(throws: DatasetError.self) { try LabelledDataset.loadDelimited(from: named, textColumn: .index(4)) }
    }

    @Test("TSV by extension or by option")
    func tabSeparated() throws {
        let directory = try FixtureDirectory()
        defer { directory.remove() }
        let tsv = try directory.file("data.tsv", "text\tlabel\nhello, world\tgreeting\nbye\tfarewell\n")
        let dataset = try LabelledDataset.loadDelimited(from: tsv)
        #expect(dataset.texts == ["hello, world", "bye"])
        #expect(dataset.labels == ["farewell", "greeting"])

        let tabsInTxt = try directory.file("data.txt", "text\tlabel\nhello, world\tgreeting\n")
        #expect(try LabelledDataset.loadDelimited(from: tabsInTxt, delimiter: .tab).texts == ["hello, world"])
        // Read with commas, the same file has a one-field header and a two-field row.
        #expect(throws: DatasetError.self) { try LabelledDataset.loadDelimited(from: tabsInTxt) }
        // load(from:) picks the reader by extension too.
        #expect(try LabelledDataset.load(from: tsv) == dataset)
    }

    /// A file with one bad row of each kind (the line numbers in the comments).
    let messy = """
        text,label
        good one,positive
        too,many,fields
        short
        ,negative
        no label,
        "multi
        line",positive
        odd label,maybe
        good two,negative
        "never closed,positive
        """

    @Test("skip: bad rows are left out and listed with their line numbers")
    func skipBadRows() throws {
        let directory = try FixtureDirectory()
        defer { directory.remove() }
        let url = try directory.file("messy.csv", messy)
        let dataset = try LabelledDataset.loadDelimited(
            from: url, labels: ["negative", "positive"], onBadRow: .skip)
        #expect(dataset.texts == ["good one", "multi\nline", "good two"])
        #expect(dataset.examples.map(\.line) == [2, 7, 10])
        #expect(dataset.labels == ["negative", "positive"])
        let reports = dataset.skippedRows
        #expect(reports.map(\.line) == [3, 4, 5, 6, 9, 11])
        #expect(reports.map(\.problem) == [
            .wrongFieldCount(expected: 2, found: 3),
            .wrongFieldCount(expected: 2, found: 1),
            .emptyText,
            .emptyLabel,
            .unknownLabel("maybe", known: ["negative", "positive"]),
            .unclosedQuote,
        ])
        #expect(reports[0].description == "messy.csv:3: expected 2 fields, found 3")
        #expect(reports[4].description.hasPrefix("messy.csv:9: unknown label \"maybe\""))
    }

    @Test("reject: the first bad row stops the read, naming file:line and the problem")
    func rejectBadRows() throws {
        let directory = try FixtureDirectory()
        defer { directory.remove() }
        let url = try directory.file("messy.csv", messy)
        let expected = BadRow(file: "messy.csv", line: 3, problem: .wrongFieldCount(expected: 2, found: 3))
        #expect(throws: DatasetError.badRow(expected)) {
            try LabelledDataset.loadDelimited(from: url, onBadRow: .reject)
        }
        #expect(String(describing: DatasetError.badRow(expected)) == "messy.csv:3: expected 2 fields, found 3")

        // Without a header a short row is a missing column, found on its own line.
        let bare = try directory.file("bare.csv", "fine,pos\n\"two\nlines\",neg\nlonely\n")
        #expect(throws: DatasetError.badRow(BadRow(file: "bare.csv", line: 4, problem: .missingColumn("#2")))) {
            try LabelledDataset.loadDelimited(from: bare, textColumn: .index(1), labelColumn: .index(2), hasHeader: false)
        }
    }

    @Test("non-UTF-8, empty, header-only and all-bad files are clear errors")
    func fileErrors() throws {
        let directory = try FixtureDirectory()
        defer { directory.remove() }
        let latin1 = try directory.bytes("latin1.csv", Array("text,label\nol".utf8) + [0xE9] + Array(",es\n".utf8))
        #expect(throws: DatasetError.notUTF8(file: latin1.path, byteOffset: 13, line: 2)) {
            try LabelledDataset.loadDelimited(from: latin1)
        }
        let empty = try directory.file("empty.csv", "")
        #expect(throws: DatasetError.emptyFile(file: empty.path)) { try LabelledDataset.loadDelimited(from: empty) }
        let headerOnly = try directory.file("header.csv", "text,label\n")
        #expect(throws: DatasetError.noExamples(file: "header.csv", reason: "it has no data rows")) {
            try LabelledDataset.loadDelimited(from: headerOnly)
        }
        let allBad = try directory.file("bad.csv", "text,label\n,x\n")
        #expect(throws: DatasetError.self) { try LabelledDataset.loadDelimited(from: allBad, onBadRow: .skip) }
    }
}
