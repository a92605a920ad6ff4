import Foundation
import Testing
import TuneText

/// Labelled files as people have them: `.txt` with tabs, labels written 0 and 1, byte
/// order marks, CR LF, Latin-1, nested JSON, files larger than one read chunk.
@Suite("Files as people have them")
struct PeoplesFilesTests {
    /// A tab-separated sentiment file of the common kind: sentence, tab, 0 or 1.
    let sentences = """
        a gripping film from start to end\t1
        dull and far too long\t0
        the cast is wonderful\t1
        I want my two hours back\t0
        lovely music and a warm story\t1
        """

    @Test("a .txt of sentence<TAB>0/1 sniffs as tab-separated, no header, text 1, label 2")
    func sniffsTabsWithoutHeader() throws {
        let layout = try #require(DelimitedLayout.sniff(Array(sentences.utf8), isWholeFile: true))
        #expect(layout.delimiter == .tab)
        #expect(layout.columnCount == 2)
        #expect(layout.header == nil)
        #expect(layout.labelColumn == 2)
        #expect(layout.textColumn == 1)
        #expect(layout.matchingLines == 5)
    }

    @Test("a header line above 0/1 labels is found; semicolons and commas are sniffed too")
    func sniffsHeadersAndOtherDelimiters() throws {
        let withHeader = "sentence\tlabel\n" + sentences
        let tabbed = try #require(DelimitedLayout.sniff(Array(withHeader.utf8), isWholeFile: true))
        #expect(tabbed.header == ["sentence", "label"])
        #expect(tabbed.labelColumn == 2 && tabbed.textColumn == 1)

        let semicolons = "label;review\npos;great, really great\nneg;bad, very bad\npos;fine; I mean \"fine\"\nneg;no\npos;yes\n"
        // The third line has a stray semicolon: 9 in 10 lines must agree, so 5 of 6 do not.
        #expect(DelimitedLayout.sniff(Array(semicolons.utf8), isWholeFile: true)?.delimiter != .semicolon)
        let clean = semicolons.replacingOccurrences(of: "fine; I mean", with: "fine, I mean")
        let semi = try #require(DelimitedLayout.sniff(Array(clean.utf8), isWholeFile: true))
        #expect(semi.delimiter == .semicolon)
        #expect(semi.header == ["label", "review"])
        #expect(semi.labelColumn == 1 && semi.textColumn == 2)

        let commas = "text,label\n\"good, and tab\tinside\",pos\nbad,neg\nokay,pos\nworse,neg\n"
        let csv = try #require(DelimitedLayout.sniff(Array(commas.utf8), isWholeFile: true))
        #expect(csv.delimiter == .comma)
        #expect(csv.header == ["text", "label"])
    }

    @Test("prose is not taken for columns")
    func proseIsNotDelimited() throws {
        let prose = """
            It was the best of times, it was the worst of times, it was the age of wisdom.
            The rain fell; the river rose.
            Nobody, it seemed, had noticed.
            A short line.
            """
        let layout = DelimitedLayout.sniff(Array(prose.utf8), isWholeFile: true)
        #expect(layout?.labelColumn == nil)
        // Lines whose commas happen to agree still have no column that looks like labels.
        let agreeing = "Hello, world\nGoodbye, moon\nGood night, stars\nSee you, sun\n"
        #expect(DelimitedLayout.sniff(Array(agreeing.utf8), isWholeFile: true)?.labelColumn == nil)
    }

    @Test("labels=0:negative,1:positive names the labels and fixes the class order")
    func labelMapping() throws {
        let mapping = try LabelMapping(parsing: "1:positive, 0:negative")
        #expect(mapping.names == ["positive", "negative"])
        let dataset = try LabelledDataset.loadDelimited(
            from: .bytes(Array(sentences.utf8), name: "s.txt"), textColumn: .index(1), labelColumn: .index(2),
            hasHeader: false, delimiter: .tab, options: ReadOptions(labelMapping: mapping))
        #expect(dataset.labels == ["positive", "negative"])
        #expect(dataset.examples.map(\.label) == ["positive", "negative", "positive", "negative", "positive"])
        #expect(dataset.labelIndices == [0, 1, 0, 1, 0])

        // A label the mapping does not name is a bad row that says what it maps.
        let stray = sentences + "\nnot sure\t2\n"
        do {
            _ = try LabelledDataset.loadDelimited(
                from: .bytes(Array(stray.utf8), name: "s.txt"), textColumn: .index(1), labelColumn: .index(2),
                hasHeader: false, delimiter: .tab, options: ReadOptions(labelMapping: mapping))
            Issue.record("an unmapped label was accepted")
        } catch let DatasetError.badRow(row) {
            #expect(row.line == 6)
            #expect(row.problem == .unmappedLabel("2", mapped: ["1", "0"]))
            #expect(row.description == "s.txt:6: label \"2\" is not in labels= (it maps 1, 0)")
        }
        // Malformed mappings are refused with what is accepted.
        #expect(throws: DatasetError.self) { try LabelMapping(parsing: "0=negative") }
        #expect(throws: DatasetError.self) { try LabelMapping(parsing: "0:negative,0:positive") }
        #expect(throws: DatasetError.self) { try LabelMapping(parsing: ":negative") }
        #expect(throws: DatasetError.self) { try LabelMapping(parsing: "") }
        // Two written labels may share a name.
        #expect(try LabelMapping(parsing: "0:neg,1:pos,2:pos").names == ["neg", "pos"])
    }

