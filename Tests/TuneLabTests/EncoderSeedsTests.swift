import Foundation
import Testing
import TuneLab
import TuneModels

/// `encoder probe ... seeds=N` and `encoder finetune ... seeds=N` with the real MiniLM model,
/// on the 8 sentences of `few` (the lab of `PretrainedCommandTests.lab()`).
@Suite("encoder seeds", .serialized)
struct EncoderSeedsTests {
    @Test("probe seeds=3: each seed is the probe with seed=S; mean and sd are those of the seeds")
    func probeSeeds() throws {
        let lab = try PretrainedCommandTests.lab()
        let result = lab.run("encoder probe mini on few epochs=20 eval=12 seeds=3 as ps")
        #expect(result.ok, "\(result.text)")
        #expect(lab.session.value(at: ["ps", "seeds"]) == 3)
        let accuracies = try expectSummary("ps", ["accuracy"], count: 3, in: lab)
        let trained = try expectSummary("ps", ["trainAccuracy"], count: 3, in: lab)
        try expectSummary("ps", ["recall", "positive"], count: 3, in: lab)
        try expectSummary("ps", ["loss", "final"], count: 3, in: lab)
        for seed in 0..<3 {
            #expect(lab.run("encoder probe mini on few epochs=20 eval=12 seed=\(seed) as p\(seed)").ok)
            #expect(lab.session.value(at: ["p\(seed)", "accuracy"]) == accuracies[seed])
            #expect(lab.session.value(at: ["p\(seed)", "trainAccuracy"]) == trained[seed])
            #expect(lab.session.value(at: ["ps", "run", String(seed + 1), "seed"]) == Double(seed))
        }
        #expect(result.text.contains("(mean ± sample sd)"), "\(result.text)")
        #expect(try CheckExpression(parsing: "ps.mean.trainAccuracy >= ps.min.trainAccuracy and ps.sd.accuracy >= 0").evaluate(in: lab.session).passed)
        // A study has no single accuracy: the check names the closest path.
        let single = try CheckExpression(parsing: "ps.accuracy > 0.5").evaluate(in: lab.session)
        #expect(!single.passed)
    }

    @Test("finetune seeds=2: mean and sd of the seeds; the first seed's model is kept as NAME_model")
    func fineTuneSeeds() throws {
        let lab = try PretrainedCommandTests.lab()
        let result = lab.run("encoder finetune mini on few strategy=lora rank=4 epochs=1 batch=8 eval=8 seeds=2 as fts")
        #expect(result.ok, "\(result.text)")
        #expect(lab.session.value(at: ["fts", "seeds"]) == 2)
        let accuracies = try expectSummary("fts", ["accuracy"], count: 2, in: lab)
        try expectSummary("fts", ["loss", "first"], count: 2, in: lab)
        #expect(lab.session.value(at: ["fts_model", "accuracy"]) == accuracies[0])
        #expect(lab.session.value(at: ["fts_model", "parameters", "trainable"]) == Double(6 * 2 * (4 * 384 * 2) + 2 * 384 + 2))
        #expect(lab.run("params fts_model").ok)
        #expect(lab.run("encoder finetune mini on few strategy=lora rank=4 epochs=1 batch=8 eval=8 seed=1 as one").ok)
        #expect(lab.session.value(at: ["one", "accuracy"]) == accuracies[1])
        #expect(lab.session.value(at: ["fts", "run", "2", "loss", "first"]) == lab.session.value(at: ["one", "loss", "first"]))
    }

    @Test("bad seeds= and save= with seeds= say what is wrong")
    func badSeeds() throws {
        let lab = try PretrainedCommandTests.lab()
        for action in ["probe mini on few", "finetune mini on few epochs=1", "fewshot mini on few"] {
            for value in ["0", "21", "2.5"] {
                let bad = lab.run("encoder \(action) seeds=\(value) as bad")
                #expect(!bad.ok && bad.text.contains("seeds expects a whole number from 1 to 20"), "\(bad.text)")
            }
        }
        let save = lab.run("encoder finetune mini on few epochs=1 seeds=2 save=/tmp/x")
        #expect(!save.ok && save.text.contains("save=") && save.text.contains("seed="), "\(save.text)")
        #expect(lab.session.object(named: "bad") == nil)
    }

    @Test("Ctrl-C between probe seeds keeps the seeds that finished")
    func ctrlCBetweenProbeSeeds() throws {
        // Polls of the first seed alone: embedding (nothing cached yet) and training.
        var polls = 0
        let counting = try PretrainedCommandTests.lab()
        let context = CommandContext(session: counting.session, output: counting.buffer.output, registry: counting.registry,
                                     lessons: counting.navigator, shouldStop: { polls += 1; return false })
        let invocation = try #require(try CommandParser(registry: counting.registry, session: counting.session)
            .parse("encoder probe mini on few epochs=20 eval=12 seed=0 as one"))
        try invocation.spec.action(invocation, context)
        let stopped = try PretrainedCommandTests.lab()
        let text = try runStopping("encoder probe mini on few epochs=20 eval=12 seeds=3 as ps", in: stopped, afterPolls: polls)
        #expect(text.contains("Stopped by Ctrl-C after 1 of 3 seeds"), "\(text)")
        #expect(stopped.session.value(at: ["ps", "seeds"]) == 1)
        #expect(stopped.session.value(at: ["ps", "run", "1", "accuracy"]) == counting.session.value(at: ["one", "accuracy"]))
        #expect(stopped.session.value(at: ["ps", "sd", "accuracy"]) == nil)
    }
}
