import Foundation
import Testing
import TuneText

@Suite("TextCorpus and file errors")
struct TextCorpusTests {
    @Test func fingerprintIsFNV1aOfTheUTF8Bytes() throws {
        // Published FNV-1a 64-bit values: the offset basis for "", and "a".
        #expect(TextCorpus.fingerprint(of: "") == "cbf29ce484222325")
        #expect(TextCorpus.fingerprint(of: "a") == "af63dc4c8601ec8c")
        let corpus = try TextCorpus(text: "Overall, it was good.", name: "c")
        #expect(corpus.fingerprint == TextCorpus.fingerprint(of: "Overall, it was good."))
        #expect(corpus.fingerprint != TextCorpus.fingerprint(of: "Overall, it was bad."))
    }

    @Test("a UTF-8 file loads with its counts")
    func loads() throws {
        let directory = try FixtureDirectory()
        defer { directory.remove() }
        let url = try directory.file("poem.txt", "Roses are red,\nviolets are blue.\nCafé 🙂\n")
        let corpus = try TextCorpus.load(from: url)
        #expect(corpus.name == "poem.txt")
        #expect(corpus.lineCount == 3)
        #expect(corpus.lines == ["Roses are red,", "violets are blue.", "Café 🙂"])
        #expect(corpus.wordCount == 8)
        #expect(corpus.characterCount == 40)
    }

    @Test("a byte order mark is dropped")
    func byteOrderMark() throws {
        let directory = try FixtureDirectory()
        defer { directory.remove() }
        let url = try directory.bytes("bom.txt", [0xEF, 0xBB, 0xBF] + Array("hi".utf8))
        #expect(try TextCorpus.load(from: url).text == "hi")
    }

    @Test("a non-UTF-8 file is an error naming the file, the line and the first bad byte's offset")
    func notUTF8() throws {
        let directory = try FixtureDirectory()
        defer { directory.remove() }
        // "ok\nCaf" then a Latin-1 "é" (0xE9) followed by an ASCII byte: invalid at offset 6.
        let url = try directory.bytes("latin1.txt", Array("ok\nCaf".utf8) + [0xE9] + Array("!\n".utf8))
        #expect(throws: DatasetError.notUTF8(file: url.path, byteOffset: 6, line: 2)) {
            try TextCorpus.load(from: url)
        }
        do {
            _ = try TextCorpus.load(from: url)
        } catch {
            let message = String(describing: error)
            #expect(message.contains("latin1.txt:2"))
            #expect(message.contains("offset 6"))
        }
    }

    @Test("invalid UTF-8 forms: stray continuation, overlong, surrogate, beyond U+10FFFF, cut short")
    func invalidForms() throws {
        let directory = try FixtureDirectory()
        defer { directory.remove() }
        let cases: [([UInt8], Int)] = [
            ([0x61, 0x80], 1),  // continuation byte without a lead
            ([0x61, 0xC0, 0xAF], 1),  // overlong "/"
            ([0xE0, 0x80, 0xAF], 0),  // overlong three-byte form
            ([0x61, 0x62, 0xED, 0xA0, 0x80], 2),  // UTF-16 surrogate D800
            ([0xF4, 0x90, 0x80, 0x80], 0),  // U+110000
            ([0x61, 0xE2, 0x82], 1),  // "€" cut short by the end of the file
            ([0xF0, 0x9F, 0x99, 0x82, 0xFF], 4),  // a valid emoji, then 0xFF
        ]
        for (index, (bytes, offset)) in cases.enumerated() {
            let url = try directory.bytes("bad\(index).txt", bytes)
            #expect(throws: DatasetError.notUTF8(file: url.path, byteOffset: offset, line: 1)) {
                try TextCorpus.load(from: url)
            }
        }
        let good = try directory.bytes("good.txt", Array("€ 🙂 \u{10FFFF} \u{D7FF}".utf8))
        #expect(try TextCorpus.load(from: good).text == "€ 🙂 \u{10FFFF} \u{D7FF}")
    }

    @Test("an empty file, a whitespace-only file and a missing file are clear errors")
    func emptyAndMissing() throws {
        let directory = try FixtureDirectory()
        defer { directory.remove() }
        let empty = try directory.file("empty.txt", "")
        #expect(throws: DatasetError.emptyFile(file: empty.path)) { try TextCorpus.load(from: empty) }
        #expect(String(describing: DatasetError.emptyFile(file: empty.path)).contains("empty.txt is empty"))
        let blank = try directory.file("blank.txt", " \n\n\t")
        #expect(throws: DatasetError.self) { try TextCorpus.load(from: blank) }
        let missing = directory.url.appendingPathComponent("missing.txt")
        do {
            _ = try TextCorpus.load(from: missing)
            Issue.record("a missing file loaded")
        } catch let error as DatasetError {
            guard case .cannotRead(let file, _) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(file == missing.path)
        }
    }
}
