import Foundation
import Testing
import TuneLab
import TuneModels

/// `finetune ... seeds=N` and the Wilson intervals, driven through the shell as a learner
/// types them, on the tiny model of `tinyModelLab`.
@Suite(.serialized) struct SeedsCommandTests {
    /// The tiny lab with `few`, 4 films per label.
    func lab(seed: UInt64 = 0) -> TestLab {
        let lab = tinyModelLab(seed: seed)
        lab.run("data subset films as few per_label=4")
        return lab
    }

    /// How often one ordinary run of `line` asks whether to stop.
    func polls(of line: String, in lab: TestLab) throws -> Int {
        var polls = 0
        let context = CommandContext(session: lab.session, output: lab.buffer.output, registry: lab.registry, lessons: lab.navigator,
                                     shouldStop: { polls += 1; return false })
        let invocation = try #require(try CommandParser(registry: lab.registry, session: lab.session).parse(line))
        try invocation.spec.action(invocation, context)
        return polls
    }

    @Test func threeSeedsGiveThreeRunsWhoseMeanAndSDTheStudyReports() throws {
        let lab = lab()
        let result = lab.run("finetune m on few epochs=2 seeds=3 as j run=js")
        #expect(result.ok, "\(result.text)")
        #expect(lab.session.value(at: ["js", "seeds"]) == 3)
        for seed in 0..<3 { #expect(result.text.contains("  seed \(seed)  best val acc")) }
        #expect(result.text.contains("mean"))
        for measure in ["testAccuracy", "bestValAccuracy"] {
            let values = try (1...3).map { try #require(lab.session.value(at: ["js", "run", String($0), measure])) }
            let mean = values.reduce(0, +) / 3
            let sd = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 2).squareRoot()
            #expect(abs(try #require(lab.session.value(at: ["js", "mean", measure])) - mean) < 1e-12)
            #expect(abs(try #require(lab.session.value(at: ["js", "sd", measure])) - sd) < 1e-12)
            #expect(lab.session.value(at: ["js", "min", measure]) == values.min())
            #expect(lab.session.value(at: ["js", "max", measure]) == values.max())
        }
        #expect((1...3).map { lab.session.value(at: ["js", "run", String($0), "seed"]) } == [0, 1, 2])
        // The classifier NEW is the first seed's, trained once, and later cells can use it.
        let kept = try #require(lab.session.object(named: "j", as: ClassifierObject.self))
        #expect(kept.latestAccuracy == lab.session.value(at: ["js", "run", "1", "testAccuracy"]))
        #expect(lab.session.value(at: ["j", "steps"]) == 2)
        #expect(lab.run("eval j on films as after").ok)
        #expect(lab.session.value(at: ["after", "accuracy"]) == lab.session.value(at: ["js", "run", "1", "testAccuracy"]))
        // The other seeds' classifiers stay out of the session.
        #expect(lab.session.names(of: .model).sorted() == ["j", "m"])
        // A check reads the study like any other result.
        #expect(try CheckExpression(parsing: "js.mean.testAccuracy >= js.min.testAccuracy and js.sd.bestValAccuracy >= 0 and js.run.3.seed == 2")
            .evaluate(in: lab.session).passed)
    }

    @Test func eachSeedEqualsAnOrdinaryFinetuneWithThatSeed() throws {
        let seeded = lab(seed: 5)
        #expect(seeded.run("finetune m on few epochs=2 seeds=2 as j run=js").ok)
        #expect(seeded.session.value(at: ["js", "firstSeed"]) == 5)
        for (index, seed) in [(1, 5), (2, 6)] {
            let ordinary = lab(seed: 5)
            let result = ordinary.run("finetune m on few epochs=2 seed=\(seed) as o run=o")
            #expect(result.ok, "\(result.text)")
            let test = try #require(ordinary.session.value(at: ["o", "test", "accuracy"]))
            #expect(seeded.session.value(at: ["js", "run", String(index), "testAccuracy"]) == test)
            #expect(seeded.session.value(at: ["js", "run", String(index), "bestValAccuracy"]) == ordinary.session.value(at: ["o", "best", "valAccuracy"]))
        }
        // seed= names the first seed (the session seed still draws the subset `few`).
        let typed = lab(seed: 5)
        #expect(typed.run("finetune m on few epochs=2 seeds=2 seed=6 as j run=js").ok)
        #expect(typed.session.value(at: ["js", "firstSeed"]) == 6)
        #expect(typed.session.value(at: ["js", "run", "1", "testAccuracy"]) == seeded.session.value(at: ["js", "run", "2", "testAccuracy"]))
    }

