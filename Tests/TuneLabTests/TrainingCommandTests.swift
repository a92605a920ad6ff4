import Foundation
import Testing
import TuneLab

/// A lab with a tiny word-level GPT `m` (1 block, width 16, context 16) made from the
/// shipped corpus: small enough that every training command runs in a moment.
func tinyModelLab(seed: UInt64 = 0) -> TestLab {
    let lab = TestLab()
    lab.session.seed = seed
    lab.run("model new m preset=tiny layers=1 width=16 heads=2 context=16")
    return lab
}

/// Runs `line` with a stop request that turns true after `steps` polls (a simulated Ctrl-C).
func runStopping(_ line: String, in lab: TestLab, afterPolls steps: Int) throws -> String {
    var polls = 0
    let context = CommandContext(session: lab.session, output: lab.buffer.output, registry: lab.registry, lessons: lab.navigator,
                                 shouldStop: { polls += 1; return polls > steps })
    let invocation = try #require(try CommandParser(registry: lab.registry, session: lab.session).parse(line))
    lab.buffer.reset()
    try invocation.spec.action(invocation, context)
    return lab.buffer.text
}

@Suite(.serialized) struct TrainingCommandTests {
    @Test func modelNewBuildsATokenizerAndAnUntrainedLossNearLnV() throws {
        let lab = tinyModelLab()
        let vocabulary = try #require(lab.session.value(at: ["m", "vocabularySize"]))
        #expect(vocabulary > 1000)
        let result = lab.run("eval m on corpus as before")
        #expect(result.ok, "\(result.text)")
        let loss = try #require(lab.session.value(at: ["before", "loss"]))
        #expect(abs(loss - log(vocabulary)) < 0.1)
        #expect(try #require(lab.session.value(at: ["before", "baseline"])) < loss)
    }

    @Test func trainPublishesTheRunsNumbers() throws {
        let lab = tinyModelLab()
        let result = lab.run("train m on corpus steps=12 eval=4 lr=3e-3 as r1")
        #expect(result.ok, "\(result.text)")
        #expect(result.text.contains("train loss"))
        #expect(lab.session.value(at: ["r1", "steps"]) == 12)
        #expect(lab.session.value(at: ["m", "steps"]) == 12)
        let first = try #require(lab.session.value(at: ["r1", "first", "trainLoss"]))
        let final = try #require(lab.session.value(at: ["r1", "final", "trainLoss"]))
        #expect(final < first)
        #expect(lab.session.value(at: ["r1", "best", "step"]) != nil)
        #expect(lab.session.value(at: ["r1", "diverged"]) == 0)
        let gap = try #require(lab.session.value(at: ["r1", "gap"]))
        let validation = try #require(lab.session.value(at: ["r1", "final", "valLoss"]))
        #expect(abs(gap - (validation - final)) < 1e-4)
    }

