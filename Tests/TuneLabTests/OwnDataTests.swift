import Foundation
import Testing
import TuneLab
import TuneModels

/// `data load` on files as learners bring them, and the commands that score them.
@Suite(.serialized) struct OwnDataTests {
    /// A temporary file holding `bytes`.
    func file(_ name: String, _ bytes: [UInt8]) -> URL {
        let url = temporaryFolder("tunelab-own-data").appendingPathComponent(name)
        try? Data(bytes).write(to: url)
        return url
    }

    func file(_ name: String, _ text: String) -> URL { file(name, Array(text.utf8)) }

    /// Ten sentences, a tab, 0 or 1: the common public sentiment-file shape.
    static let sentences = """
        a gripping film from start to end\t1
        dull and far too long\t0
        the cast is wonderful\t1
        I want my two hours back\t0
        lovely music and a warm story\t1
        the plot makes no sense\t0
        funny, touching and smart\t1
        I fell asleep twice\t0
        a joy to watch\t1
        the worst film this year\t0

        """

    @Test func aTabSeparatedTxtOfZeroOneLabelsLoadsAsColumnsWithNamedLabels() {
        let txt = file("sentences.txt", Self.sentences)
        let lab = TestLab()
        let result = lab.run("data load mine \(txt.path) labels=0:negative,1:positive")
        #expect(result.ok, "\(result.text)")
        #expect(result.text.contains("read as tab-separated columns (2 columns, no header line)"), "\(result.text)")
        #expect(result.text.contains("text = column 1, label = column 2"))
        let mine = lab.session.object(named: "mine") as? DatasetObject
        #expect(mine?.labelNames == ["negative", "positive"])
        #expect(lab.session.value(at: ["mine", "count"]) == 10)
        #expect(lab.session.value(at: ["mine", "label", "positive"]) == 5)

        // With a header line the columns are guessed from it; without labels= they stay 0 and 1.
        let headed = file("headed.txt", "sentence\tlabel\n" + Self.sentences)
        let second = lab.run("data load h \(headed.path)")
        #expect(second.ok, "\(second.text)")
        #expect(second.text.contains("a header line"))
        #expect(second.text.contains("text = column 1 (\"sentence\")"), "\(second.text)")
        #expect((lab.session.object(named: "h") as? DatasetObject)?.labelNames == ["0", "1"])

        // Chosen by number, with the header sniffed away.
        #expect(lab.run("data load n \(headed.path) text=1 label=2 labels=1:pos,0:neg").ok)
        #expect((lab.session.object(named: "n") as? DatasetObject)?.labelNames == ["pos", "neg"])
        #expect(lab.session.value(at: ["n", "count"]) == 10)

        // A label the mapping leaves out is a bad row that says what labels= maps.
        let stray = file("stray.txt", Self.sentences + "not sure\t2\n")
        let refused = lab.run("data load s \(stray.path) labels=0:negative,1:positive")
        #expect(!refused.ok)
        #expect(refused.text.contains("stray.txt:11: label \"2\" is not in labels= (it maps 0, 1)"), "\(refused.text)")
        let malformed = lab.run("data load s \(txt.path) labels=0=negative")
        #expect(!malformed.ok && malformed.text.contains("0:negative,1:positive"), "\(malformed.text)")
    }

    @Test func keysThatDoNotFitAFileAreRefusedNotIgnored() {
        let prose = file("story.txt", "Once upon a time, there was a lab.\nIt taught; people learned.\nThe end.\n")
        let lab = TestLab()
        let refused = lab.run("data load x \(prose.path) text=1 label=2")
        #expect(!refused.ok)
        #expect(refused.text.contains("format=tsv"), "\(refused.text)")
        #expect(lab.session.object(named: "x") == nil)
        let mapped = lab.run("data load x \(prose.path) labels=0:negative,1:positive")
        #expect(!mapped.ok && mapped.text.contains("format=tsv"))
        // Without keys it is plain text, as before.
        let plain = lab.run("data load story \(prose.path)")
        #expect(plain.ok && plain.text.contains("3 lines"), "\(plain.text)")
        // format=text with columns is a contradiction, said so.
        let txt = file("sentences.txt", Self.sentences)
        let contradiction = lab.run("data load y \(txt.path) format=text label=2")
        #expect(!contradiction.ok)
        #expect(contradiction.text.contains("would be ignored"), "\(contradiction.text)")
        // format=tsv reads a tab file of any extension.
        let dat = file("sentences.dat", Self.sentences)
        #expect(lab.run("data load z \(dat.path) format=tsv text=1 label=2").ok)
        #expect(lab.session.value(at: ["z", "count"]) == 10)
    }

