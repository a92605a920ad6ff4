import Testing
import TuneText

@Suite struct WordCountTests {
    @Test(arguments: [
        "", " ", "one", "  two  words ", "tab\tseparated\tthree", "crlf\r\nlines\r\n", "a\u{0B}b\u{0C}c",
        "no-break\u{00A0}space", "em\u{2003}space and ideographic\u{3000}space", "next\u{0085}line",
        "café naïve 東京 🙂 ok", "  leading and trailing\n\n", "unit\u{1F}separator is not space",
    ])
    func countsAsSplittingOnWhitespaceDoes(text: String) {
        #expect(WordCount.words(in: text) == text.split(whereSeparator: \.isWhitespace).count, "\(text.debugDescription)")
    }

    @Test(arguments: [
        "", " ", "one", "  two  words ", "tab\tseparated\tthree", "crlf\r\nlines\r\n", "a\u{0B}b\u{0C}c",
        "no-break\u{00A0}space", "em\u{2003}space and ideographic\u{3000}space", "café naïve 東京 🙂 ok",
        "unit\u{1F}separator is not space",
    ])
    func countsUTF8BytesAsTheirString(text: String) {
        let bytes = Array(text.utf8)
        #expect(bytes.withUnsafeBufferPointer(WordCount.words(inUTF8:)) == WordCount.words(in: text), "\(text.debugDescription)")
    }

    @Test func handCountedExamples() {
        #expect(WordCount.words(in: "The soup arrived cold. Overall, it was bad.") == 8)
        #expect(WordCount.words(in: "\n\t ") == 0)
        #expect(WordCount.words(in: "x") == 1)
    }
}
