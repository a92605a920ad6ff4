import Foundation

/// Facts about a labelled dataset for a learner to look at before training: how many
/// examples, how balanced the labels are, how long the texts are, and a few rows.
public struct DatasetSummary: Equatable, Sendable {
    public struct LabelCount: Equatable, Sendable {
        public let label: String
        public let count: Int
        /// count / all examples, 0 for an empty dataset.
        public let fraction: Double

        public init(label: String, count: Int, fraction: Double) {
            self.label = label
            self.count = count
            self.fraction = fraction
        }
    }

    /// Texts whose length falls in `lowerBound...upperBound` (both included).
    public struct LengthBin: Equatable, Sendable {
        public let lowerBound: Int
        public let upperBound: Int
        public let count: Int

        public init(lowerBound: Int, upperBound: Int, count: Int) {
            self.lowerBound = lowerBound
            self.upperBound = upperBound
            self.count = count
        }
    }

    public let name: String
    public let exampleCount: Int
    /// The rows the reader skipped.
    public let skippedRowCount: Int
    /// One entry per label, in class order.
    public let labelCounts: [LabelCount]
    /// What lengths count: "words" or "tokens".
    public let lengthUnit: String
    /// Equal-width bins from the shortest to the longest text, none empty at the ends.
    public let lengthHistogram: [LengthBin]
    public let shortestLength: Int
    public let longestLength: Int
    public let meanLength: Double
    /// A few examples, taking labels in turn so each label shows.
    public let samples: [LabelledExample]

    /// The fraction of the rarest label over the most common (1 is perfectly balanced).
    public var balance: Double {
        let counts = labelCounts.map(\.count)
        guard let most = counts.max(), most > 0 else { return 0 }
        return Double(counts.min() ?? 0) / Double(most)
    }
}

extension LabelledDataset {
    /// A summary measuring length in whitespace-separated words.
    public func summary(binCount: Int = 8, sampleCount: Int = 3) -> DatasetSummary {
        summary(lengthUnit: "words", binCount: binCount, sampleCount: sampleCount) {
            WordCount.words(in: $0)
        }
    }

    /// A summary measuring length in the tokenizer's tokens.
    public func summary(tokenizer: any Tokenizer, binCount: Int = 8, sampleCount: Int = 3) throws -> DatasetSummary {
        let lengths = try (0..<count).map { try tokenizer.encode(text(at: $0)).count }
        var index = 0
        return summary(lengthUnit: "tokens", binCount: binCount, sampleCount: sampleCount) { _ in
            defer { index += 1 }
            return lengths[index]
        }
    }

    /// A summary with lengths from `length`, called once per example in order.
    public func summary(
        lengthUnit: String, binCount: Int = 8, sampleCount: Int = 3, length: (String) -> Int
    ) -> DatasetSummary {
        let lengths = (0..<count).map { length(text(at: $0)) }
        let total = count
        let labelCounts = zip(labels, countsByLabel).map { label, count in
            DatasetSummary.LabelCount(
                label: label, count: count, fraction: total == 0 ? 0 : Double(count) / Double(total))
        }
        return DatasetSummary(
            name: name, exampleCount: total, skippedRowCount: skippedRows.count,
            labelCounts: labelCounts, lengthUnit: lengthUnit,
            lengthHistogram: Self.histogram(lengths, binCount: max(1, binCount)),
            shortestLength: lengths.min() ?? 0, longestLength: lengths.max() ?? 0,
            meanLength: total == 0 ? 0 : Double(lengths.reduce(0, +)) / Double(total),
            samples: samplesTakingLabelsInTurn(max(0, sampleCount)))
    }

    /// At most `binCount` bins of one whole-number width, starting at the shortest length.
    static func histogram(_ lengths: [Int], binCount: Int) -> [DatasetSummary.LengthBin] {
        guard let shortest = lengths.min(), let longest = lengths.max() else { return [] }
        let span = longest - shortest + 1
        let width = (span + binCount - 1) / binCount  // ceiling division
        let bins = (span + width - 1) / width
        var counts = Array(repeating: 0, count: bins)
        for length in lengths { counts[(length - shortest) / width] += 1 }
        return counts.enumerated().map { bin, count in
            let lower = shortest + bin * width
            return DatasetSummary.LengthBin(lowerBound: lower, upperBound: lower + width - 1, count: count)
        }
    }

    /// `count` examples (fewer when there are fewer), taking labels in turn: the first
    /// example of each label in class order, then the second of each, and so on. These are
    /// a summary's samples, without measuring every text.
    public func samplesTakingLabelsInTurn(_ count: Int) -> [LabelledExample] {
        // The first `count` positions of each label are all that can be taken.
        var queues = Array(repeating: [Int](), count: labels.count)
        for (position, labelIndex) in columns.labelIndices.enumerated() where queues[Int(labelIndex)].count < count {
            queues[Int(labelIndex)].append(position)
        }
        var samples: [LabelledExample] = []
        var round = 0
        while samples.count < count && samples.count < self.count {
            for queue in queues where round < queue.count && samples.count < count {
                samples.append(examples[queue[round]])
            }
            round += 1
        }
        return samples
    }
}
