import Foundation
import Testing
import TuneEngine
import TuneModels
import TuneText

@Suite struct CheckpointTests {
    func temporaryFolder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("checkpoint-test-\(UUID().uuidString)")
    }

    @Test func languageModelReloadsBitIdentically() throws {
        let model = try tinyLanguageModel(seed: 4)
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try ModelCheckpoint.save(model, to: folder)
        for file in [ModelCheckpoint.weightsFile, ModelCheckpoint.configFile, ModelCheckpoint.tokenizerFile] {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path))
        }
        let loaded = try ModelCheckpoint.loadLanguageModel(from: folder)
        #expect(loaded.configuration == model.configuration)
        for ((key, a), (otherKey, b)) in zip(model.gpt.namedParameters(), loaded.gpt.namedParameters()) {
            #expect(key == otherKey)
            #expect(a.values.map(\.bitPattern) == b.values.map(\.bitPattern))
        }
        let ids = try model.encode("the film was good .")
        #expect(try model.gpt.logits(ids, batch: 1, time: ids.count).values == loaded.gpt.logits(ids, batch: 1, time: ids.count).values)
        #expect(try loaded.encode("the soup") == model.encode("the soup"))
    }

    @Test func classifierReloadsWithItsHead() throws {
        let model = try tinyLanguageModel(seed: 5)
        let classifier = try SequenceClassifier(trunk: model.gpt, labels: ["negative", "positive"], pooling: .lastToken, seed: 6)
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try ModelCheckpoint.save(classifier, tokenizer: model.tokenizer, to: folder)
        let (loaded, tokenizer) = try ModelCheckpoint.loadClassifier(from: folder)
        #expect(loaded.labels == ["negative", "positive"])
        #expect(loaded.pooling == .lastToken)
        #expect(tokenizer.kind == "word")
        let ids = [try model.encode("the soup was bad")]
        classifier.evaluationMode(); loaded.evaluationMode()
        #expect(try classifier.logits(ids).values == loaded.logits(ids).values)
        // Its trunk loads as a language model too.
        let trunk = try ModelCheckpoint.loadLanguageModel(from: folder)
        #expect(trunk.gpt.tokenEmbedding.weight.values == model.gpt.tokenEmbedding.weight.values)
    }

    @Test func missingOrMismatchedFilesAreNamed() throws {
        let folder = temporaryFolder()
        do {
            _ = try ModelCheckpoint.loadLanguageModel(from: folder)
            Issue.record("loading an empty folder should fail")
        } catch {
            #expect("\(error)".contains("config.json"))
        }
        let model = try tinyLanguageModel()
        defer { try? FileManager.default.removeItem(at: folder) }
        try ModelCheckpoint.save(model, to: folder)
        #expect(throws: ModelFolderError.self) { try ModelCheckpoint.loadClassifier(from: folder) }
    }
}
