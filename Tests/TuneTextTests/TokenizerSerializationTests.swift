import Foundation
import Testing
import TuneText

@Suite("Tokenizer JSON")
struct TokenizerSerializationTests {
    @Test("a character tokenizer survives JSON and encodes identically")
    func characterRoundTrip() throws {
        let tokenizer = try CharacterTokenizer(corpus: "héllo wörld 東京 🙂", includeUnknownToken: true)
        let reloaded = try CharacterTokenizer.fromJSON(tokenizer.jsonData())
        #expect(reloaded == tokenizer)
        #expect(try reloaded.encode("hé?🙂") == tokenizer.encode("hé?🙂"))
        #expect(reloaded.unknownID == 0)
    }

    @Test("a word tokenizer survives JSON, its case setting included")
    func wordRoundTrip() throws {
        let tokenizer = try WordTokenizer(corpus: ["Hello there, General Kenobi."], lowercase: false)
        let reloaded = try WordTokenizer.fromJSON(tokenizer.jsonData())
        #expect(reloaded == tokenizer)
        #expect(reloaded.lowercases == false)
        #expect(reloaded.encode("Hello General") == tokenizer.encode("Hello General"))
    }

    @Test("a WordPiece tokenizer survives JSON with its maximum length")
    func wordPieceRoundTrip() throws {
        let tokenizer = try WordPieceTokenizer(
            vocabulary: ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "un", "##aff", "##able", "a"], maximumLength: 16)
        let reloaded = try WordPieceTokenizer.fromJSON(tokenizer.jsonData())
        #expect(reloaded == tokenizer)
        #expect(reloaded.maximumLength == 16)
        #expect(reloaded.encode("unaffable") == [2, 4, 5, 6, 3])
    }

    @Test("a saved tokenizer remembers its kind, through a file")
    func savedTokenizerKinds() throws {
        let directory = try FixtureDirectory()
        defer { directory.remove() }
        let tokenizers: [any Tokenizer] = [
            try CharacterTokenizer(corpus: "a cat"),
            try WordTokenizer(corpus: "the cat"),
            try WordPieceTokenizer(vocabulary: ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "cat"]),
        ]
        for (index, tokenizer) in tokenizers.enumerated() {
            let url = directory.url.appendingPathComponent("tokenizer-\(index).json")
            try SavedTokenizer(tokenizer).save(to: url)
            let loaded = try SavedTokenizer.load(from: url)
            #expect(loaded.kind == ["character", "word", "wordPiece"][index])
            #expect(type(of: loaded.tokenizer) == type(of: tokenizer))
            #expect(try loaded.tokenizer.encode("cat") == tokenizer.encode("cat"))
            #expect(loaded.tokenizer.vocabularySize == tokenizer.vocabularySize)
        }
        // The same tokenizer always serializes to the same bytes.
        #expect(try SavedTokenizer(tokenizers[1]).jsonData() == SavedTokenizer(tokenizers[1]).jsonData())
    }

    @Test("bad saved JSON is a clear error")
    func badJSON() throws {
        #expect(throws: TokenizerError.self) { try SavedTokenizer.fromJSON(Data("{\"kind\":\"bpe\",\"tokenizer\":{}}".utf8)) }
        do {
            _ = try SavedTokenizer.fromJSON(Data("{\"kind\":\"bpe\",\"tokenizer\":{}}".utf8))
        } catch {
            #expect(String(describing: error).contains("unknown kind \"bpe\""))
        }
        #expect(throws: TokenizerError.self) { try WordTokenizer.fromJSON(Data("{\"vocabulary\":[\"a\"],\"lowercases\":true}".utf8)) }
        #expect(throws: TokenizerError.self) { try CharacterTokenizer.fromJSON(Data("not json".utf8)) }
    }
}
