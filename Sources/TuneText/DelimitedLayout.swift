import Foundation

/// What the first lines of a file say about its columns: which delimiter separates them,
/// whether the first line is a header, and which columns look like the text and the label.
///
/// People's labelled files often come as `.txt` with a tab between a sentence and a 0 or
/// 1, with or without a header line; this is how the lab tells such a file from prose.
public struct DelimitedLayout: Equatable, Sendable {
    public let delimiter: FieldDelimiter
    /// The number of fields most lines have.
    public let columnCount: Int
    /// The first line's fields when it names the columns, else nil.
    public let header: [String]?
    /// The first line's fields (trimmed), header or not.
    public let firstLine: [String]
    /// The column (from 1) holding few distinct short values, the likely label; nil when
    /// no column looks like labels.
    public let labelColumn: Int?
    /// The column (from 1) with the longest values among the rest, the likely text.
    public let textColumn: Int?
    /// How many lines were looked at, and how many of them had `columnCount` fields.
    public let sampledLines: Int
    public let matchingLines: Int

    public var hasHeader: Bool { header != nil }

    /// How many bytes from the start of a file `sniff(_:)` looks at.
    public static let sampleSize = 64 * 1024

    /// The layout of the first `sampleSize` bytes of `source` (a byte order mark left out),
    /// trying `delimiters` in order; nil when no delimiter gives steady columns.
    public static func sniff(_ source: ByteSource, delimiters: [FieldDelimiter] = [.tab, .semicolon, .comma]) throws -> DelimitedLayout? {
        let start = try source.prefix(sampleSize)
        var sample = start.bytes
        if sample.starts(with: [0xEF, 0xBB, 0xBF]) { sample.removeFirst(3) }
        return sniff(sample, isWholeFile: start.isWhole, delimiters: delimiters)
    }

    /// The layout of `sample`, the start of a file (its last line may be cut short unless
    /// `isWholeFile`), trying `delimiters` in order.
    ///
    /// A delimiter fits when at least 9 in 10 lines split into the same number of fields,
    /// two or more. Among those that fit, the first with a column that looks like labels
    /// wins, else the first that fits.
    public static func sniff(_ sample: [UInt8], isWholeFile: Bool, delimiters: [FieldDelimiter] = [.tab, .semicolon, .comma]) -> DelimitedLayout? {
        var fitting: [DelimitedLayout] = []
        for delimiter in delimiters {
            var records: [[String]] = []
            var parser = DelimitedRecordParser(delimiter: delimiter)
            sample.withUnsafeBufferPointer { buffer in
                parser.feed(buffer) { record in
                    if !record.isBlank && records.count < 500 {
                        records.append(record.fields.map { String(decoding: $0, as: UTF8.self) })
                    }
                }
            }
            if isWholeFile { parser.finish { if !$0.isBlank && records.count < 500 { records.append($0.fields.map { String(decoding: $0, as: UTF8.self) }) } } }
            if let layout = layout(of: records, delimiter: delimiter) { fitting.append(layout) }
        }
        return fitting.first { $0.labelColumn != nil } ?? fitting.first
    }

    /// The layout of `records` split by `delimiter`, or nil when their field counts vary.
    static func layout(of records: [[String]], delimiter: FieldDelimiter) -> DelimitedLayout? {
        guard !records.isEmpty else { return nil }
        var tally: [Int: Int] = [:]
        for record in records { tally[record.count, default: 0] += 1 }
        guard let (columns, matching) = tally.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }),
              columns >= 2, matching * 10 >= records.count * 9 else { return nil }
        let steady = records.filter { $0.count == columns }
        let trimmed = steady.map { $0.map { $0.trimmingCharacters(in: .whitespaces) } }

        // The first line is a header when a column that looks like labels below it holds
        // something else in the first line ("label" above 0s and 1s).
        var header: [String]?
        if trimmed.count >= 2, let below = labelColumn(of: Array(trimmed.dropFirst()), columns: columns),
           !trimmed.dropFirst().contains(where: { $0[below] == trimmed[0][below] }) {
            header = trimmed[0]
        }
        let data = header == nil ? trimmed : Array(trimmed.dropFirst())
        let label = labelColumn(of: data, columns: columns)
        var text: Int?
        var longest = -1.0
        for column in 0..<columns where column != label {
            let mean = Double(data.reduce(0) { $0 + $1[column].count }) / Double(max(data.count, 1))
            if mean > longest { longest = mean; text = column }
        }
        return DelimitedLayout(
            delimiter: delimiter, columnCount: columns, header: header, firstLine: records[0].map { $0.trimmingCharacters(in: .whitespaces) }, labelColumn: label.map { $0 + 1 },
            textColumn: text.map { $0 + 1 }, sampledLines: records.count, matchingLines: matching)
    }

    /// The 0-based column whose values look like labels: short (40 characters at most),
    /// not all different, and few (at most 50, and at most half the rows once there are
    /// more than 4). The one with the fewest distinct values wins, the last on a tie.
    static func labelColumn(of rows: [[String]], columns: Int) -> Int? {
        guard !rows.isEmpty else { return nil }
        var best: (column: Int, distinct: Int)?
        for column in 0..<columns {
            let values = rows.map { $0[column] }
            guard values.allSatisfy({ !$0.isEmpty && $0.count <= 40 }) else { continue }
            let distinct = Set(values).count
            let limit = rows.count > 4 ? min(50, rows.count / 2) : rows.count - 1
            guard distinct <= max(limit, 1), distinct < rows.count || rows.count == 1 else { continue }
            if distinct <= best?.distinct ?? Int.max { best = (column, distinct) }
        }
        return best?.column
    }
}
