import Foundation
import Testing
import TuneText

@Suite("WordTokenizer")
struct WordTokenizerTests {
    let corpus = [
        "The cat sat on the mat.",
        "The dog sat on the log!",
        "A cat and a dog.",
    ]

    @Test("punctuation is split from words, and case is folded")
    func splitting() {
        #expect(WordTokenizer.split("Don't stop, NOW!") == ["don", "'", "t", "stop", ",", "now", "!"])
        #expect(WordTokenizer.split("Don't", lowercase: false) == ["Don", "'", "t"])
        #expect(WordTokenizer.split("  spaced\tout\nwords  ") == ["spaced", "out", "words"])
        #expect(WordTokenizer.split("") == [])
    }

    @Test("[PAD] is 0, [UNK] is 1, then words by frequency with ties in alphabetical order")
    func vocabularyOrder() throws {
        let tokenizer = try WordTokenizer(corpus: corpus)
        // the x4; a, cat, dog, on, sat, "." x2 (sorted: ".", "a", "cat", "dog", "on", "sat"); then singles.
        #expect(Array(tokenizer.vocabulary.prefix(9)) == ["[PAD]", "[UNK]", "the", ".", "a", "cat", "dog", "on", "sat"])
        #expect(Array(tokenizer.vocabulary.suffix(4)) == ["!", "and", "log", "mat"])
        #expect(tokenizer.vocabularySize == 13)
        // Building again, from the texts in another order, gives identical ids.
        #expect(try WordTokenizer(corpus: corpus.reversed()) == tokenizer)
    }

    @Test("minimum frequency leaves rare words out, and they encode as [UNK]")
    func minimumFrequency() throws {
        let tokenizer = try WordTokenizer(corpus: corpus, minimumFrequency: 2)
        #expect(tokenizer.vocabulary == ["[PAD]", "[UNK]", "the", ".", "a", "cat", "dog", "on", "sat"])
        let ids = tokenizer.encode("The cat sat on the log!")
        #expect(ids == [2, 5, 8, 7, 2, WordTokenizer.unknownID, WordTokenizer.unknownID])
        #expect(try tokenizer.decode(ids) == "the cat sat on the [UNK] [UNK]")
    }

    @Test("maximum size keeps the most frequent words, [PAD] and [UNK] included")
    func maximumSize() throws {
        let tokenizer = try WordTokenizer(corpus: corpus, maximumSize: 5)
        #expect(tokenizer.vocabulary == ["[PAD]", "[UNK]", "the", ".", "a"])
        #expect(throws: TokenizerError.self) { try WordTokenizer(corpus: corpus, maximumSize: 2) }
        #expect(throws: TokenizerError.self) { try WordTokenizer(corpus: corpus, minimumFrequency: 0) }
    }

    @Test("encode then decode gives back the lowercased text with sensible spacing")
    func roundTrip() throws {
        let tokenizer = try WordTokenizer(corpus: ["Well, it's (really) great - isn't it? Yes: 100% sure."])
        let text = "Well, it's (really) great - isn't it? Yes: 100% sure."
        let ids = tokenizer.encode(text)
        #expect(!ids.contains(WordTokenizer.unknownID))
        #expect(try tokenizer.decode(ids) == "well, it's (really) great-isn't it? yes: 100% sure.")
        // Padding is not text.
        #expect(try tokenizer.decode(ids + [0, 0]) == tokenizer.decode(ids))
    }

    @Test("case is kept when lowercase is off")
    func caseSensitive() throws {
        let tokenizer = try WordTokenizer(corpus: "Apple apple APPLE", lowercase: false)
        #expect(tokenizer.vocabulary == ["[PAD]", "[UNK]", "APPLE", "Apple", "apple"])
        #expect(tokenizer.encode("apple Apple") == [4, 3])
    }

    @Test("errors: empty corpus, id out of range")
    func errors() throws {
        #expect(throws: TokenizerError.emptyCorpus) { try WordTokenizer(corpus: "   ") }
        let tokenizer = try WordTokenizer(corpus: "a b")
        #expect(throws: TokenizerError.idOutOfRange(9, vocabularySize: 4)) { try tokenizer.decode([9]) }
    }
}
