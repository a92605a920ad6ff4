import TuneText

/// A labelled dataset in the session: one part (`all`), or train, validation and test parts
/// that share one label set (`data load films`, `data split NAME`).
///
/// Training commands read `train`, `validation` and `test`; checks read `films.count`,
/// `films.balance`, `films.train.count`, `films.train.label.positive`, ...
public final class DatasetObject: SessionObject {
    public let kind = SessionObjectKind.dataset
    public let name: String
    /// Where it came from, in words ("datasets/sentiment/films", "3 per label of films").
    public let origin: String
    /// The parts in order: ["all"] or ["train", "validation", "test"].
    public private(set) var parts: [(name: String, data: LabelledDataset)]

    public init(name: String, origin: String, parts: [(name: String, data: LabelledDataset)]) {
        self.name = name
        self.origin = origin
        self.parts = parts
    }

    /// The part called `partName`, if there is one.
    public func part(_ partName: String) -> LabelledDataset? { parts.first { $0.name == partName }?.data }

    /// The training examples: the `train` part, or everything when the dataset is not split.
    public var train: LabelledDataset { part("train") ?? parts[0].data }
    public var validation: LabelledDataset? { part("validation") }
    public var test: LabelledDataset? { part("test") }
    public var isSplit: Bool { part("train") != nil }

    /// Every example of every part, in part order.
    public func combined() throws -> LabelledDataset {
        if parts.count == 1 { return parts[0].data }
        let labels = labelNames
        return try LabelledDataset(name: name, joining: parts.map(\.data), labels: labels)
    }

    /// The labels, in class order (shared by every part).
    public var labelNames: [String] {
        var names: [String] = []
        for part in parts { for label in part.data.labels where !names.contains(label) { names.append(label) } }
        return names
    }

    /// Replaces the parts with train, validation and test.
    public func replaceParts(with split: DatasetSplit) {
        parts = [("train", split.train), ("validation", split.validation), ("test", split.test)]
    }

    public var count: Int { parts.reduce(0) { $0 + $1.data.count } }

    public var summary: String {
        let sizes = parts.map { "\($0.name) \($0.data.count)" }.joined(separator: ", ")
        return "\(count) labelled examples (\(sizes)); labels \(labelNames.joined(separator: ", ")); from \(origin)"
    }

    // MARK: - Values for checks

    /// Counts per label over `examples`, in `labelNames` order.
    private func counts(_ datasets: [LabelledDataset]) -> [String: Int] {
        var result: [String: Int] = [:]
        for dataset in datasets {
            for (label, count) in zip(dataset.labels, dataset.countsByLabel) where count > 0 { result[label, default: 0] += count }
        }
        return result
    }

    private func values(of datasets: [LabelledDataset], at path: [String]) -> Double? {
        let byLabel = counts(datasets)
        switch path {
        case ["count"]: return Double(datasets.reduce(0) { $0 + $1.count })
        case ["labels"]: return Double(labelNames.count)
        case ["balance"]:
            let values = labelNames.map { byLabel[$0] ?? 0 }
            guard let most = values.max(), most > 0 else { return 0 }
            return Double(values.min() ?? 0) / Double(most)
        default:
            if path.count == 2, path[0] == "label", labelNames.contains(path[1]) { return Double(byLabel[path[1]] ?? 0) }
            return nil
        }
    }

    public func value(at path: [String]) -> Double? {
        if let first = path.first, let part = part(first), parts.count > 1 {
            return values(of: [part], at: Array(path.dropFirst()))
        }
        return values(of: parts.map(\.data), at: path)
    }

    public var publishedPaths: [[String]] {
        let own: [[String]] = [["count"], ["labels"], ["balance"]] + labelNames.map { ["label", $0] }
        guard parts.count > 1 else { return own }
        return own + parts.flatMap { part in [["count"], ["balance"]].map { [part.name] + $0 } + labelNames.map { [part.name, "label", $0] } }
    }
}

/// Plain text in the session (`data load NAME FILE format=text`): one part, or train and
/// validation parts from a folder holding train.txt and validation.txt.
public final class TextCorpusObject: SessionObject {
    public let kind = SessionObjectKind.dataset
    public let name: String
    public let origin: String
    public let parts: [(name: String, corpus: TextCorpus)]

    public init(name: String, origin: String, parts: [(name: String, corpus: TextCorpus)]) {
        self.name = name
        self.origin = origin
        self.parts = parts
    }

    public var summary: String {
        parts.map { "\($0.name): \($0.corpus.characterCount) characters, \($0.corpus.lineCount) lines, \($0.corpus.wordCount) words" }
            .joined(separator: "; ") + "; from \(origin)"
    }

    private func values(_ corpora: [TextCorpus], _ path: [String]) -> Double? {
        switch path {
        case ["characters"]: return Double(corpora.reduce(0) { $0 + $1.characterCount })
        case ["lines"]: return Double(corpora.reduce(0) { $0 + $1.lineCount })
        case ["words"]: return Double(corpora.reduce(0) { $0 + $1.wordCount })
        default: return nil
        }
    }

    public func value(at path: [String]) -> Double? {
        if let first = path.first, let part = parts.first(where: { $0.name == first }), parts.count > 1 {
            return values([part.corpus], Array(path.dropFirst()))
        }
        return values(parts.map(\.corpus), path)
    }

    public var publishedPaths: [[String]] {
        let own: [[String]] = [["characters"], ["lines"], ["words"]]
        guard parts.count > 1 else { return own }
        return own + parts.flatMap { part in own.map { [part.name] + $0 } }
    }
}
