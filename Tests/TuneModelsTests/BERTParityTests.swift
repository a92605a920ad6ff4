import Foundation
import Testing
import TuneEngine
import TuneModels

// MARK: - Fixtures shared by the BERT tests

/// The real all-MiniLM-L6-v2 model, opened once for all tests, and the reference
/// embeddings computed independently (float64) from the same wheel.
enum MiniLMFixture {
    /// The package root: this file is Tests/TuneModelsTests/BERTParityTests.swift.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Made by Tests/Fixtures/make_minilm_reference.py (numpy float64, independent of the Swift code).
    static let referenceURL = packageRoot.appendingPathComponent("Tests/Fixtures/minilm-reference.json")

    // Loaded once and only read afterwards (forward passes keep no state in the model).
    nonisolated(unsafe) private static let opened = Result { () throws -> (PretrainedModelFiles, BERTModel) in
        let files = try PretrainedModelFiles.openMiniLM()
        return (files, try BERTModel.load(from: files))
    }

    /// The wheel's files; a missing wheel throws an error naming `bash .ci/setup`.
    static func files() throws -> PretrainedModelFiles { try opened.get().0 }
    static func model() throws -> BERTModel { try opened.get().1 }

    private static let parsedReference = Result { () throws -> Reference in
        do {
            return try JSONDecoder().decode(Reference.self, from: Data(contentsOf: referenceURL))
        } catch {
            throw FixtureError("cannot read the reference embeddings at \(referenceURL.path) (regenerate with Tests/Fixtures/make_minilm_reference.py): \(error)")
        }
    }

    static func reference() throws -> Reference { try parsedReference.get() }

