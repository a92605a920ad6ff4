/// Examples that share a text: copies inflate a label's count, and a copy in both the
/// training and the test part lets a model be scored on what it learned by heart.
public struct DuplicateGroup: Equatable, Sendable {
    /// The shared text.
    public let text: String
    /// The positions (from 0) of the examples holding it, in order; two or more.
    public let positions: [Int]
    /// The labels those examples carry, each once, in order of first appearance.
    public let labels: [String]

    /// True when the copies disagree about the label.
    public var isConflicting: Bool { labels.count > 1 }
}

extension LabelledDataset {
    /// The texts that appear more than once, in order of first appearance. Texts are
    /// compared as read (already trimmed), so case and inner spacing count.
    public func duplicateGroups() -> [DuplicateGroup] {
        var positionsByText: [String: [Int]] = [:]
        var order: [String] = []
        for (position, example) in examples.enumerated() {
            if positionsByText[example.text] == nil { order.append(example.text) }
            positionsByText[example.text, default: []].append(position)
        }
        return order.compactMap { text in
            guard let positions = positionsByText[text], positions.count > 1 else { return nil }
            var labels: [String] = []
            for position in positions where !labels.contains(examples[position].label) { labels.append(examples[position].label) }
            return DuplicateGroup(text: text, positions: positions, labels: labels)
        }
    }
}