    @Test("a byte order mark and CR LF line ends read like plain UTF-8 with LF")
    func byteOrderMarkAndCarriageReturns() throws {
        let plain = "text,label\n\"two\nlines\",a\nsecond,b\n"
        let windows = [0xEF, 0xBB, 0xBF] + Array(plain.replacingOccurrences(of: "\n", with: "\r\n").utf8)
        let fromPlain = try LabelledDataset.loadDelimited(from: .bytes(Array(plain.utf8), name: "f.csv"), delimiter: .comma)
        let fromWindows = try LabelledDataset.loadDelimited(from: .bytes(windows, name: "f.csv"), delimiter: .comma)
        #expect(fromWindows.examples.map(\.line) == fromPlain.examples.map(\.line))
        #expect(fromWindows.examples.map(\.line) == [2, 4])
        #expect(fromWindows.labels == ["a", "b"])
        // The quoted line break keeps the file's own bytes.
        #expect(fromWindows.texts == ["two\r\nlines", "second"])
        // A header named after the BOM is still "text".
        let longer = windows + Array("third,a\r\nfourth,b\r\nfifth,a\r\n".utf8)
        #expect(try DelimitedLayout.sniff(.bytes(longer, name: "f.csv"))?.header == ["text", "label"])
        // UTF-16 is refused with what to do.
        #expect(throws: DatasetError.self) {
            try LabelledDataset.loadDelimited(from: .bytes([0xFF, 0xFE, 0x61, 0x00], name: "u.csv"), delimiter: .comma)
        }
    }

    @Test("Latin-1 bytes: an error naming line and byte offset, or read with encoding latin1")
    func latin1() throws {
        // "café" in Latin-1 on line 3, after a quoted two-line field; 0x93/0x94 are Windows quotes.
        let bytes = Array("text,label\n\"a\nb\",x\ncaf".utf8) + [0xE9] + Array(",y\n".utf8) + [0x93] + Array("ok".utf8) + [0x94] + Array(",x\n".utf8)
        let source = ByteSource.bytes(bytes, name: "old.csv")
        #expect(throws: DatasetError.notUTF8(file: "old.csv", byteOffset: 22, line: 4)) {
            try LabelledDataset.loadDelimited(from: source, delimiter: .comma)
        }
        #expect(DatasetError.notUTF8(file: "old.csv", byteOffset: 22, line: 4).description.contains("encoding=latin1"))
        let read = try LabelledDataset.loadDelimited(from: source, delimiter: .comma, options: ReadOptions(encoding: .latin1))
        #expect(read.texts == ["a\nb", "café", "\u{201C}ok\u{201D}"])
        // The offset inside a quoted field counts the opening quote and each doubled quote.
        let quoted = Array("text,label\n\"say \"\"hi\"\" ".utf8) + [0xFF] + Array("\",x\n".utf8)
        #expect(throws: DatasetError.notUTF8(file: "q.csv", byteOffset: 23, line: 2)) {
            try LabelledDataset.loadDelimited(from: .bytes(quoted, name: "q.csv"), delimiter: .comma)
        }
        #expect(quoted[23] == 0xFF)
    }

    @Test("JSON lines: dotted paths reach nested fields and array items")
    func nestedJSON() throws {
        let lines = """
            {"review": {"body": "loved it", "stars": 5}, "meta": {"tags": ["film", "pos"]}}
            {"review": {"body": "hated it", "stars": 1}, "meta": {"tags": ["film", "neg"]}}
            {"review.body": "a dotted key wins", "review": {"body": "not this", "stars": 5}, "meta": {"tags": ["x", "pos"]}}
            """
        let source = ByteSource.bytes(Array(lines.utf8), name: "r.jsonl")
        let byStars = try LabelledDataset.loadJSONLines(from: source, textField: "review.body", labelField: "review.stars")
        #expect(byStars.texts == ["loved it", "hated it", "a dotted key wins"])
        #expect(byStars.examples.map(\.label) == ["5", "1", "5"])
        let byTag = try LabelledDataset.loadJSONLines(
            from: source, textField: "review.body", labelField: "meta.tags.1",
            options: ReadOptions(labelMapping: try LabelMapping(parsing: "neg:negative,pos:positive")))
        #expect(byTag.examples.map(\.label) == ["positive", "negative", "positive"])
        do {
            _ = try LabelledDataset.loadJSONLines(from: source, textField: "review.title", labelField: "review.stars")
            Issue.record("a missing nested field was accepted")
        } catch let DatasetError.badRow(row) {
            #expect(row.description == "r.jsonl:1: missing column \"review.title\"")
        }
    }

    @Test("a file larger than a read chunk streams: same examples as in memory, records across chunk ends")
    func streamsAcrossChunks() throws {
        let directory = try FixtureDirectory()
        defer { directory.remove() }
        // About 2.5 read chunks; every 7th text is quoted and spans two lines.
        var text = "text\tlabel\n"
        var expected: [String] = []
        var row = 0
        while text.utf8.count < ByteSource.chunkSize * 5 / 2 {
            let sentence = row % 7 == 0 ? "row \(row) first line\nsecond line of \(row)" : "row \(row) with some words in it"
            text += (row % 7 == 0 ? "\"\(sentence)\"" : sentence) + "\t\(row % 3)\r\n"
            expected.append(sentence)
            row += 1
        }
        let url = try directory.file("big.tsv", text)
        var reports: [(Int, Int)] = []
        let streamed = try LabelledDataset.loadDelimited(
            from: .file(url), delimiter: .tab, options: ReadOptions(progress: { reports.append(($0, $1)) }))
        let inMemory = try LabelledDataset.loadDelimited(from: .bytes(Array(text.utf8), name: "big.tsv"), delimiter: .tab)
        #expect(streamed.texts == expected)
        #expect(streamed.examples == inMemory.examples)
        #expect(streamed.labels == ["0", "1", "2"])
        // Progress is heard once per chunk, growing to the file's size.
        #expect(reports.count == 3)
        #expect(reports.map(\.0) == [ByteSource.chunkSize, 2 * ByteSource.chunkSize, text.utf8.count])
        #expect(reports.allSatisfy { $0.1 == text.utf8.count })
        // The last example's line counts every CR LF and the quoted line breaks.
        let breaksBefore = expected.dropLast().reduce(0) { $0 + 1 + ($1.contains("\n") ? 1 : 0) }
        #expect(streamed.examples.last?.line == 2 + breaksBefore)

        // JSON lines stream the same way.
        var jsonl = ""
        for index in 0..<(row) { jsonl += "{\"text\": \"sentence \(index) with padding words\", \"label\": \(index % 2)}\n" }
        let jsonURL = try directory.file("big.jsonl", jsonl)
        #expect(jsonl.utf8.count > ByteSource.chunkSize)
        let json = try LabelledDataset.loadJSONLines(from: .file(jsonURL))
        #expect(json.count == row)
        #expect(json.examples.last?.line == row)
        #expect(json.examples.last?.text == "sentence \(row - 1) with padding words")
    }

    @Test("the record parser gives the same records whatever the chunk sizes")
    func chunkBoundaries() throws {
        let text = "a,\"b,\"\"c\"\"\r\nd\"\r\n\r\ne,f\rg,\"h\"x,i\n\"open"
        let bytes = Array(text.utf8)
        func records(chunk: Int) -> [DelimitedRecord] {
            var parser = DelimitedRecordParser(delimiter: .comma)
            var found: [DelimitedRecord] = []
            var start = 0
            bytes.withUnsafeBufferPointer { buffer in
                while start < bytes.count {
                    let end = min(start + chunk, bytes.count)
                    parser.feed(UnsafeBufferPointer(rebasing: buffer[start..<end])) { found.append($0) }
                    start = end
                }
            }
            parser.finish { found.append($0) }
            return found
        }
        let whole = records(chunk: bytes.count)
        #expect(whole.map { $0.fields.map { String(decoding: $0, as: UTF8.self) } } == [
            ["a", "b,\"c\"\r\nd"], [""], ["e", "f"], ["g", "hx", "i"], ["open"],
        ])
        #expect(whole.map(\.line) == [1, 3, 4, 5, 6])
        #expect(whole.map(\.unclosedQuote) == [false, false, false, false, true])
        for chunk in 1...7 { #expect(records(chunk: chunk) == whole, "chunk size \(chunk)") }
    }

    @Test("duplicate texts are grouped, and copies with different labels are marked")
    func duplicates() throws {
        let dataset = try LabelledDataset(name: "d", examples: [
            LabelledExample(text: "good", label: "pos"), LabelledExample(text: "bad", label: "neg"),
            LabelledExample(text: "good", label: "pos"), LabelledExample(text: "fine", label: "pos"),
            LabelledExample(text: "bad", label: "pos"), LabelledExample(text: "good", label: "pos"),
        ])
        let groups = dataset.duplicateGroups()
        #expect(groups.map(\.text) == ["good", "bad"])
        #expect(groups.map(\.positions) == [[0, 2, 5], [1, 4]])
        #expect(groups.map(\.isConflicting) == [false, true])
        #expect(groups[1].labels == ["neg", "pos"])
    }
}
