import Foundation
import Testing
import TuneEngine
import TuneModels
import TuneText

/// A classifier that reads texts inside a prompt and starts from the verbalizers.
@Suite struct PromptedClassifierTests {
    let prompt = PromptTemplate(template: "{text} overall , it was", verbalizers: ["negative": " bad", "positive": " good"])

    @Test func theStartingHeadGivesTheLanguageModelsOwnScores() throws {
        let model = try tinyLanguageModel(seed: 6)
        let classifier = try SequenceClassifier(
            trunk: model.gpt, labels: ["negative", "positive"], pooling: .lastToken, prompt: prompt, seed: 1)
        try classifier.initializeHeadFromVerbalizers(tokenizer: model.tokenizer.tokenizer)
        classifier.evaluationMode()
        let ids = try model.encode(prompt.prompt(for: "the soup was bad ."))
        let scores = try classifier.logits([ids]).values  // [1, 2]
        let vocabulary = model.configuration.vocabularySize
        let next = try model.gpt.logits(ids, batch: 1, time: ids.count).values  // [1, T, V]
        let last = Array(next[((ids.count - 1) * vocabulary)..<(ids.count * vocabulary)])
        let bad = try model.encode(" bad")[0], good = try model.encode(" good")[0]
        #expect(bad != good)
        #expect(allClose(scores, [last[bad], last[good]], tolerance: 1e-5))
    }

    @Test func textsAreEncodedInsideTheTemplateForTrainingAndTesting() throws {
        let model = try tinyLanguageModel(seed: 7)
        let classifier = try SequenceClassifier(
            trunk: model.gpt, labels: ["negative", "positive"], pooling: .lastToken, prompt: prompt, seed: 1)
        let data = try LabelledDataset(
            name: "d", examples: [LabelledExample(text: "the film was good .", label: "positive", line: 2)],
            labels: ["negative", "positive"])
        let task = try TextClassificationTask(classifier: classifier, tokenizer: model.tokenizer.tokenizer, training: data, validation: data)
        let wrapped = try model.encode("the film was good . overall , it was")
        #expect(task.trainingSequences == [wrapped])
        #expect(task.validationSequences == [wrapped])
        let (sequences, classes) = try TextClassificationTask.encode(
            data, tokenizer: model.tokenizer.tokenizer, labels: classifier.labels, prompt: classifier.prompt)
        #expect(sequences == [wrapped] && classes == [1])
    }

    @Test func wrongSetUpsAreRefusedWithTheReason() throws {
        let model = try tinyLanguageModel(seed: 8)
        let plain = try SequenceClassifier(trunk: model.gpt, labels: ["negative", "positive"], pooling: .lastToken, seed: 1)
        #expect(throws: TrainingError.self) { try plain.initializeHeadFromVerbalizers(tokenizer: model.tokenizer.tokenizer) }
        let meanPooled = try SequenceClassifier(
            trunk: model.gpt, labels: ["negative", "positive"], pooling: .mean, prompt: prompt, seed: 1)
        do {
            try meanPooled.initializeHeadFromVerbalizers(tokenizer: model.tokenizer.tokenizer)
            Issue.record("mean pooling was accepted")
        } catch let error as TrainingError {
            #expect(error.description.contains("last"))
        }
        // A label without a verbalizer is refused when the classifier is made.
        #expect(throws: TrainingError.self) {
            try SequenceClassifier(trunk: model.gpt, labels: ["negative", "neutral"], pooling: .lastToken, prompt: prompt, seed: 1)
        }
    }

    @Test func aCheckpointKeepsThePrompt() throws {
        let model = try tinyLanguageModel(seed: 9)
        let classifier = try SequenceClassifier(
            trunk: model.gpt, labels: ["negative", "positive"], pooling: .lastToken, prompt: prompt, seed: 1)
        try classifier.initializeHeadFromVerbalizers(tokenizer: model.tokenizer.tokenizer)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("prompted-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try ModelCheckpoint.save(classifier, tokenizer: model.tokenizer, to: folder)
        let (loaded, _) = try ModelCheckpoint.loadClassifier(from: folder)
        #expect(loaded.prompt == prompt)
        #expect(loaded.head.weight.values == classifier.head.weight.values)
    }
}
