import Testing
import TuneLab

/// Continued pre-training on a domain's unlabelled text (`data text`, `model copy`, `train`)
/// and the loss of the domain's own words (`eval ... terms= against=`).
@Suite struct DomainReadingTests {
    @Test func aDatasetsTextDropsTheLabelsAndKeepsTestOut() throws {
        let lab = tinyModelLab()
        let made = lab.run("data text gt from gadgets")
        #expect(made.ok, "\(made.text)")
        #expect(made.text.contains("train 300 sentences") && made.text.contains("validation 100 sentences") && made.text.contains("test sentences stay out"))
        #expect(lab.session.value(at: ["gt", "train", "lines"]) == 300)
        #expect(lab.session.value(at: ["gt", "validation", "lines"]) == 100)
        #expect(lab.session.value(at: ["gt", "test", "lines"]) == nil)
        // A language model trains on it as on any text.
        #expect(lab.run("model copy m m2").ok)
        let trained = lab.run("train m2 on gt steps=3 as adapt")
        #expect(trained.ok, "\(trained.text)")
        #expect(lab.session.value(at: ["m", "steps"]) == 0)  // the original stays as it was
        #expect(lab.session.value(at: ["m2", "steps"]) == 3)
    }

    @Test func termLossesArePublishedBesideTheOtherModel() throws {
        let lab = tinyModelLab()
        #expect(lab.run("data text gt from gadgets").ok)
        #expect(lab.run("model copy m m2").ok)
        #expect(lab.run("train m2 on gt steps=5 lr=1e-2 as adapt").ok)
        let words = lab.run("eval m2 on gt terms=4 against=m as w")
        #expect(words.ok, "\(words.text)")
        #expect(words.text.contains("most distinctive words of gt") && words.text.contains("m2 loss") && words.text.contains("mean of the terms"))
        let count = try #require(lab.session.value(at: ["w", "terms", "count"]))
        #expect(count >= 1 && count <= 4)
        let loss = try #require(lab.session.value(at: ["w", "terms", "loss"]))
        let against = try #require(lab.session.value(at: ["w", "terms", "against"]))
        #expect(abs(try #require(lab.session.value(at: ["w", "terms", "change"])) - (loss - against)) < 1e-12)
        // Listed words: each one's loss and count; before training, m2 was m, so the change was 0.
        #expect(lab.run("model copy m m3").ok)
        let listed = lab.run("eval m3 on gt terms=battery,the against=m as same")
        #expect(listed.ok, "\(listed.text)")
        #expect(lab.session.value(at: ["same", "term", "battery", "count"])! >= 1)
        #expect(lab.session.value(at: ["same", "term", "battery", "loss"]) == lab.session.value(at: ["same", "term", "battery", "against"]))
        #expect(lab.session.value(at: ["same", "terms", "change"]) == 0)
    }

    @Test func badTermsAndModelsSayWhatAndWhere() throws {
        let lab = tinyModelLab()
        #expect(lab.run("data text gt from gadgets").ok)
        let typo = lab.run("eval m on gt terms=batery")
        #expect(!typo.ok && typo.text.contains("batery is not in m's vocabulary") && typo.text.contains("battery"), "\(typo.text)")
        let twoTokens = lab.run("eval m on gt terms=\"the battery\"")
        #expect(!twoTokens.ok && twoTokens.text.contains("tokens for m") && twoTokens.text.contains("single words"), "\(twoTokens.text)")
        let absent = lab.run("eval m on gt terms=soup")
        #expect(!absent.ok && absent.text.contains("soup does not occur in gt's validation text"), "\(absent.text)")
        let zero = lab.run("eval m on gt terms=0")
        #expect(!zero.ok && zero.text.contains("terms=0") && zero.text.contains("from 1 to 40"), "\(zero.text)")
        let empty = lab.run("eval m on gt terms=battery,,screen")
        #expect(!empty.ok && empty.text.contains("separated by commas"), "\(empty.text)")
        let alone = lab.run("eval m on gt against=m")
        #expect(!alone.ok && alone.text.contains("against= goes with terms="), "\(alone.text)")
        let itself = lab.run("eval m on gt terms=3 against=m")
        #expect(!itself.ok && itself.text.contains("the model being scored"), "\(itself.text)")
        let missing = lab.run("eval m on gt terms=3 against=nobody")
        #expect(!missing.ok && missing.text.contains("nobody: no such model"), "\(missing.text)")
        #expect(lab.run("model new c preset=tiny tokens=character").ok)
        let characters = lab.run("eval c on gt terms=3")
        #expect(!characters.ok && characters.text.contains("c reads characters"), "\(characters.text)")
        let otherTokenizer = lab.run("model new m4 preset=tiny min_freq=1")
        #expect(otherTokenizer.ok)
        let mismatch = lab.run("eval m on gt terms=3 against=m4")
        #expect(!mismatch.ok && mismatch.text.contains("another tokenizer"), "\(mismatch.text)")
        #expect(lab.run("data subset gadgets as few per_label=2").ok)
        #expect(lab.run("finetune m on few strategy=head epochs=1 as probe run=f1").ok)
        let classifier = lab.run("eval probe on gt terms=3")
        #expect(!classifier.ok && classifier.text.contains("probe is a classifier"), "\(classifier.text)")
        let labelled = lab.run("eval m on gadgets terms=3")
        #expect(!labelled.ok, "\(labelled.text)")
    }

    @Test func badTextAndCopyRequestsAreRefused() throws {
        let lab = tinyModelLab()
        let noSource = lab.run("data text gt")
        #expect(!noSource.ok && noSource.text.contains("data text gt from films"), "\(noSource.text)")
        let two = lab.run("data text gt from films,gadgets")
        #expect(!two.ok && two.text.contains("one dataset"), "\(two.text)")
        let plain = lab.run("data text gt from corpus")
        #expect(!plain.ok && plain.text.contains("corpus is already plain text"), "\(plain.text)")
        let itself = lab.run("data text films from films")
        #expect(!itself.ok, "\(itself.text)")
        let unknown = lab.run("data text gt from gadgetz")
        #expect(!unknown.ok && unknown.text.contains("gadgetz"), "\(unknown.text)")
        let noName = lab.run("model copy m")
        #expect(!noName.ok && noName.text.contains("model copy: missing NEW (the new model's name); usage: model copy NAME NEW"), "\(noName.text)")
        let same = lab.run("model copy m m")
        #expect(!same.ok && same.text.contains("a name of its own"), "\(same.text)")
        #expect(lab.run("model copy m m2").ok)
        let taken = lab.run("model copy m m2")
        #expect(!taken.ok && taken.text.contains("m2 already exists"), "\(taken.text)")
        #expect(lab.run("data subset gadgets as few per_label=2").ok)
        #expect(lab.run("finetune m on few strategy=head epochs=1 as probe run=f1").ok)
        let classifier = lab.run("model copy probe p2")
        #expect(!classifier.ok && classifier.text.contains("probe is a classifier"), "\(classifier.text)")
    }
}
