import Foundation
import Testing
import TuneText

/// BERT's normalization rules, each shown on a small vocabulary built for the test.
@Suite("WordPiece normalization rules")
struct WordPieceBehaviourTests {
    let tokenizer: WordPieceTokenizer

    init() throws {
        tokenizer = try WordPieceTokenizer(vocabularyText: """
            [PAD]
            [UNK]
            [CLS]
            [SEP]
            un
            ##aff
            ##able
            a
            b
            e
            cafe
            .
            !
            $
            ^
            東
            京
            σ
            ##σ
            x
            ##x
            ##α

            """)
    }

    func pieces(_ text: String) -> [String] { tokenizer.tokens(in: text) }

    @Test("vocabulary text: one token per line, id = line index, final newline ignored, CRLF accepted")
    func vocabularyText() throws {
        #expect(tokenizer.vocabularySize == 22)
        #expect(tokenizer.id(for: "##able") == 6)
        let crlf = try WordPieceTokenizer(vocabularyText: "[PAD]\r\n[UNK]\r\n[CLS]\r\n[SEP]\r\nhi\r\n")
        #expect(crlf.vocabulary == ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "hi"])
        #expect(throws: TokenizerError.missingSpecialToken("[CLS]")) {
            try WordPieceTokenizer(vocabularyText: "[PAD]\n[UNK]\n[SEP]\n")
        }
        #expect(throws: TokenizerError.self) { try WordPieceTokenizer(vocabulary: ["[PAD]", "[UNK]", "[CLS]", "[SEP]"], maximumLength: 1) }
    }

    @Test("greedy longest match first, with ## continuation pieces")
    func greedyLongestMatch() {
        #expect(pieces("unaffable") == ["un", "##aff", "##able"])
        #expect(pieces("xxx") == ["x", "##x", "##x"])
        // No spelling for "unaff" + "z": the whole word is [UNK], not a partial match.
        #expect(pieces("unaffz") == ["[UNK]"])
    }

    @Test("lowercasing and accent stripping, code point by code point")
    func lowercaseAndAccents() {
        #expect(pieces("CAFÉ") == ["cafe"])
        #expect(pieces("Cafe\u{301}") == ["cafe"])  // decomposed accent
        #expect(pieces("UnAffABLE") == ["un", "##aff", "##able"])
        // Lowercasing is per code point: a word-final capital sigma becomes "σ", not "ς".
        #expect(pieces("ΣΑΣ") == ["σ", "##α", "##σ"])
    }

    @Test("punctuation (ASCII symbols included) is split off; other symbols are not")
    func punctuation() {
        #expect(pieces("cafe.!") == ["cafe", ".", "!"])
        #expect(pieces("a$b^e") == ["a", "$", "b", "^", "e"])
        // "∑" (a math symbol, not punctuation) stays in its word, which then has no spelling.
        #expect(pieces("a∑") == ["[UNK]"])
    }

    @Test("control, accent and punctuation classes are Unicode 8.0's, as the reference tokenizer's")
    func unicodeEightCategories() {
        // Assigned after Unicode 8.0: a combining mark (9.0) and a punctuation mark (10.0)
        // stay inside their word, which then has no spelling.
        #expect(pieces("x\u{1E000}") == ["[UNK]"])
        #expect(pieces("x\u{2E45}x") == ["[UNK]"])
        // An unassigned code point is not a control character: it is kept, not dropped.
        #expect(pieces("x\u{0378}") == ["[UNK]"])
        // U+1734 was a nonspacing mark in Unicode 8.0 (a spacing mark now): stripped.
        #expect(pieces("x\u{1734}") == ["x"])
        // U+111C9 was punctuation in Unicode 8.0 (a mark now): split off.
        #expect(pieces("x\u{111C9}x") == ["x", "[UNK]", "x"])
        // Old characters use their category: U+0301 is stripped, U+2014 is punctuation.
        #expect(pieces("x\u{301}\u{2014}x") == ["x", "[UNK]", "x"])
    }

    @Test("CJK ideographs become words of their own")
    func cjk() {
        #expect(pieces("東京") == ["東", "京"])
        #expect(pieces("a東b") == ["a", "東", "b"])
    }

    @Test("cleaning drops NUL, U+FFFD and control/format characters; whitespace of any kind separates")
    func cleaning() {
        #expect(pieces("un\u{0}aff\u{FFFD}able") == ["un", "##aff", "##able"])
        #expect(pieces("un\u{200B}affable") == ["un", "##aff", "##able"])  // zero-width space is format (Cf)
        #expect(pieces("a\u{3000}b\u{00A0}e\u{2028}cafe\tx\r\nx") == ["a", "b", "e", "cafe", "x", "x"])
    }

    @Test("a word of more than 100 code points is [UNK]; grapheme clusters do not hide code points")
    func longWords() {
        #expect(pieces(String(repeating: "x", count: 100)).count == 100)
        #expect(pieces(String(repeating: "x", count: 101)) == ["[UNK]"])
        // 51 "x" + combining mark pairs: 51 Swift Characters but 102 code points before
        // accent stripping, 51 after, so the word is split, not [UNK].
        #expect(pieces(String(repeating: "x\u{301}", count: 51)).count == 51)
    }

    @Test("truncation keeps [CLS] and [SEP] within the maximum length")
    func truncation() throws {
        let short = try WordPieceTokenizer(vocabulary: tokenizer.vocabulary, maximumLength: 4)
        #expect(short.encode("a b e a b") == [2, 7, 8, 3])
        #expect(short.encode("a") == [2, 7, 3])
        #expect(try WordPieceTokenizer(vocabulary: tokenizer.vocabulary, maximumLength: 2).encode("a b") == [2, 3])
    }

    @Test("a batch of one empty and one longer text pads with [PAD]")
    func batchPadding() {
        let batch = tokenizer.encodeBatch(["", "a b"])
        #expect(batch.ids == [[2, 3, 0, 0], [2, 7, 8, 3]])
        #expect(batch.attentionMask == [[1, 1, 0, 0], [1, 1, 1, 1]])
        #expect(batch.tokenTypeIDs == [[0, 0, 0, 0], [0, 0, 0, 0]])
        #expect(batch.lengths == [2, 4])
        #expect(batch.flattenedIDs == [2, 3, 0, 0, 2, 7, 8, 3])
        #expect(batch.flattenedAttentionMask == [1, 1, 0, 0, 1, 1, 1, 1])
        #expect(tokenizer.encodeBatch(["a b e", "a"], maximumLength: 3).ids == [[2, 7, 3], [2, 7, 3]])
        #expect(tokenizer.encodeBatch([]).batchSize == 0)
    }
}
