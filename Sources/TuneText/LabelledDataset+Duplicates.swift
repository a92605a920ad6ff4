import Foundation

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
    /// compared as read (already trimmed), so case and inner spacing count; they are
    /// compared as Swift strings, so two spellings of one character ("é" as one scalar, or
    /// "e" and a combining accent) are the same text.
    public func duplicateGroups() -> [DuplicateGroup] {
        // One pass with a hash table of positions: each text is looked up among the first
        // copies seen so far. Memory is the table (4 bytes a slot, about 1.7 slots a row)
        // and the later copies' positions, not a dictionary holding every text again.
        var table = TextTable(rowCount: count)
        var laterCopies: [Int: [Int]] = [:]  // first copy's position -> the other copies' positions
        for position in 0..<count {
            let first = table.firstPosition(ofTextAt: position, in: columns)
            if first != position { laterCopies[first, default: []].append(position) }
        }
        return laterCopies.keys.sorted().map { first in
            let positions = [first] + laterCopies[first]!
            var labels: [String] = []
            for position in positions where !labels.contains(label(at: position)) { labels.append(label(at: position)) }
            return DuplicateGroup(text: text(at: first), positions: positions, labels: labels)
        }
    }
}

/// An open-addressing hash table of positions in `ExampleColumns`, one slot per distinct
/// text: the position of its first copy.
private struct TextTable {
    /// Slot s holds a position + 1, or 0 when empty. [capacity, a power of 2]
    // UInt32: 4 bytes a slot; a dataset of 4 billion rows would not fit in memory anyway.
    private var slots: [UInt32]
    private let mask: Int

    init(rowCount: Int) {
        precondition(rowCount < Int(UInt32.max), "too many rows for a table of 32-bit positions")
        // At most 60% full, so that a lookup probes only a slot or two on average.
        var capacity = 16
        while capacity * 3 < rowCount * 5 { capacity *= 2 }
        slots = Array(repeating: 0, count: capacity)
        mask = capacity - 1
    }

    /// The position of the first text equal to the one at `position` (`position` itself
    /// when it is the first), adding it when new. Positions must come in increasing order.
    mutating func firstPosition(ofTextAt position: Int, in columns: ExampleColumns) -> Int {
        let text = columns.text(at: position)
        let isASCII = columns.withTextBytes(at: position) { $0.allSatisfy { $0 < 0x80 } }
        var slot = text.hashValue & mask
        while slots[slot] != 0 {
            let other = Int(slots[slot]) - 1
            if Self.sameText(text, position, isASCII: isASCII, other, in: columns) { return other }
            slot = (slot + 1) & mask  // linear probing: try the next slot
        }
        slots[slot] = UInt32(position + 1)
        return position
    }

    /// Whether texts `a` and `b` are equal as Strings; `text` is text `a`. Equal bytes are
    /// equal texts, and ASCII texts are equal only when their bytes are; other texts are
    /// compared as Strings, which treats canonically equivalent spellings as equal.
    private static func sameText(_ text: String, _ a: Int, isASCII: Bool, _ b: Int, in columns: ExampleColumns) -> Bool {
        columns.withTextBytes(at: a) { aBytes in
            columns.withTextBytes(at: b) { bBytes in
                if aBytes.count == bBytes.count
                    && (aBytes.isEmpty || memcmp(aBytes.baseAddress!, bBytes.baseAddress!, aBytes.count) == 0) {
                    return true
                }
                if isASCII && bBytes.allSatisfy({ $0 < 0x80 }) { return false }
                return text == String(decoding: bBytes, as: UTF8.self)
            }
        }
    }
}
