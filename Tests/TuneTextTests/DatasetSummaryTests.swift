import Foundation
import Testing
import TuneText

@Suite("DatasetSummary")
struct DatasetSummaryTests {
    func dataset() throws -> LabelledDataset {
        try LabelledDataset(name: "reviews", examples: [
            LabelledExample(text: "good", label: "pos"),
            LabelledExample(text: "very good film", label: "pos"),
            LabelledExample(text: "bad", label: "neg"),
            LabelledExample(text: "one two three four five six seven eight nine ten", label: "pos"),
            LabelledExample(text: "not good at all", label: "neg"),
            LabelledExample(text: "fine I guess", label: "pos"),
        ])
    }

    @Test("counts, label balance and word lengths")
    func wordSummary() throws {
        let summary = try dataset().summary(binCount: 4, sampleCount: 3)
        #expect(summary.name == "reviews")
        #expect(summary.exampleCount == 6)
        #expect(summary.labelCounts.map(\.label) == ["neg", "pos"])
        #expect(summary.labelCounts.map(\.count) == [2, 4])
        #expect(summary.labelCounts[1].fraction == 4.0 / 6.0)
        #expect(summary.balance == 0.5)
        #expect(summary.lengthUnit == "words")
        #expect(summary.shortestLength == 1)
        #expect(summary.longestLength == 10)
        #expect(summary.meanLength == Double(1 + 3 + 1 + 10 + 4 + 3) / 6)
        // Lengths 1..10 in 4 bins of width 3: 1-3, 4-6, 7-9, 10-12.
        #expect(summary.lengthHistogram == [
            .init(lowerBound: 1, upperBound: 3, count: 4),
            .init(lowerBound: 4, upperBound: 6, count: 1),
            .init(lowerBound: 7, upperBound: 9, count: 0),
            .init(lowerBound: 10, upperBound: 12, count: 1),
        ])
        #expect(summary.lengthHistogram.map(\.count).reduce(0, +) == 6)
        // Samples take labels in turn: first neg, first pos, second neg.
        #expect(summary.samples.map(\.text) == ["bad", "good", "not good at all"])
    }

    @Test("lengths in tokens come from the tokenizer")
    func tokenSummary() throws {
        let data = try dataset()
        let tokenizer = try CharacterTokenizer(corpus: data.texts.joined())
        let summary = try data.summary(tokenizer: tokenizer, binCount: 2)
        #expect(summary.lengthUnit == "tokens")
        #expect(summary.shortestLength == 3)  // "bad"
        #expect(summary.longestLength == "one two three four five six seven eight nine ten".count)
        #expect(summary.lengthHistogram.map(\.count).reduce(0, +) == 6)
        #expect(summary.lengthHistogram.count == 2)
    }

    @Test("an empty part summarizes to zeros")
    func emptySummary() throws {
        let empty = try LabelledDataset(name: "none", examples: [], labels: ["a", "b"])
        let summary = empty.summary()
        #expect(summary.exampleCount == 0)
        #expect(summary.lengthHistogram.isEmpty)
        #expect(summary.samples.isEmpty)
        #expect(summary.labelCounts.map(\.count) == [0, 0])
        #expect(summary.balance == 0)
    }
}