    /// A fresh folder under the temporary directory, removed by the caller.
    static func temporaryFolder(_ label: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("tunelab-bert-\(label)-\(ProcessInfo.processInfo.globallyUniqueString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes the wheel's config.json, vocab.txt and model.safetensors into a new folder.
    static func unpackedFolder(_ label: String) throws -> URL {
        let files = try files()
        let folder = try temporaryFolder(label)
        for name in [PretrainedModelFiles.configurationName, PretrainedModelFiles.vocabularyName, PretrainedModelFiles.weightsName] {
            try files.data(of: name).write(to: folder.appendingPathComponent(name))
        }
        return folder
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The parts of minilm-expected.json the tests use.
struct Reference: Decodable {
    struct Case: Decodable {
        let text: String
        let ids: [Int]
        let embedding: [Float]
    }
    let cases: [Case]
    let truncationCase: Case
    let cosineMatrix: [[Double]]

    enum CodingKeys: String, CodingKey {
        case cases
        case truncationCase = "truncation_case"
        case cosineMatrix = "cosine_matrix"
    }

    /// The ten sentences and the 256-token truncated text.
    var allCases: [Case] { cases + [truncationCase] }
}

/// The largest |a[i] - b[i]|.
func maximumDifference(_ a: ArraySlice<Float>, _ b: [Float]) -> Float {
    zip(a, b).reduce(0) { Swift.max($0, Swift.abs($1.0 - $1.1)) }
}

// MARK: - Parity with the reference embeddings

@Suite("BERT parity with all-MiniLM-L6-v2 reference embeddings")
struct BERTParityTests {
    /// Within 1e-4 is the contract; float32 against a float64 reference lands near 1e-6.
    static let tolerance: Float = 1e-4

    @Test("the wheel's configuration is MiniLM's")
    func configuration() throws {
        let model = try MiniLMFixture.model()
        let configuration = model.configuration
        #expect(configuration.hiddenSize == 384)
        #expect(configuration.layerCount == 6)
        #expect(configuration.headCount == 12)
        #expect(configuration.intermediateSize == 1536)
        #expect(configuration.vocabularySize == 30522)
        #expect(configuration.layerNormEpsilon == 1e-12)
        #expect(model.layers.count == 6)
        #expect(model.pooler != nil)
        #expect(try MiniLMFixture.files().sentenceMaximumLength() == 256)
        try MiniLMFixture.files().checkMeanPooling()
        // Every F32 tensor of the checkpoint: embeddings, six blocks, pooler.
        #expect(model.parameterCount == 22_713_216)
    }

    @Test("each sentence, encoded alone, matches its reference embedding")
    func singleSentences() throws {
        let model = try MiniLMFixture.model()
        let reference = try MiniLMFixture.reference()
        #expect(reference.allCases.count == 11)
        for item in reference.allCases {
            let mask = [[Int](repeating: 1, count: item.ids.count)]
            let embedding = try model.sentenceEmbeddings(ids: [item.ids], attentionMask: mask)
            #expect(embedding.shape == [1, 384])
            let difference = maximumDifference(embedding.values[...], item.embedding)
            print("parity single  \(item.ids.count) tokens  max |diff| \(difference)  \(item.text.prefix(40))")
            #expect(difference <= Self.tolerance, "\(item.text): max |diff| \(difference)")
        }
    }

    @Test("a padded batch of every case matches the references and the single runs")
    func paddedBatch() throws {
        let model = try MiniLMFixture.model()
        let reference = try MiniLMFixture.reference()
        let cases = reference.allCases
        let longest = cases.map(\.ids.count).max()!
        #expect(longest == 256)
        let ids = cases.map { $0.ids + [Int](repeating: 0, count: longest - $0.ids.count) }
        let mask = cases.map { [Int](repeating: 1, count: $0.ids.count) + [Int](repeating: 0, count: longest - $0.ids.count) }
        let batch = try model.sentenceEmbeddings(ids: ids, attentionMask: mask)
        #expect(batch.shape == [cases.count, 384])
        for (row, item) in cases.enumerated() {
            let embedding = batch.values[(row * 384)..<((row + 1) * 384)]
            let difference = maximumDifference(embedding, item.embedding)
            let single = try model.sentenceEmbeddings(ids: [item.ids], attentionMask: [mask[row].filter { $0 == 1 }])
            let batchVersusSingle = maximumDifference(embedding, single.values)
            print("parity batch   row \(row)  max |diff| \(difference)  batch vs single \(batchVersusSingle)")
            #expect(difference <= Self.tolerance, "row \(row) \(item.text): max |diff| \(difference)")
            #expect(batchVersusSingle <= 1e-5, "row \(row): padding changed the embedding by \(batchVersusSingle)")
        }
        // Small chunks give the same rows as one chunk.
        let chunked = try model.sentenceEmbeddings(ids: ids, attentionMask: mask, batchSize: 3)
        #expect(maximumDifference(chunked.values[...], batch.values) <= 1e-5)
    }

    @Test("hidden states of padded positions do not leak into real ones")
    func paddingDoesNotLeak() throws {
        let model = try MiniLMFixture.model()
        let ids = try MiniLMFixture.reference().cases[0].ids  // 6 tokens
        let padded = ids + [Int](repeating: 0, count: 4)
        let mask = [Int](repeating: 1, count: ids.count) + [Int](repeating: 0, count: 4)
        let (alone, withPadding) = try GradientMode.withoutGradients {
            (try model.encode(ids: [ids], attentionMask: [[Int](repeating: 1, count: ids.count)]),
             try model.encode(ids: [padded], attentionMask: [mask]))
        }
        #expect(alone.shape == [1, 6, 384])
        #expect(withPadding.shape == [1, 10, 384])
        let difference = maximumDifference(withPadding.values[0..<(6 * 384)], alone.values)
        #expect(difference <= 1e-5, "padding changed real tokens' hidden states by \(difference)")
    }

    @Test("cosine similarities match the reference matrix")
    func cosines() throws {
        let model = try MiniLMFixture.model()
        let reference = try MiniLMFixture.reference()
        let embeddings = try model.sentenceEmbeddings(sequences: reference.cases.map(\.ids))
        let count = reference.cases.count
        var largest = 0.0
        for i in 0..<count {
            for j in 0..<count {
                var dot: Float = 0
                for k in 0..<384 { dot += embeddings.values[i * 384 + k] * embeddings.values[j * 384 + k] }
                largest = Swift.max(largest, Swift.abs(Double(dot) - reference.cosineMatrix[i][j]))
            }
        }
        print("parity cosine  max |diff| \(largest)")
        #expect(largest <= 1e-4)
    }
}
