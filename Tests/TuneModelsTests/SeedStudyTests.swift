import Testing
import TuneModels

/// `SeedStudy`: per-seed numbers and their summaries, by check path.
@Suite struct SeedStudyTests {
    @Test func summariesAreTheHandComputedMeanAndSampleSD() throws {
        var study = SeedStudy(measures: ["accuracy", "loss.final"])
        let accuracies = [0.70, 0.58, 0.70, 0.73, 0.66]
        for (offset, accuracy) in accuracies.enumerated() {
            study.record(seed: UInt64(3 + offset), values: ["accuracy": accuracy, "loss.final": Double(offset), "ignored": 9])
        }
        // 67.4 and √(135.2 / 4) = 5.81 points, by hand from the five values above.
        let mean = try #require(study.value(at: ["mean", "accuracy"]))
        let sd = try #require(study.value(at: ["sd", "accuracy"]))
        #expect(abs(mean - 0.674) < 1e-12)
        #expect(abs(sd - (0.01352 / 4).squareRoot()) < 1e-12)
        #expect(study.value(at: ["min", "accuracy"]) == 0.58)
        #expect(study.value(at: ["max", "accuracy"]) == 0.73)
        // Measures with a dot are several path parts; runs count from 1.
        #expect(study.value(at: ["mean", "loss", "final"]) == 2)
        #expect(study.value(at: ["run", "2", "loss", "final"]) == 1)
        #expect(study.value(at: ["run", "5", "seed"]) == 7)
        #expect(study.value(at: ["firstSeed"]) == 3)
        #expect(study.value(at: ["seeds"]) == 5)
        #expect(study.value(at: ["mean", "ignored"]) == nil)
        #expect(study.value(at: ["run", "6", "accuracy"]) == nil)
        #expect(study.publishedPaths.contains(["sd", "loss", "final"]))
    }

    @Test func aRunWithoutAMeasureOrWithANonFiniteOneIsLeftOutOfItsSummary() {
        var study = SeedStudy(measures: ["testAccuracy", "bestValLoss"])
        study.record(seed: 0, values: ["testAccuracy": 0.6, "bestValLoss": 0.5])
        study.record(seed: 1, values: ["bestValLoss": .nan])
        #expect(study.value(at: ["mean", "testAccuracy"]) == 0.6)
        #expect(study.value(at: ["sd", "testAccuracy"]) == nil)  // one value: no sample sd
        #expect(study.values(of: "bestValLoss") == [0.5])
        #expect(study.value(at: ["seeds"]) == 2)
    }
}
