import Foundation
import Testing
import TuneLab
import TuneModels

/// Mean and sample sd (n − 1) of `values`, computed by hand for the tests.
func handMeanSD(_ values: [Double]) -> (mean: Double, sd: Double) {
    let mean = values.reduce(0, +) / Double(values.count)
    return (mean, (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)).squareRoot())
}

/// Expects NAME.mean.M and NAME.sd.M of `lab` to be the hand-computed mean and sample sd of
/// NAME.run.K.M for K = 1…count, min and max to match, and returns the per-seed values.
@discardableResult
func expectSummary(_ name: String, _ measure: [String], count: Int, in lab: TestLab) throws -> [Double] {
    let values = try (1...count).map { try #require(lab.session.value(at: [name, "run", String($0)] + measure)) }
    let (mean, sd) = handMeanSD(values)
    #expect(abs(try #require(lab.session.value(at: [name, "mean"] + measure)) - mean) < 1e-12)
    #expect(abs(try #require(lab.session.value(at: [name, "sd"] + measure)) - sd) < 1e-12)
    #expect(lab.session.value(at: [name, "min"] + measure) == values.min())
    #expect(lab.session.value(at: [name, "max"] + measure) == values.max())
    return values
}

/// `zeroshot ... shots=k seeds=N` and `sweep ... seeds=N` on the tiny model of `tinyModelLab`.
@Suite(.serialized) struct SeedStudyCommandTests {
    @Test func zeroshotSeedsDrawOtherExamplesAndSummariseThem() throws {
        let lab = tinyModelLab()
        let result = lab.run("zeroshot m on films shots=1 seeds=3 as z")
        #expect(result.ok, "\(result.text)")
        #expect(lab.session.value(at: ["z", "seeds"]) == 3)
        let values = try expectSummary("z", ["accuracy"], count: 3, in: lab)
        try expectSummary("z", ["recall", "positive"], count: 3, in: lab)
        // Each seed is the ordinary one-shot prompt with that seed.
        for seed in 0..<3 {
            #expect(lab.run("zeroshot m on films shots=1 seed=\(seed) as o\(seed)").ok)
            #expect(lab.session.value(at: ["o\(seed)", "accuracy"]) == values[seed])
            #expect(result.text.contains("  seed \(seed)  accuracy"))
        }
        #expect(result.text.contains("(mean ± sample sd)"))
        #expect(try CheckExpression(parsing: "z.mean.accuracy >= z.min.accuracy and z.run.3.seed == 2").evaluate(in: lab.session).passed)
    }

    @Test func zeroshotWithoutShotsSaysSeedsChangeNothing() {
        let lab = tinyModelLab()
        let refused = lab.run("zeroshot m on films seeds=3 as z")
        #expect(!refused.ok)
        #expect(refused.text.contains("seeds=3") && refused.text.contains("shots=0") && refused.text.contains("same accuracy"), "\(refused.text)")
        #expect(lab.session.object(named: "z") == nil)
        for value in ["0", "21", "x"] {
            let bad = lab.run("zeroshot m on films shots=1 seeds=\(value)")
            #expect(!bad.ok && bad.text.contains("seeds expects a whole number from 1 to 20"), "\(bad.text)")
        }
    }

    @Test func ctrlCBetweenZeroshotSeedsKeepsTheFinishedOnes() throws {
        // Prompt scoring does not poll inside a seed, so the first poll is between seeds 1 and 2.
        let lab = tinyModelLab()
        let text = try runStopping("zeroshot m on films shots=1 seeds=3 as z", in: lab, afterPolls: 0)
        #expect(text.contains("Stopped by Ctrl-C after 1 of 3 seeds"), "\(text)")
        #expect(lab.session.value(at: ["z", "seeds"]) == 1)
        #expect(lab.session.value(at: ["z", "mean", "accuracy"]) == lab.session.value(at: ["z", "run", "1", "accuracy"]))
        #expect(lab.session.value(at: ["z", "sd", "accuracy"]) == nil)
    }

    @Test func sweepSeedsCompareSettingsByTheirMean() throws {
        let lab = tinyModelLab()
        #expect(lab.run("data subset films as few per_label=4").ok)
        let result = lab.run("sweep m on few lr=1e-3,1e-2 epochs=2 seeds=2 as sw")
        #expect(result.ok, "\(result.text)")
        #expect(lab.session.value(at: ["sw", "settings"]) == 2)
        #expect(lab.session.value(at: ["sw", "seeds"]) == 2)
        #expect(lab.session.value(at: ["sw", "runs"]) == 4)
        var means: [Double] = []
        for study in ["sw1", "sw2"] {
            try expectSummary(study, ["bestValAccuracy"], count: 2, in: lab)
            try expectSummary(study, ["bestValLoss"], count: 2, in: lab)
            means.append(try #require(lab.session.value(at: [study, "mean", "bestValAccuracy"])))
        }
        // The best setting has the higher mean validation accuracy (the first on a tie).
        let best = means[1] > means[0] ? 2.0 : 1.0
        #expect(lab.session.value(at: ["sw", "best", "index"]) == best)
        #expect(lab.session.value(at: ["sw", "best", "valAccuracy"]) == means[Int(best) - 1])
        // Each seed of a setting is the ordinary sweep of that setting at that session seed.
        let other = tinyModelLab()
        #expect(other.run("data subset films as few per_label=4").ok)
        #expect(other.run("seed 1").ok)
        #expect(other.run("sweep m on few lr=1e-3 epochs=2 as one").ok)
        #expect(other.session.value(at: ["one1", "best", "valAccuracy"]) == lab.session.value(at: ["sw1", "run", "2", "bestValAccuracy"]))
        #expect(other.session.value(at: ["one1", "best", "valLoss"]) == lab.session.value(at: ["sw1", "run", "2", "bestValLoss"]))
        #expect(result.text.contains("mean ± sample sd over 2 seeds"))
        #expect(result.text.contains("lr=0.01"))
        // The table fits 80 columns without cutting a setting.
        let rows = result.text.split(separator: "\n").filter { $0.hasPrefix("sw1 ") || $0.hasPrefix("sw2 ") || $0.hasPrefix("study") }
        #expect(rows.count == 3 && rows.allSatisfy { $0.count <= 80 && !$0.contains("…") }, "\(result.text)")
        #expect(result.text.contains("Best by mean best validation accuracy"))
        #expect(lab.session.value(at: ["m", "steps"]) == 0)
    }

    @Test func sweepSeedsRefuseBadInput() {
        let lab = tinyModelLab()
        for value in ["0", "21"] {
            let bad = lab.run("sweep m on corpus lr=1e-3,1e-2 steps=2 seeds=\(value)")
            #expect(!bad.ok && bad.text.contains("seeds expects a whole number from 1 to 20"), "\(bad.text)")
        }
        let tooMany = lab.run("sweep m on corpus lr=1e-3,2e-3,3e-3,4e-3 steps=2 seeds=20")
        #expect(!tooMany.ok && tooMany.text.contains("seeds=20") && tooMany.text.contains("at most 60"), "\(tooMany.text)")
        let both = lab.run("sweep m on corpus lr=1e-3 steps=2 seed=1 seeds=2")
        #expect(!both.ok && both.text.contains("seed= and seeds="), "\(both.text)")
    }
}
