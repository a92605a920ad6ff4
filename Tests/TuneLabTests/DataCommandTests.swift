import Foundation
import Testing
import TuneLab

/// The package's root folder (where Lessons/ and datasets/ are).
let labPackageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

@Suite struct DataCommandTests {
    /// A temporary file holding `text`.
    func file(_ name: String, _ text: String) -> URL {
        let url = temporaryFolder("tunelab-data").appendingPathComponent(name)
        try? text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func loadsAShippedDomainWithThreeParts() throws {
        let lab = TestLab()
        let result = lab.run("data load films")
        #expect(result.ok, "\(result.text)")
        let films = try #require(lab.session.object(named: "films") as? DatasetObject)
        #expect(films.parts.map(\.name) == ["train", "validation", "test"])
        #expect(lab.session.value(at: ["films", "train", "count"]) == 300)
        #expect(lab.session.value(at: ["films", "count"]) == 500)
        #expect(lab.session.value(at: ["films", "labels"]) == 2)
        let positives = try #require(lab.session.value(at: ["films", "train", "label", "positive"]))
        let negatives = try #require(lab.session.value(at: ["films", "train", "label", "negative"]))
        #expect(positives + negatives == 300)
        #expect(lab.session.value(at: ["films", "train", "balance"]) == min(positives, negatives) / max(positives, negatives))
    }

    @Test func topicsLabelEachExampleWithItsSourceAndKeepTheParts() throws {
        let lab = TestLab()
        let made = lab.run("data topics topics from films,restaurants,gadgets")
        #expect(made.ok, "\(made.text)")
        let topics = try #require(lab.session.object(named: "topics") as? DatasetObject)
        #expect(topics.parts.map(\.name) == ["train", "validation", "test"])
        #expect(topics.labelNames == ["films", "restaurants", "gadgets"])
        // Each shipped domain has 300 train, 100 validation and 100 test reviews.
        for (part, size) in [("train", 300.0), ("validation", 100), ("test", 100)] {
            #expect(lab.session.value(at: ["topics", part, "count"]) == 3 * size)
            for label in ["films", "restaurants", "gadgets"] {
                #expect(lab.session.value(at: ["topics", part, "label", label]) == size, "\(part) \(label)")
            }
        }
        // The parts stay apart: films' test reviews are topics' test films, and in no other part.
        let films = try #require(lab.session.object(named: "films") as? DatasetObject)
        let testFilms = Set(try #require(topics.test).examples.filter { $0.label == "films" }.map(\.text))
        #expect(testFilms == Set(try #require(films.test).texts))
        #expect(testFilms.isDisjoint(with: topics.train.texts))

        let seen = lab.run("data subset topics as seen labels=films,restaurants")
        #expect(seen.ok, "\(seen.text)")
        #expect(lab.session.value(at: ["seen", "labels"]) == 2)
        #expect(lab.session.value(at: ["seen", "train", "count"]) == 600)
        #expect(lab.session.value(at: ["seen", "test", "count"]) == 200)
        #expect(lab.session.value(at: ["seen", "test", "label", "gadgets"]) == nil)
        #expect(lab.run("data subset topics as few labels=gadgets,films per_label=8").ok)
        #expect(lab.session.value(at: ["few", "train", "count"]) == 16)
        #expect(lab.session.value(at: ["few", "validation", "count"]) == 200)

        let typo = lab.run("data subset topics as bad labels=films,gadget")
        #expect(!typo.ok && typo.text.contains("no label gadget") && typo.text.contains("gadgets"), "\(typo.text)")
        let twice = lab.run("data topics t2 from films,films")
        #expect(!twice.ok && twice.text.contains("films is named twice"), "\(twice.text)")
        let noSources = lab.run("data topics t3")
        #expect(!noSources.ok && noSources.text.contains("from films,restaurants,gadgets"), "\(noSources.text)")
        let misplaced = lab.run("data show films from gadgets")
        #expect(!misplaced.ok && misplaced.text.contains("`from SOURCES` belongs to data topics and data text, not data show"), "\(misplaced.text)")
    }

    @Test func loadsARelativePathFromTheLabHome() {
        let lab = TestLab()
        let result = lab.run("data load g datasets/sentiment/gadgets/train.csv")
        #expect(result.ok, "\(result.text)")
        #expect(lab.session.value(at: ["g", "count"]) == 300)
        #expect(result.text.contains("Loaded g"))
    }

    @Test func showPrintsCountsBalanceHistogramAndSamples() {
        let lab = TestLab()
        lab.run("data load films")
        let result = lab.run("data show films")
        #expect(result.ok)
        #expect(result.text.contains("balance"))
        #expect(result.text.contains("length in words (500 examples)"))
        #expect(result.text.contains("samples"))
        #expect(result.text.contains("positive") && result.text.contains("negative"))
    }

    @Test func splitKeepsEveryExampleAndIsSeeded() {
        let first = TestLab(), second = TestLab()
        for lab in [first, second] {
            lab.run("data load g datasets/sentiment/gadgets/train.csv")
            #expect(lab.run("data split g train=0.8 validation=0.1 seed=5").ok)
        }
        #expect(first.session.value(at: ["g", "train", "count"]) == 240)
        #expect(first.session.value(at: ["g", "validation", "count"]) == 30)
        #expect(first.session.value(at: ["g", "test", "count"]) == 30)
        let firstTrain = (first.session.object(named: "g") as? DatasetObject)?.train.texts
        let secondTrain = (second.session.object(named: "g") as? DatasetObject)?.train.texts
        #expect(firstTrain != nil && firstTrain == secondTrain)
    }

    @Test func subsetKeepsPerLabelAndSharesValidation() {
        let lab = TestLab()
        lab.run("data load films")
        let result = lab.run("data subset films as few per_label=16 seed=2")
        #expect(result.ok, "\(result.text)")
        #expect(lab.session.value(at: ["few", "train", "count"]) == 32)
        #expect(lab.session.value(at: ["few", "train", "label", "positive"]) == 16)
        #expect(lab.session.value(at: ["few", "train", "balance"]) == 1)
        #expect(lab.session.value(at: ["few", "validation", "count"]) == 100)
    }

    @Test func subsetAndShowLoadAShippedDatasetOnFirstUse() {
        let lab = TestLab()
        let result = lab.run("data subset gadgets as tiny per_label=4")
        #expect(result.ok, "\(result.text)")
        #expect(result.text.contains("Loaded gadgets"))
        #expect(lab.session.value(at: ["tiny", "train", "count"]) == 8)
        #expect(lab.session.value(at: ["gadgets", "count"]) == 500)
        #expect(lab.run("data show corpus").ok)
        let corpus = lab.run("data subset corpus as c per_label=4")
        #expect(!corpus.ok)
        #expect(corpus.text.contains("plain text without labels"))
        let unknown = lab.run("data show filmz")
        #expect(!unknown.ok)
        #expect(unknown.text.contains("filmz"))
    }

    @Test func badRowsAreSkippedWithLineNumbersOrRejected() {
        let url = file("rows.csv", "text,label\ngood film,positive\n,negative\nfine,positive\nbad one\n")
        let lab = TestLab()
        let skipped = lab.run("data load d \(url.path) bad=skip")
        #expect(skipped.ok, "\(skipped.text)")
        #expect(skipped.text.contains("rows.csv:3"))
        #expect(skipped.text.contains("rows.csv:5"))
        #expect(lab.session.value(at: ["d", "count"]) == 2)
        let rejected = lab.run("data load e \(url.path)")
        #expect(!rejected.ok)
        #expect(rejected.text.contains("rows.csv:3"))
    }

    @Test func loadsJSONLinesAndChosenColumns() {
        let jsonl = file("rows.jsonl", "{\"review\": \"great\", \"stars\": \"5\"}\n{\"review\": \"awful\", \"stars\": \"1\"}\n")
        let lab = TestLab()
        let result = lab.run("data load j \(jsonl.path) text=review label=stars")
        #expect(result.ok, "\(result.text)")
        #expect(lab.session.value(at: ["j", "count"]) == 2)
        #expect(lab.session.value(at: ["j", "label", "5"]) == 1)
    }

    @Test func badInputGetsClearMessages() {
        let lab = TestLab()
        let missing = lab.run("data load x no/such/file.csv")
        #expect(!missing.ok)
        #expect(missing.text.contains("no/such/file.csv: FILE does not exist"))
        let column = lab.run("data load y datasets/sentiment/films/train.csv text=review")
        #expect(!column.ok)
        #expect(column.text.contains("review"))
        lab.run("data load films")
        let fractions = lab.run("data split films train=0.8 validation=0.3")
        #expect(!fractions.ok)
        #expect(fractions.text.contains("at most 1"))
        let range = lab.run("data split films train=1.5")
        #expect(!range.ok)
        #expect(range.text.contains("train") && range.text.contains("from 0 to 1"))
        let tooMany = lab.run("data subset films as big per_label=1000")
        #expect(!tooMany.ok)
        #expect(tooMany.text.contains("fewer than the 1000"))
        let unknown = lab.run("data show nothing")
        #expect(!unknown.ok)
        #expect(unknown.text.contains("nothing: no dataset"))
        let stray = lab.run("data show films seed=3")
        #expect(!stray.ok)
        #expect(stray.text.contains("seed belongs to data load, data split and data subset, not data show"), "\(stray.text)")
        #expect(stray.text.contains("data show takes per_label= png="), "\(stray.text)")
    }
}