    @Test func sameSeedSameNumbers() throws {
        var losses: [Double] = []
        for _ in 0..<2 {
            let lab = tinyModelLab(seed: 5)
            #expect(lab.run("train m on corpus steps=6 eval=3 as r1").ok)
            losses.append(try #require(lab.session.value(at: ["r1", "final", "valLoss"])))
        }
        #expect(losses[0] == losses[1])
        let other = tinyModelLab(seed: 6)
        #expect(other.run("train m on corpus steps=6 eval=3 as r1").ok)
        #expect(other.session.value(at: ["r1", "final", "valLoss"]) != losses[0])
    }

    @Test func badInputsSayWhatIsWrong() throws {
        let lab = tinyModelLab()
        let negative = lab.run("train m on corpus lr=-1")
        #expect(!negative.ok)
        #expect(negative.text.contains("lr expects a number > 0"))
        let unknown = lab.run("train nosuch on corpus")
        #expect(!unknown.ok)
        #expect(unknown.text.contains("nosuch"))
        let zero = lab.run("train m on corpus steps=0")
        #expect(!zero.ok)
        #expect(zero.text.contains("steps expects a whole number from 1"))
        let both = lab.run("train m on corpus steps=3 epochs=2")
        #expect(both.text.contains("choose one"))
        let wrongKind = lab.run("train m on films steps=2")
        #expect(!wrongKind.ok)
        #expect(wrongKind.text.contains("labelled dataset"))
        let noData = lab.run("train m on nodata steps=2")
        #expect(noData.text.contains("no shipped dataset"))
        let sweep = lab.run("sweep m on corpus lr=1e-3,abc steps=2")
        #expect(!sweep.ok)
        #expect(sweep.text.contains("abc is not accepted"))
        #expect(sweep.text.contains("lr"))
        let layer = lab.run("attention m \"the film was good\" layer=3")
        #expect(layer.text.contains("has 1 layer"))
    }

    @Test func ctrlCStopsCleanlyAndKeepsTheHistory() throws {
        let lab = tinyModelLab()
        let text = try runStopping("train m on corpus steps=50 eval=2 as r1", in: lab, afterPolls: 4)
        #expect(text.contains("Stopped by Ctrl-C after 4 steps"))
        #expect(lab.session.value(at: ["r1", "steps"]) == 4)
        #expect(lab.session.value(at: ["m", "steps"]) == 4)
        #expect(lab.session.value(at: ["r1", "final", "valLoss"]) != nil)
    }

    @Test func stepPrintsTheLossRateAndGradients() throws {
        let lab = tinyModelLab()
        let result = lab.run("step m 2 lr=1e-3")
        #expect(result.ok, "\(result.text)")
        #expect(result.text.contains("step 1  loss"))
        #expect(result.text.contains("step 2  loss"))
        #expect(result.text.contains("grad norm"))
        #expect(result.text.contains("update/weight"))
        #expect(lab.session.value(at: ["m", "steps"]) == 2)
        #expect(lab.run("grads m").text.contains("Last step: 2"))
    }

    @Test func divergenceAtAHugeRateIsNamed() throws {
        let lab = tinyModelLab()
        #expect(lab.run("train m on corpus steps=30 lr=50 clip=0 eval=10 as hot").ok)
        let exploded = try #require(lab.session.value(at: ["hot", "exploding"]))
        #expect(exploded == 1)
        let diagnosis = lab.run("diagnose hot")
        #expect(diagnosis.ok)
        #expect(diagnosis.text.contains("Diverged") || diagnosis.text.contains("Exploding"))
        #expect(diagnosis.text.contains("learning rate"))
    }

    @Test func promptShapedFineTuningStartsFromZeroShotAndMatchesItsScratchTwin() throws {
        let lab = tinyModelLab()
        #expect(lab.run("data subset films as few per_label=4").ok)
        // Before any step, the prompted classifier answers as zero-shot prompting does.
        #expect(lab.run("classifier new judge0 from m prompt=yes").ok)
        let before = lab.run("eval judge0 on films as start")
        #expect(before.ok, "\(before.text)")
        #expect(lab.run("zeroshot m on films as zs").ok)
        #expect(lab.session.value(at: ["start", "accuracy"]) == lab.session.value(at: ["zs", "accuracy"]))
        let tuned = lab.run("finetune m on few prompt=yes lr=3e-4 epochs=2 as judge run=p1")
        #expect(tuned.ok, "\(tuned.text)")
        #expect(tuned.text.contains("Overall, it was"))
        let twin = lab.run("classifier new fresh from scratch like=m prompt=yes")
        #expect(twin.ok, "\(twin.text)")
        #expect(twin.text.contains("last pooling"))
        #expect(lab.run("train fresh on few lr=3e-4 epochs=2 as p2").ok)
        let clash = lab.run("finetune m on few prompt=yes pool=mean as other")
        #expect(!clash.ok)
        #expect(clash.text.contains("pool=mean"))
        let reshape = lab.run("finetune judge on few prompt=yes epochs=1")
        #expect(!reshape.ok)
        #expect(reshape.text.contains("prompt="))
    }

    @Test func classifierFinetuneEvalAndZeroShot() throws {
        let lab = tinyModelLab()
        #expect(lab.run("data load films").ok)
        #expect(lab.run("data subset films as few per_label=4").ok)
        let tuned = lab.run("finetune m on few strategy=head epochs=2 as probe run=f1")
        #expect(tuned.ok, "\(tuned.text)")
        #expect(tuned.text.contains("trainable"))
        #expect(lab.session.value(at: ["probe", "parameters", "trainable"]) == 34)  // head: 2 × 16 weights + 2 biases
        #expect(lab.session.value(at: ["f1", "test", "accuracy"]) != nil)
        let evaluation = lab.run("eval probe on restaurants as cross")
        #expect(evaluation.ok, "\(evaluation.text)")
        #expect(evaluation.text.contains("true \\ predicted"))
        #expect(lab.session.value(at: ["cross", "count"]) == 100)
        let prompt = lab.run("zeroshot m on few shots=1")
        #expect(prompt.ok, "\(prompt.text)")
        let accuracy = try #require(lab.session.value(at: ["few_1shot", "accuracy"]))
        #expect(accuracy >= 0 && accuracy <= 1)
        let wrongModel = lab.run("zeroshot probe on few")
        #expect(wrongModel.text.contains("classifier"))
        let scratch = lab.run("classifier new fresh from scratch like=m")
        #expect(scratch.ok, "\(scratch.text)")
        #expect(lab.run("train fresh on few epochs=1 as f2").ok)
        #expect(!lab.run("train fresh on corpus epochs=1").ok)
        let lora = lab.run("finetune m on few strategy=lora rank=2 epochs=1 as adapted run=f3")
        #expect(lora.ok, "\(lora.text)")
        #expect(lora.text.contains("LoRA"))
    }

    @Test func experimentsSweepCompareLRFindPlotAttention() throws {
        let lab = tinyModelLab()
        let sweep = lab.run("sweep m on corpus lr=1e-3,1e-2 steps=4 eval=2")
        #expect(sweep.ok, "\(sweep.text)")
        #expect(lab.session.value(at: ["s1", "steps"]) == 4)
        #expect(abs((lab.session.value(at: ["s2", "learningRate"]) ?? 0) - 0.01) < 1e-6)
        #expect(lab.session.value(at: ["sweep1", "runs"]) == 2)
        #expect(lab.session.value(at: ["m", "steps"]) == 0)  // the sweep trains copies
        #expect(lab.run("compare s1 s2").text.contains("best val"))
        let finder = lab.run("lrfind m on corpus steps=12 from=1e-4 to=10")
        #expect(finder.ok, "\(finder.text)")
        #expect(lab.session.value(at: ["m_lr", "suggested"]) != nil)
        #expect(lab.session.value(at: ["m_lr", "spread"]) != nil)
        let file = temporaryFolder().appendingPathComponent("loss.svg")
        #expect(lab.run("plot s1 file=\(file.path)").ok)
        #expect(try String(contentsOf: file, encoding: .utf8).contains("<svg"))
        let attention = lab.run("attention m \"the soup was cold .\"")
        #expect(attention.ok, "\(attention.text)")
        #expect(lab.session.value(at: ["attn", "tokens"]) == 5)
        #expect(lab.run("sample m length=5 seed=1").ok)
    }

    @Test func anExplodingRunPutsTheOverlayOnALogAxis() throws {
        let lab = tinyModelLab()
        let sweep = lab.run("sweep m on corpus lr=1e-3,50 steps=6 eval=2 clip=0 warmup=0 as hot")
        #expect(sweep.ok, "\(sweep.text)")
        #expect(lab.session.value(at: ["hot2", "exploding"]) == 1)
        #expect(sweep.text.contains("log scale"))
        let calm = lab.run("sweep m on corpus lr=1e-3,2e-3 steps=4 eval=2 as calm")
        #expect(calm.ok)
        #expect(!calm.text.contains("log scale"))
    }

    @Test func saveAndLoadGiveTheSameLoss() throws {
        let lab = tinyModelLab()
        #expect(lab.run("train m on corpus steps=3 eval=3").ok)
        let folder = temporaryFolder().appendingPathComponent("m")
        #expect(lab.run("model save m \(folder.path)").ok)
        #expect(lab.run("model load m2 \(folder.path)").ok)
        #expect(lab.run("eval m on corpus as a").ok)
        #expect(lab.run("eval m2 on corpus as b").ok)
        #expect(lab.session.value(at: ["a", "loss"]) == lab.session.value(at: ["b", "loss"]))
        #expect(lab.run("model load m3 /nonexistent/folder").text.contains("does not exist"))
    }

    @Test func everyExampleParses() throws {
        let registry = CommandRegistry.standard()
        let parser = CommandParser(registry: registry, session: nil, checksFiles: false)
        for verb in ["model", "classifier", "train", "step", "eval", "sample", "zeroshot", "finetune", "attention", "mistakes",
                     "diagnose", "lrfind", "sweep", "compare", "plot"] {
            let spec = try #require(registry.command(named: verb))
            for example in spec.examples { _ = try parser.parse(example) }
        }
    }
}
