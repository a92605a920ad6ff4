import Testing
import TuneLab

/// `eval CLASSIFIER on CORPUS`: a fine-tuned trunk scored as the language model it was,
/// beside the model it started from (catastrophic forgetting, measured).
@Suite struct ForgettingTests {
    @Test func aFrozenTrunkKeepsItsLossAndAFullyTrainedOneMovesIt() throws {
        let lab = tinyModelLab()
        #expect(lab.run("data subset films as few per_label=4").ok)
        let start = lab.run("eval m on corpus as m_lang")
        #expect(start.ok, "\(start.text)")
        let startLoss = try #require(lab.session.value(at: ["m_lang", "loss"]))

        #expect(lab.run("finetune m on few strategy=head epochs=2 as probe run=f1").ok)
        let probe = lab.run("eval probe on corpus as probe_lang")
        #expect(probe.ok, "\(probe.text)")
        #expect(probe.text.contains("probe's trunk") && probe.text.contains("m, where it started"))
        #expect(probe.text.contains("Exactly m's loss"))
        #expect(lab.session.value(at: ["probe_lang", "change"]) == 0)
        #expect(lab.session.value(at: ["probe_lang", "loss"]) == startLoss)  // the same windows of the same text

        #expect(lab.run("finetune m on few lr=1e-2 epochs=3 as tuned run=f2").ok)
        let tuned = lab.run("eval tuned on corpus as tuned_lang")
        #expect(tuned.ok, "\(tuned.text)")
        let change = try #require(lab.session.value(at: ["tuned_lang", "change"]))
        let loss = try #require(lab.session.value(at: ["tuned_lang", "loss"]))
        #expect(change != 0)
        #expect(abs(loss - startLoss - change) < 1e-6)
        #expect(lab.session.value(at: ["tuned_lang", "source"]) == startLoss)
        #expect(tuned.text.contains(change > 0 ? "raised the loss" : "lowered the loss"))
        #expect(tuned.text.contains(Self.verdict(lab, "tuned_lang")))
    }

    /// The sentence `eval` should print for a trunk's result, from its published numbers.
    static func verdict(_ lab: TestLab, _ name: String) -> String {
        let loss = lab.session.value(at: [name, "loss"]) ?? .nan
        let change = lab.session.value(at: [name, "change"]) ?? .nan
        if change <= 0 { return change == 0 ? "Exactly" : "lowered the loss" }
        if loss > lab.session.value(at: [name, "uniform"]) ?? .infinity { return "worse than a uniform guess" }
        if loss > lab.session.value(at: [name, "baseline"]) ?? .infinity { return "worse than word frequencies alone" }
        return "forgot part of the language"
    }

    @Test func aRateFarTooLargeIsToldApartFromMildForgetting() throws {
        let lab = tinyModelLab()
        #expect(lab.run("data subset films as few per_label=4").ok)
        #expect(lab.run("finetune m on few lr=1 clip=0 epochs=4 as wrecked run=f1").ok)
        let wrecked = lab.run("eval wrecked on corpus as wrecked_lang")
        #expect(wrecked.ok, "\(wrecked.text)")
        let loss = try #require(lab.session.value(at: ["wrecked_lang", "loss"]))
        let baseline = try #require(lab.session.value(at: ["wrecked_lang", "baseline"]))
        print("a trunk fine-tuned at lr=1: loss \(loss), unigram baseline \(baseline)")
        #expect(loss > baseline)  // at this rate nothing of the language survives
        #expect(wrecked.text.contains(Self.verdict(lab, "wrecked_lang")))
        #expect(!wrecked.text.contains("forgot part of the language"))
    }

    @Test func loraAdaptersCanBeLeftOutAndComeBack() throws {
        let lab = tinyModelLab()
        #expect(lab.run("data subset films as few per_label=4").ok)
        #expect(lab.run("finetune m on few strategy=lora rank=2 lr=1e-2 epochs=3 as adapted run=f1").ok)
        #expect(lab.run("eval adapted on corpus as with").ok)
        let off = lab.run("eval adapted on corpus adapters=off as without")
        #expect(off.ok, "\(off.text)")
        #expect(off.text.contains("adapters off"))
        #expect(lab.session.value(at: ["without", "change"]) == 0)  // the base weights never moved
        #expect(lab.session.value(at: ["with", "change"]) != 0)
        // The adapters are back after scoring without them.
        #expect(lab.run("eval adapted on corpus as again").ok)
        #expect(lab.session.value(at: ["again", "loss"]) == lab.session.value(at: ["with", "loss"]))
    }

    @Test func misusedKeysAreRefusedWithTheReason() throws {
        let lab = tinyModelLab()
        #expect(lab.run("data subset films as few per_label=4").ok)
        #expect(lab.run("finetune m on few strategy=head epochs=1 as probe run=f1").ok)
        let noAdapters = lab.run("eval probe on corpus adapters=off")
        #expect(!noAdapters.ok && noAdapters.text.contains("has no LoRA adapters"))
        let testSplit = lab.run("eval probe on corpus split=test")
        #expect(!testSplit.ok && testSplit.text.contains("split=test") && testSplit.text.contains("validation"))
        let notText = lab.run("eval probe on few adapters=off")
        #expect(!notText.ok && notText.text.contains("adapters= applies"))
        // A scratch classifier has no model to compare with, and is still scored.
        #expect(lab.run("classifier new fresh from scratch like=m").ok)
        let scratch = lab.run("eval fresh on corpus as fresh_lang")
        #expect(scratch.ok, "\(scratch.text)")
        #expect(lab.session.value(at: ["fresh_lang", "change"]) == nil)
        #expect(lab.session.value(at: ["fresh_lang", "loss"]) != nil)
    }
}
