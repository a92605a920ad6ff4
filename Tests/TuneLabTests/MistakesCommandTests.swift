import Foundation
import Testing
import TuneLab

/// `mistakes MODEL on DATA`: error analysis of a classifier, by occlusion.
@Suite(.serialized) struct MistakesCommandTests {
    /// A tiny lab with `judge`, a prompt-shaped classifier fine-tuned for two epochs on 8 films.
    func judgeLab() -> TestLab {
        let lab = tinyModelLab()
        lab.run("data subset films as few per_label=4")
        lab.run("finetune m on few prompt=yes lr=3e-4 epochs=2 as judge run=p1")
        return lab
    }

    @Test func theCountIsWhatEvalGotWrongOnTheSamePart() throws {
        let lab = judgeLab()
        for (split, key) in [("", "test"), (" split=validation", "validation")] {
            #expect(lab.run("eval judge on gadgets\(split) as score_\(key)").ok)
            let result = lab.run("mistakes judge on gadgets\(split) limit=3 as slips_\(key)")
            #expect(result.ok, "\(result.text)")
            let total = try #require(lab.session.value(at: ["slips_\(key)", "total"]))
            let count = try #require(lab.session.value(at: ["slips_\(key)", "count"]))
            let accuracy = try #require(lab.session.value(at: ["score_\(key)", "accuracy"]))
            #expect(total == lab.session.value(at: ["score_\(key)", "count"]))
            #expect(count == (total - (accuracy * total).rounded()))
            #expect(result.text.contains("\(Int(count)) of \(Int(total)) \(key) sentences of gadgets misclassified by judge"))
            let shown = try #require(lab.session.value(at: ["slips_\(key)", "shown"]))
            #expect(shown == min(3, count))
            let flipped = try #require(lab.session.value(at: ["slips_\(key)", "flipped"]))
            #expect(flipped >= 0 && flipped <= shown)
            // With two labels the predicted one has probability at least one half.
            let confidence = try #require(lab.session.value(at: ["slips_\(key)", "confidence"]))
            #expect(confidence >= 0.5 && confidence <= 1)
        }
    }

    @Test func eachShownMistakeNamesItsLabelsAndMarksItsWordsWithoutColor() throws {
        let lab = judgeLab()
        let result = lab.run("mistakes judge on gadgets limit=2")
        #expect(result.ok, "\(result.text)")
        #expect(lab.session.value(at: ["judge_mistakes", "shown"]) == 2)
        let lines = result.text.components(separatedBy: "\n")
        #expect(lines.contains { $0.hasPrefix(" 1. true ") && $0.contains(", predicted ") })
        #expect(lines.contains { $0.hasPrefix(" 2. true ") })
        // Without color the decisive words are in brackets, and the biggest one is quantified.
        #expect(lines.contains { $0.hasPrefix("    ") && $0.contains("[") && $0.contains("]") })
        #expect(lines.contains { $0.hasPrefix("    without \"") && $0.contains("→") })
        #expect(!result.text.contains("\u{1B}["))
    }

    @Test func decisiveWordsAreBoldYellowWithColorAndBracketedWithout() {
        let color = BufferOutput(useColor: true), plain = BufferOutput()
        #expect(MistakesRendering.highlight("slow", output: color.output) == "\u{1B}[1;33mslow\u{1B}[0m")
        #expect(MistakesRendering.highlight("slow", output: plain.output) == "[slow]")
        // Two decimals, or three when two would show a change as none.
        #expect(MistakesRendering.probabilities(0.81, 0.42) == ("0.81", "0.42"))
        #expect(MistakesRendering.probabilities(0.532, 0.528) == ("0.532", "0.528"))
    }

    @Test func badInputsSayWhatIsWrong() throws {
        let lab = judgeLab()
        let unknown = lab.run("mistakes nosuch on films")
        #expect(!unknown.ok)
        #expect(unknown.text.contains("nosuch"))
        let language = lab.run("mistakes m on films")
        #expect(!language.ok)
        #expect(language.text.contains("m is a language model, not a classifier"))
        #expect(language.text.contains("classifier new"))
        let zero = lab.run("mistakes judge on films limit=0")
        #expect(!zero.ok)
        #expect(zero.text.contains("limit expects a whole number from 1 to 50"))
        let plain = lab.run("mistakes judge on corpus")
        #expect(!plain.ok)
        #expect(plain.text.contains("plain text without labels"))
        let dataset = lab.run("mistakes few on films")
        #expect(!dataset.ok)
        #expect(dataset.text.contains("few is a dataset"))
        let help = lab.run("help mistakes")
        #expect(help.text.contains("occlusion") && help.text.contains("mistakes clf on gadgets limit=5 as slips"))
    }
}
