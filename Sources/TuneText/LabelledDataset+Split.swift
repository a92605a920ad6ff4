import Foundation

/// A dataset cut into training, validation and test parts that share one label set.
public struct DatasetSplit: Equatable, Sendable {
    public let train: LabelledDataset
    public let validation: LabelledDataset
    public let test: LabelledDataset
}

extension LabelledDataset {
    /// Splits the examples into train, validation and test (the rest), stratified: each
    /// label is split in the same proportions, so every part keeps the label balance.
    ///
    /// For each label, its examples are shuffled with `seed` and the first
    /// round(n x trainFraction) go to train, the next round(n x validationFraction) to
    /// validation, the rest to test. Each part keeps the examples in file order. The same
    /// seed always gives the same split.
    ///
    /// - Parameters:
    ///   - trainFraction, validationFraction: in 0...1, their sum at most 1.
    public func split(trainFraction: Double, validationFraction: Double, seed: UInt64) throws -> DatasetSplit {
        for (name, value) in [("trainFraction", trainFraction), ("validationFraction", validationFraction)] {
            guard value.isFinite, (0...1).contains(value) else {
                throw DatasetError.invalidArgument(name: name, value: String(value), accepts: "between 0 and 1")
            }
        }
        guard trainFraction + validationFraction <= 1 + 1e-9 else {
            throw DatasetError.invalidArgument(
                name: "trainFraction + validationFraction", value: String(trainFraction + validationFraction),
                accepts: "at most 1 (the test part gets what is left)")
        }
        var generator = SplitMix64(seed: seed)
        var trainIndices: [Int] = []
        var validationIndices: [Int] = []
        var testIndices: [Int] = []
        for indices in indicesByLabel() {
            var shuffled = indices
            generator.shuffle(&shuffled)
            let count = shuffled.count
            let trainCount = min(count, Int((Double(count) * trainFraction).rounded()))
            let validationCount = min(count - trainCount, Int((Double(count) * validationFraction).rounded()))
            trainIndices += shuffled[..<trainCount]
            validationIndices += shuffled[trainCount..<(trainCount + validationCount)]
            testIndices += shuffled[(trainCount + validationCount)...]
        }
        return DatasetSplit(
            train: part("train", trainIndices),
            validation: part("validation", validationIndices),
            test: part("test", testIndices))
    }

    /// A balanced subset: `perLabel` examples of every label, drawn with `seed`, in file
    /// order. Throws `DatasetError.notEnoughExamples` when a label has fewer.
    public func subset(perLabel: Int, seed: UInt64) throws -> LabelledDataset {
        guard perLabel >= 1 else {
            throw DatasetError.invalidArgument(name: "perLabel", value: String(perLabel), accepts: "at least 1")
        }
        var generator = SplitMix64(seed: seed)
        var chosen: [Int] = []
        for (labelIndex, indices) in indicesByLabel().enumerated() {
            guard indices.count >= perLabel else {
                throw DatasetError.notEnoughExamples(
                    "\(name): label \"\(labels[labelIndex])\" has \(indices.count) examples, "
                        + "fewer than the \(perLabel) per label asked for")
            }
            var shuffled = indices
            generator.shuffle(&shuffled)
            chosen += shuffled.prefix(perLabel)
        }
        return part("\(perLabel) per label", chosen)
    }

    /// `count` examples drawn at random with `seed` (not stratified), in file order.
    public func sample(count: Int, seed: UInt64) throws -> LabelledDataset {
        guard count >= 1 else {
            throw DatasetError.invalidArgument(name: "count", value: String(count), accepts: "at least 1")
        }
        guard count <= examples.count else {
            throw DatasetError.notEnoughExamples(
                "\(name) has \(examples.count) examples, fewer than the \(count) asked for")
        }
        var generator = SplitMix64(seed: seed)
        var indices = Array(examples.indices)
        generator.shuffle(&indices)
        return part("sample of \(count)", Array(indices.prefix(count)))
    }

    /// The examples' positions grouped by label, in `labels` order, each in file order.
    public func indicesByLabel() -> [[Int]] {
        var groups = Array(repeating: [Int](), count: labels.count)
        for (position, labelIndex) in columns.labelIndices.enumerated() {
            groups[Int(labelIndex)].append(position)
        }
        return groups
    }

    /// A dataset of the examples at `indices` (put back in file order) with the same labels,
    /// gathered straight from the columns.
    private func part(_ partName: String, _ indices: [Int]) -> LabelledDataset {
        LabelledDataset(
            name: "\(name) (\(partName))", trustedColumns: columns.gathering(indices.sorted()), labels: labels,
            skippedRows: [])
    }
}