    @Test func encodingsDuplicatesNestedJSONAndSemicolons() {
        let lab = TestLab()
        // Latin-1: an error naming the line and byte, then encoding=latin1.
        let latin1 = file("old.csv", Array("text,label\ngood,1\ncaf".utf8) + [0xE9] + Array(" au lait,1\nbad,0\n".utf8))
        let error = lab.run("data load o \(latin1.path)")
        #expect(!error.ok)
        #expect(error.text.contains("old.csv:3") && error.text.contains("offset 21") && error.text.contains("encoding=latin1"), "\(error.text)")
        #expect(lab.run("data load o \(latin1.path) encoding=latin1").ok)
        #expect((lab.session.object(named: "o") as? DatasetObject)?.parts[0].data.texts.contains("café au lait") == true)

        // Duplicates, one pair with different labels, in data show.
        let copies = file("copies.tsv", "text\tlabel\ngreat\tpos\nawful\tneg\ngreat\tpos\nfine\tpos\nawful\tpos\n")
        #expect(lab.run("data load c \(copies.path)").ok)
        let show = lab.run("data show c")
        #expect(show.ok)
        #expect(show.text.contains("duplicates: 2 texts appear more than once (2 extra copies); 1 with different labels"), "\(show.text)")
        #expect(show.text.contains("×2 \"awful\" (line 3, line 6; labels neg, pos)"), "\(show.text)")
        #expect(lab.run("data show films").text.contains("duplicates:"))

        // Nested JSON fields.
        let json = file("nested.jsonl", """
            {"review": {"body": "loved it", "stars": 5}}
            {"review": {"body": "hated it", "stars": 1}}
            """)
        let nested = lab.run("data load j \(json.path) text=review.body label=review.stars labels=1:negative,5:positive")
        #expect(nested.ok, "\(nested.text)")
        #expect((lab.session.object(named: "j") as? DatasetObject)?.labelNames == ["negative", "positive"])

        // A .csv written with semicolons (and a BOM and CR LF) is read as such, and said so.
        let semicolons = file("excel.csv", [0xEF, 0xBB, 0xBF] + Array("text;label\r\ngood, really;pos\r\nbad;neg\r\nok;pos\r\nmeh;neg\r\nfine;pos\r\n".utf8))
        let excel = lab.run("data load e \(semicolons.path)")
        #expect(excel.ok, "\(excel.text)")
        #expect(excel.text.contains("separated by semicolons"))
        #expect(lab.session.value(at: ["e", "count"]) == 5)
    }

    @Test func evalAndZeroshotScoreAnUnsplitDatasetWholeAndSaySo() {
        let lab = tinyModelLab()
        let txt = file("sentences.txt", Self.sentences)
        #expect(lab.run("data load raw \(txt.path)").ok)
        let unnamed = lab.run("zeroshot m on raw")
        #expect(!unnamed.ok)
        #expect(unnamed.text.contains("has labels 0, 1") && unnamed.text.contains("labels=0:negative,1:positive"), "\(unnamed.text)")
        #expect(lab.run("data load mine \(txt.path) labels=0:negative,1:positive").ok)
        let zero = lab.run("zeroshot m on mine as z")
        #expect(zero.ok, "\(zero.text)")
        #expect(zero.text.contains("not split into train and test: scoring all 10 examples (split=all)"), "\(zero.text)")
        #expect(lab.session.value(at: ["z", "count"]) == 10)
        let noTest = lab.run("zeroshot m on mine split=test")
        #expect(!noTest.ok && noTest.text.contains("split=all"), "\(noTest.text)")
        #expect(lab.run("zeroshot m on films split=all as zall").text.contains("split=all: scoring all 500 examples"))

        #expect(lab.run("classifier new c from m").ok)
        let evaluation = lab.run("eval c on mine as e")
        #expect(evaluation.ok, "\(evaluation.text)")
        #expect(evaluation.text.contains("scoring all 10 examples"))
        #expect(lab.run("eval c on mine split=all as e2").ok)

        // The baseline is named after the model's tokens.
        let words = lab.run("eval m on corpus as w")
        #expect(words.text.contains("unigram baseline (word frequencies)"), "\(words.text)")
        #expect(lab.run("model new chars preset=tiny layers=1 width=16 heads=2 context=16 tokens=character").ok)
        let characters = lab.run("eval chars on corpus as ch")
        #expect(characters.text.contains("unigram baseline (character frequencies)"), "\(characters.text)")
        #expect(!characters.text.contains("word frequencies"))
    }

    @Test func encoderZeroshotScoresAllOfAnUnsplitFileAndNamesTheLabels() throws {
        do {
            _ = try PretrainedModelFiles.locateMiniLM()
        } catch {
            throw PretrainedCommandTests.WheelMissing(description: "\(error)")
        }
        let lab = TestLab()
        #expect(lab.run("encoder load mini").ok)
        let txt = file("sentences.txt", Self.sentences)
        #expect(lab.run("data load raw \(txt.path)").ok)
        let wrong = lab.run("encoder zeroshot mini on raw positive=\"praise\"")
        #expect(!wrong.ok && wrong.text.contains("raw has no label positive (its labels: 0, 1)"), "\(wrong.text)")
        let typo = lab.run("encoder zeroshot mini on raw describe=\"O: a complaint; 1: praise\"")
        #expect(!typo.ok && typo.text.contains("its labels: 0, 1"), "\(typo.text)")
        let generic = lab.run("encoder zeroshot mini on raw as g")
        #expect(generic.ok && generic.text.contains("no description"), "\(generic.text)")
        let described = lab.run("encoder zeroshot mini on raw describe=\"0: a negative review, a complaint; 1: a positive review, praise\" as d")
        #expect(described.ok, "\(described.text)")
        #expect(!described.text.contains("no description"))

        #expect(lab.run("data load mine \(txt.path) labels=0:negative,1:positive").ok)
        let zero = lab.run("encoder zeroshot mini on mine as zs")
        #expect(zero.ok, "\(zero.text)")
        #expect(zero.text.contains("mine is not split into train and test: scoring all 10 examples"), "\(zero.text)")
        #expect(lab.session.value(at: ["zs", "total"]) == 10)
        // The same descriptions give the same accuracy as naming the labels at load.
        #expect(lab.session.value(at: ["zs", "accuracy"]) == lab.session.value(at: ["d", "accuracy"]))
        // Few-shot and probes train on the data, so they still ask for a split.
        #expect(!lab.run("encoder probe mini on mine").ok)
    }
}
