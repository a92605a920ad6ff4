/// The examples of a labelled dataset stored column by column, so that memory is close to
/// the texts' own bytes: 10⁷ short reviews take about their UTF-8 bytes plus 16 bytes a
/// row, instead of a struct (48 bytes) and a separate heap allocation for every text.
///
/// For N examples whose texts hold B UTF-8 bytes in all:
///
///     textBytes     [B]  UInt8   every text, one after another, no separators
///     textEnds      [N]  Int     text i is textBytes[textEnds[i-1] ..< textEnds[i]] (from 0 for i = 0)
///     labelIndices  [N]  Int32   each example's class: a position in the dataset's labels
///     lines         [N]  UInt32  the line each example starts on in its file (from 1), 0 for none
///
/// The columns do not know the label names; `LabelledDataset` pairs them with its
/// `labels`. Examples are made on access (`text(at:)` builds a String from the bytes).
public struct ExampleColumns: Equatable, Sendable {
    /// Every text's UTF-8 bytes, in example order. [B]
    public private(set) var textBytes: [UInt8] = []
    // Int, not UInt32: the texts of one file may pass 4 GiB, and an Int end costs only
    // 4 more bytes a row (40 MB for 10⁷ rows, beside some 350 MB of text).
    /// Where each text ends in `textBytes` (exclusive); it starts where the previous one ends. [N]
    public private(set) var textEnds: [Int] = []
    // Int32, not UInt16: a label column read by mistake (the text column, say) can hold
    // more than 65,536 distinct labels, and should still load so the learner sees why.
    /// Each example's class index, a position in the dataset's labels. [N]
    public private(set) var labelIndices: [Int32] = []
    // UInt32: no file this lab reads has 4 billion lines; a larger line number is kept as none.
    /// The line (from 1) each example starts on in its file, 0 when it has none. [N]
    public private(set) var lines: [UInt32] = []

    public init() {}

    /// The number of examples.
    public var count: Int { textEnds.count }

    /// The positions of text `index`'s bytes in `textBytes`.
    public func textRange(at index: Int) -> Range<Int> {
        (index == 0 ? 0 : textEnds[index - 1])..<textEnds[index]
    }

    /// Example `index`'s text.
    public func text(at index: Int) -> String {
        withTextBytes(at: index) { String(decoding: $0, as: UTF8.self) }
    }

    /// Calls `body` with example `index`'s UTF-8 bytes in place, without making a String.
    public func withTextBytes<Result>(at index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try textBytes.withUnsafeBufferPointer { buffer in
            try body(UnsafeBufferPointer(rebasing: buffer[textRange(at: index)]))
        }
    }

    /// How many UTF-8 bytes example `index`'s text holds.
    public func textByteCount(at index: Int) -> Int { textRange(at: index).count }

    /// Example `index`'s class index.
    public func labelIndex(at index: Int) -> Int { Int(labelIndices[index]) }

    /// The line example `index` starts on in its file, or nil.
    public func line(at index: Int) -> Int? {
        let line = lines[index]
        return line == 0 ? nil : Int(line)
    }

    /// The bytes the columns' elements take (not their spare capacity):
    /// B + N x (8 + 4 + 4).
    public var storageByteCount: Int {
        textBytes.count + textEnds.count * MemoryLayout<Int>.stride
            + labelIndices.count * MemoryLayout<Int32>.stride + lines.count * MemoryLayout<UInt32>.stride
    }

    // MARK: - Building

    /// Makes room for `rows` more examples holding `textBytes` more bytes, so that a
    /// reader that can guess the size does not copy the columns as they grow.
    public mutating func reserveCapacity(rows: Int, textBytes byteCount: Int) {
        textBytes.reserveCapacity(textBytes.count + byteCount)
        textEnds.reserveCapacity(count + rows)
        labelIndices.reserveCapacity(count + rows)
        lines.reserveCapacity(count + rows)
    }

    /// Adds an example at the end.
    ///
    /// - Parameters:
    ///   - labelIndex: its class, 0 ..< 2³¹.
    ///   - line: from 1, or nil.
    public mutating func append(text: String, labelIndex: Int, line: Int?) {
        var text = text
        // A String not stored as UTF-8 (bridged) is converted once; native ones copy at once.
        text.withUTF8 { textBytes.append(contentsOf: $0) }
        textEnds.append(textBytes.count)
        labelIndices.append(Int32(labelIndex))
        lines.append(line.flatMap { UInt32(exactly: $0) } ?? 0)
    }

    /// Adds example `index` of `other` at the end, its text copied byte for byte.
    public mutating func append(_ other: ExampleColumns, at index: Int, labelIndex: Int32? = nil) {
        textBytes.append(contentsOf: other.textBytes[other.textRange(at: index)])
        textEnds.append(textBytes.count)
        labelIndices.append(labelIndex ?? other.labelIndices[index])
        lines.append(other.lines[index])
    }

    /// Adds every example of `other` at the end, class index `i` becoming `newIndex[i]`.
    public mutating func append(contentsOf other: ExampleColumns, relabelling newIndex: [Int32]) {
        let shift = textBytes.count  // other's texts start here
        textBytes.append(contentsOf: other.textBytes)
        textEnds.append(contentsOf: other.textEnds.lazy.map { $0 + shift })
        labelIndices.append(contentsOf: other.labelIndices.lazy.map { newIndex[Int($0)] })
        lines.append(contentsOf: other.lines)
    }

    /// The examples at `indices`, in that order, in new columns.
    public func gathering<Indices: Sequence<Int>>(_ indices: Indices) -> ExampleColumns {
        var gathered = ExampleColumns()
        var rows = 0
        var byteCount = 0
        for index in indices {
            rows += 1
            byteCount += textByteCount(at: index)
        }
        gathered.reserveCapacity(rows: rows, textBytes: byteCount)
        for index in indices { gathered.append(self, at: index) }
        return gathered
    }

    /// Replaces every class index `i` with `newIndex[i]` (when the label order changes).
    public mutating func relabel(_ newIndex: [Int32]) {
        for row in labelIndices.indices { labelIndices[row] = newIndex[Int(labelIndices[row])] }
    }
}
