import Foundation
import Testing
import TuneEngine
import TuneModels
import TuneText

/// Occlusion (which words a decision rests on) and error analysis (the most confident mistakes).
@Suite struct OcclusionTests {
    let prompt = PromptTemplate(template: "{text} overall , it was", verbalizers: ["negative": " bad", "positive": " good"])

    /// The softmax of the classifier's logits for one token sequence, scored alone (batch of 1).
    func probabilitiesAlone(_ classifier: SequenceClassifier, _ ids: [Int]) throws -> [Float] {
        classifier.evaluationMode()
        return try classifier.logits([ids]).softmax().values
    }

    @Test func removingAWordChangesTheProbabilityExactlyAsRescoringTheShorterSentence() throws {
        let model = try tinyLanguageModel(seed: 3)
        let classifier = try SequenceClassifier(trunk: model.gpt, labels: ["negative", "positive"], pooling: .mean, seed: 2)
        let text = "the battery was bad . the film was good ."
        let analysis = try classifier.occlusion(of: text, tokenizer: model.tokenizer.tokenizer)
        let whole = try probabilitiesAlone(classifier, try model.encode(text))
        #expect(allClose(analysis.probabilities, whole, tolerance: 1e-5))
        #expect(analysis.words.map(\.text) == text.split(separator: " ").map(String.init))
        for word in analysis.words {
            var shorter = text.split(separator: " ").map(String.init)
            shorter.remove(at: word.index)
            let alone = try probabilitiesAlone(classifier, try model.encode(shorter.joined(separator: " ")))
            #expect(allClose(word.probabilitiesWithout, alone, tolerance: 1e-5), "without \(word.text)")
            #expect(abs(word.change - (alone[analysis.prediction] - whole[analysis.prediction])) < 1e-5)
            #expect(word.predictionWithout == (alone[1] > alone[0] ? 1 : 0))
        }
    }

    @Test func promptWordsAreNeverOccluded() throws {
        let model = try tinyLanguageModel(seed: 4)
        let classifier = try SequenceClassifier(
            trunk: model.gpt, labels: ["negative", "positive"], pooling: .lastToken, prompt: prompt, seed: 1)
        try classifier.initializeHeadFromVerbalizers(tokenizer: model.tokenizer.tokenizer)
        let text = "the soup was good ."
        let analysis = try classifier.occlusion(of: text, tokenizer: model.tokenizer.tokenizer)
        // Only the sentence's five words are taken out; "overall , it was" never is.
        #expect(analysis.words.map(\.text) == ["the", "soup", "was", "good", "."])
        // Each variant is the shorter sentence inside the whole template.
        for word in analysis.words {
            var shorter = ["the", "soup", "was", "good", "."]
            shorter.remove(at: word.index)
            let ids = try model.encode(prompt.prompt(for: shorter.joined(separator: " ")))
            #expect(allClose(word.probabilitiesWithout, try probabilitiesAlone(classifier, ids), tolerance: 1e-5))
        }
        #expect(allClose(analysis.probabilities, try probabilitiesAlone(classifier, try model.encode(prompt.prompt(for: text))), tolerance: 1e-5))
    }

    @Test func occlusionEditsWordsOfTheTextAndScoresThemInOneCall() throws {
        var calls: [[String]] = []
        // A stand-in classifier: P(positive) is the share of the words "good" among all words.
        let analysis = try OcclusionAnalysis(text: "good  food, good\tprice bad") { texts in
            calls.append(texts)
            return texts.map { text in
                let words = OcclusionAnalysis.words(of: text)
                let p = Float(words.filter { $0 == "good" }.count) / Float(max(1, words.count))
                return [1 - p, p]
            }
        }
        #expect(calls.count == 1)
        #expect(calls[0] == ["good  food, good\tprice bad", "food, good price bad", "good good price bad",
                             "good food, price bad", "good food, good bad", "good food, good price"])
        #expect(analysis.prediction == 0 && abs(analysis.confidence - 0.6) < 1e-6)
        // Removing either "good" raises P(negative) (change > 0); removing another word lowers it.
        #expect(analysis.words.filter { $0.change > 0 }.map(\.index) == [0, 2])
        // The largest drops: "food," "price" "bad" all drop P(negative) from 0.6 to 0.5.
        #expect(analysis.decisiveWords().map(\.index) == [1, 3, 4])
        #expect(analysis.decisiveWords(limit: 1).map(\.index) == [1])
        #expect(analysis.words(flippingTo: 1).isEmpty)
        // A one-word text has no shorter variant to score.
        let single = try OcclusionAnalysis(text: "good") { texts in texts.map { _ in [0.2, 0.8] } }
        #expect(single.words.isEmpty && single.prediction == 1)
        // A scorer that returns the wrong number of rows is refused.
        #expect(throws: TrainingError.self) { try OcclusionAnalysis(text: "a b c") { _ in [[0.5, 0.5]] } }
    }

    @Test func mistakesAreSortedByConfidenceAndOnlyTheFirstAreAnalysed() throws {
        let texts = ["a b", "c d", "e f", "g h", "i j"]
        let truths = [0, 1, 1, 0, 1]
        let probabilities: [[Float]] = [[0.9, 0.1], [0.7, 0.3], [0.2, 0.8], [0.05, 0.95], [0.6, 0.4]]
        var analysed: [String] = []
        let analysis = try MistakeAnalysis(
            labels: ["negative", "positive"], texts: texts, truths: truths, probabilities: probabilities, limit: 2
        ) { text in
            analysed.append(text)
            // Removing the first word flips "g h" to negative; nothing flips "c d".
            return try OcclusionAnalysis(text: text) { variants in
                variants.map { $0 == "h" ? [0.7, 0.3] : text == "g h" ? [0.05, 0.95] : [0.7, 0.3] }
            }
        }
        #expect(analysis.total == 5)
        #expect(analysis.mistakes.map(\.text) == ["g h", "c d", "i j"])
        #expect(analysis.mistakes.map(\.prediction) == [1, 0, 0])
        #expect(analysed == ["g h", "c d"])
        #expect(analysis.analysed.count == 2 && analysis.mistakes[2].occlusion == nil)
        #expect(abs(analysis.meanConfidence - Double(Float(0.95) + 0.7 + 0.6) / 3) < 1e-6)
        #expect(analysis.mistakes[0].wordsFlippingToTruth.map(\.text) == ["g"])
        #expect(analysis.flippedByOneWord == 1)
        #expect(throws: TrainingError.self) {
            try MistakeAnalysis(labels: ["negative", "positive"], texts: texts, truths: [0], probabilities: probabilities, limit: 1) {
                try OcclusionAnalysis(text: $0) { $0.map { _ in [0.5, 0.5] } }
            }
        }
    }
}
