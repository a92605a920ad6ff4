import Foundation
import Testing
import TuneEngine
import TuneModels
import TuneText

/// The measured results of the data-and-models issue, each asserting its target.
/// One pre-trained model is shared by the suite (and cached on disk between runs).
@Suite(.serialized) struct ExperimentTests {
    func base() throws -> LanguageModel { try SharedPretrainedModel.model.get() }

    @Test func pretrainingBeatsTheUnigramBaselineWithinSixtySeconds() throws {
        // Measured afresh, not from the cache: time and losses of one run.
        let result = try SharedPretrainedModel.recipe.run(datasets: projectDatasets)
        print("pre-training: \(String(format: "%.1f", result.seconds)) s, validation loss \(result.validationLoss) "
            + "(perplexity \(result.validationPerplexity)), unigram baseline \(result.unigramBaseline), "
            + "initial \(result.initialValidationLoss), \(result.trainingTokens) training tokens")
        #expect(result.seconds <= 60)
        // "Clearly below": at least 0.5 nats per token under the baseline.
        #expect(result.validationLoss < result.unigramBaseline - 0.5)
    }

    @Test func pretrainedFineTuningBeatsScratchByTenPoints() throws {
        let comparison = try SentimentExperiments.pretrainedVersusScratch(
            base: try base(), datasets: projectDatasets, domain: "films")
        for run in comparison.runs {
            print("films, 64 examples, seed \(run.seed): pre-trained \(run.pretrained), scratch \(run.scratch)")
        }
        print("mean: pre-trained \(comparison.pretrainedMean), scratch \(comparison.scratchMean), advantage \(comparison.advantagePoints) points")
        #expect(comparison.advantagePoints >= 10)
    }

    @Test func zeroShotReachesSixtyPercentInSomeDomain() throws {
        let results = try SentimentExperiments.prompting(base: try base(), datasets: projectDatasets, shots: [0, 1, 4])
        for (domain, row) in zip(ProjectDatasets.domains, results) {
            print("\(domain): zero-shot \(row[0].accuracy), one-shot \(row[1].accuracy), four-shot \(row[2].accuracy)")
        }
        #expect(results.map { $0[0].accuracy }.max()! >= 0.6)
    }

    @Test func fineTuningOnOneDomainShowsTheGapOnOthers() throws {
        let matrix = try SentimentExperiments.domainGap(base: try base(), datasets: projectDatasets)
        for (domain, row) in zip(ProjectDatasets.domains, matrix) { print("trained on \(domain): \(row)") }
        // In-domain accuracy beats the mean out-of-domain accuracy for every domain.
        for (i, row) in matrix.enumerated() {
            let outside = row.enumerated().filter { $0.offset != i }.map(\.element)
            #expect(row[i] > outside.reduce(0, +) / Double(outside.count))
        }
    }
}