    @Test func fromAClassifierEverySeedStartsFromItsWeights() throws {
        let seeded = lab()
        #expect(seeded.run("classifier new f from scratch like=m").ok)
        let result = seeded.run("finetune f on few epochs=2 seeds=2 run=fs")
        #expect(result.ok, "\(result.text)")
        let ordinary = lab()
        #expect(ordinary.run("classifier new f from scratch like=m").ok)
        #expect(ordinary.run("finetune f on few epochs=2 seed=1 run=o").ok)
        // The second seed trained a copy of f as it was before the first seed trained f itself.
        #expect(seeded.session.value(at: ["fs", "run", "2", "testAccuracy"]) == ordinary.session.value(at: ["o", "test", "accuracy"]))
        #expect(seeded.session.value(at: ["f", "steps"]) == 2)
    }

    @Test func badSeedsSayWhatIsWrong() throws {
        let lab = lab()
        for value in ["0", "x", "21", "2.5"] {
            let result = lab.run("finetune m on few epochs=1 seeds=\(value) as j")
            #expect(!result.ok)
            #expect(result.text.contains("seeds expects a whole number from 1 to 20"), "\(result.text)")
        }
        #expect(lab.session.object(named: "j") == nil)
        let name = lab.run("finetune m on few epochs=1 seeds=2 as j run=few")
        #expect(!name.ok)
        #expect(name.text.contains("few is already a dataset"))
    }

    @Test func ctrlCBetweenSeedsKeepsTheSeedsThatFinished() throws {
        let line = "finetune m on few epochs=2 as j run=js"
        let perRun = try polls(of: line, in: lab())
        // Stop at the first poll after the first seed's run: the check between seeds.
        let stopped = lab()
        let text = try runStopping("finetune m on few epochs=2 seeds=3 as j run=js", in: stopped, afterPolls: perRun)
        #expect(text.contains("Stopped by Ctrl-C after 1 of 3 seeds"), "\(text)")
        #expect(stopped.session.value(at: ["js", "seeds"]) == 1)
        #expect(stopped.session.value(at: ["js", "sd", "testAccuracy"]) == nil)
        #expect(stopped.session.object(named: "j") != nil)
        // Stopped inside the first run: no seed finished, so no study; NEW keeps what it learned.
        let early = lab()
        let earlyText = try runStopping("finetune m on few epochs=2 seeds=3 as j run=js", in: early, afterPolls: 1)
        #expect(earlyText.contains("Stopped by Ctrl-C during seed 0"), "\(earlyText)")
        #expect(earlyText.contains("No seed finished"))
        #expect(early.session.object(named: "js") == nil)
        #expect(early.session.object(named: "j") != nil)
    }

    @Test func accuraciesCarryTheirWilsonInterval() throws {
        let lab = lab()
        let tuned = lab.run("finetune m on few epochs=2 as j run=o")
        #expect(tuned.ok, "\(tuned.text)")
        let test = try #require(lab.session.object(named: "o", as: RunObject.self)?.test)
        let interval = try #require(WilsonInterval(successes: test.correct, trials: test.total))
        #expect(tuned.text.contains("test accuracy \(NumberFormatting.format(test.accuracy, significantDigits: 4)) (\(test.correct) of \(test.total); 95% CI "
            + String(format: "%.2f–%.2f", interval.lower, interval.upper) + ")"))
        #expect(lab.session.value(at: ["o", "test", "accuracyLow"]) == interval.lower)
        #expect(lab.session.value(at: ["o", "test", "accuracyHigh"]) == interval.upper)
        let evaluation = lab.run("eval j on films as e")
        #expect(evaluation.ok, "\(evaluation.text)")
        #expect(evaluation.text.contains("(\(test.correct) of 100; 95% CI "))
        #expect(lab.session.value(at: ["e", "accuracyLow"]) == interval.lower)
        #expect(lab.session.value(at: ["e", "accuracyHigh"]) == interval.upper)
        let prompt = lab.run("zeroshot m on films as z")
        #expect(prompt.ok, "\(prompt.text)")
        #expect(prompt.text.contains("; 95% CI "))
        let low = try #require(lab.session.value(at: ["z", "accuracyLow"]))
        let high = try #require(lab.session.value(at: ["z", "accuracyHigh"]))
        let accuracy = try #require(lab.session.value(at: ["z", "accuracy"]))
        #expect(low < accuracy && accuracy < high)
    }

    @Test func helpNamesSeedsAndItsChecks() {
        let help = lab().run("help finetune")
        #expect(help.text.contains("seeds="))
        #expect(help.text.contains("RUN.mean.testAccuracy"))
    }
}
