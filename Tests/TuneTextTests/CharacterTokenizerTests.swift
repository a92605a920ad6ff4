import Foundation
import Testing
import TuneText

@Suite("CharacterTokenizer")
struct CharacterTokenizerTests {
    @Test("the vocabulary is the sorted unique characters of the corpus")
    func vocabularyIsSortedUniqueCharacters() throws {
        let tokenizer = try CharacterTokenizer(corpus: "hello world")
        #expect(tokenizer.vocabulary == [" ", "d", "e", "h", "l", "o", "r", "w"])
        #expect(tokenizer.vocabularySize == 8)
        #expect(tokenizer.unknownID == nil)
        // The same characters in another order give the same vocabulary.
        #expect(try CharacterTokenizer(corpus: "world hello") == tokenizer)
    }

    @Test("encode then decode gives the text back")
    func roundTrip() throws {
        let corpus = "To be, or not to be: that is the question. Café ünïcødé 🙂"
        let tokenizer = try CharacterTokenizer(corpus: corpus)
        let ids = try tokenizer.encode(corpus)
        #expect(ids.count == corpus.count)
        #expect(ids.allSatisfy { (0..<tokenizer.vocabularySize).contains($0) })
        #expect(try tokenizer.decode(ids) == corpus)
        #expect(try tokenizer.encode("tot") == [tokenizer.id(for: "t")!, tokenizer.id(for: "o")!, tokenizer.id(for: "t")!])
        #expect(tokenizer.token(for: tokenizer.id(for: "é")!) == "é")
    }

    @Test("a character is a grapheme: a decomposed é is the same token as a precomposed one")
    func graphemesNotScalars() throws {
        let tokenizer = try CharacterTokenizer(corpus: "caf\u{E9}")
        #expect(try tokenizer.encode("cafe\u{301}") == tokenizer.encode("caf\u{E9}"))
        // An emoji with a skin-tone modifier is two code points but one character.
        let emoji = try CharacterTokenizer(corpus: "👍🏽 ok")
        #expect(emoji.vocabulary.contains("👍🏽"))
        #expect(try emoji.encode("👍🏽").count == 1)
    }

    @Test("an unseen character is an error without [UNK], naming the character and its position")
    func unknownCharacterError() throws {
        let tokenizer = try CharacterTokenizer(corpus: "abc")
        #expect(throws: TokenizerError.unknownCharacter("z", position: 2)) {
            try tokenizer.encode("abz")
        }
        do {
            _ = try tokenizer.encode("abz")
        } catch {
            #expect(String(describing: error).contains("position 2"))
            #expect(String(describing: error).contains("U+7A"))
        }
    }

    @Test("with [UNK], an unseen character maps to id 0")
    func unknownCharacterMapsToUnknown() throws {
        let tokenizer = try CharacterTokenizer(corpus: "abc", includeUnknownToken: true)
        #expect(tokenizer.vocabulary == ["[UNK]", "a", "b", "c"])
        #expect(tokenizer.unknownID == 0)
        #expect(try tokenizer.encode("abz") == [1, 2, 0])
        #expect(try tokenizer.decode([1, 2, 0]) == "ab[UNK]")
    }

    @Test("decode rejects an id outside the vocabulary")
    func decodeOutOfRange() throws {
        let tokenizer = try CharacterTokenizer(corpus: "ab")
        #expect(throws: TokenizerError.idOutOfRange(5, vocabularySize: 2)) { try tokenizer.decode([0, 5]) }
        #expect(throws: TokenizerError.idOutOfRange(-1, vocabularySize: 2)) { try tokenizer.decode([-1]) }
    }

    @Test("an empty corpus is an error")
    func emptyCorpus() {
        #expect(throws: TokenizerError.emptyCorpus) { try CharacterTokenizer(corpus: "") }
    }
}
