import Foundation
import Testing
import TuneEngine
import TuneModels
import TuneText

@Suite struct PromptTests {
    @Test func templatesFillAndJoinExamples() throws {
        let template = PromptTemplate.sentiment
        #expect(template.prompt(for: "The soup was cold.") == "The soup was cold. Overall, it was")
        let prompt = template.fewShotPrompt(examples: [(text: "Great film.", label: "positive")], query: "Dull plot.")
        #expect(prompt == "Great film. Overall, it was good.\n\nDull plot. Overall, it was")
        #expect(throws: TrainingError.self) { try PromptTemplate(template: "no slot").validate(labels: ["positive"]) }
        #expect(throws: TrainingError.self) { try template.validate(labels: ["neutral"]) }
    }

    @Test func examplesAreSeededAndBalanced() throws {
        let pool = try projectDatasets.sentiment("films", "train")
        let four = try PromptScorer.chooseExamples(from: pool, labels: pool.labels, count: 4, seed: 1)
        #expect(four.count == 4)
        #expect(four.filter { $0.label == "positive" }.count == 2)
        #expect(four == (try PromptScorer.chooseExamples(from: pool, labels: pool.labels, count: 4, seed: 1)))
        #expect(four != (try PromptScorer.chooseExamples(from: pool, labels: pool.labels, count: 4, seed: 2)))
        let one = try PromptScorer.chooseExamples(from: pool, labels: pool.labels, count: 1, seed: 3)
        #expect(one.count == 1)
    }

    @Test func scoresAreLogProbabilitiesAndLongPromptsAreCutFromTheLeft() throws {
        let model = try tinyLanguageModel(context: 8)
        let scorer = PromptScorer(model: model)
        let (scores, truncated) = try scorer.verbalizerLogProbabilities(
            prompt: "the film was good . overall , it was", verbalizers: [" good", " bad"], lengthNormalized: false)
        #expect(truncated)
        #expect(scores.allSatisfy { $0 < 0 })
        // The two single-token probabilities come from one softmax: their sum is below 1.
        #expect(exp(scores[0]) + exp(scores[1]) < 1)
        let short = try scorer.verbalizerLogProbabilities(prompt: "it was", verbalizers: [" good"], lengthNormalized: false)
        #expect(!short.truncated)
    }

    @Test func evaluationReportsAConfusionMatrix() throws {
        let model = try tinyLanguageModel()
        let dataset = try LabelledDataset(name: "tiny", examples: [
            LabelledExample(text: "the film was good", label: "positive"),
            LabelledExample(text: "the soup was bad", label: "negative"),
        ])
        let evaluation = try PromptScorer(model: model).evaluate(dataset, examplePool: dataset, options: PromptOptions(shots: 2, calibrated: true))
        #expect(evaluation.metrics.total == 2)
        #expect(evaluation.examples.count == 2)
        #expect(evaluation.scores.count == 2)
        #expect(throws: TrainingError.self) { try PromptScorer(model: model).evaluate(dataset, options: PromptOptions(shots: 1)) }
    }
}
