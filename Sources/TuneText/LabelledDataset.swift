import Foundation

/// One text with its label, such as a review and "positive".
public struct LabelledExample: Hashable, Codable, Sendable {
    public var text: String
    public var label: String
    /// The line the example starts on in the file it was read from (from 1), if any.
    public var line: Int?

    public init(text: String, label: String, line: Int? = nil) {
        self.text = text
        self.label = label
        self.line = line
    }
}

/// Examples of text with a label each, and the ordered set of labels; the label at
/// position `i` of `labels` is class `i` for a classifier.
///
/// The examples are stored column by column (`ExampleColumns`): one buffer of text bytes,
/// and a class index and a line number per example. `examples` reads them as
/// `LabelledExample`s.
public struct LabelledDataset: Equatable, Sendable {
    /// Where the examples came from (the file's name, or a split such as "reviews.csv (train)").
    public let name: String
    /// The examples' texts, class indices and lines. [N rows]
    public let columns: ExampleColumns
    /// Every label, each once, in class order.
    public let labels: [String]
    /// The rows the reader skipped under `BadRowPolicy.skip`, in file order.
    public let skippedRows: [BadRow]

    /// A dataset from examples in memory (converted into columns).
    ///
    /// - Parameter labels: the label set in class order; nil takes the examples'
    ///   labels in sorted order. Every example's label must be in it.
    public init<Examples: Collection<LabelledExample>>(
        name: String, examples: Examples, labels: [String]? = nil, skippedRows: [BadRow] = []
    ) throws {
        let labelSet = labels ?? Array(Set(examples.map(\.label))).sorted()
        try Self.checkEachOnce(labelSet)
        let indexByLabel = Dictionary(uniqueKeysWithValues: labelSet.enumerated().map { ($1, $0) })
        var columns = ExampleColumns()
        columns.reserveCapacity(rows: examples.count, textBytes: examples.reduce(0) { $0 + $1.text.utf8.count })
        for example in examples {
            guard let labelIndex = indexByLabel[example.label] else {
                throw DatasetError.invalidArgument(
                    name: "labels", value: "[\(labelSet.joined(separator: ", "))]",
                    accepts: "a set containing every example's label (\"\(example.label)\" is missing)")
            }
            columns.append(text: example.text, labelIndex: labelIndex, line: example.line)
        }
        self.init(name: name, trustedColumns: columns, labels: labelSet, skippedRows: skippedRows)
    }

    /// A dataset from columns already built, whose class indices point into `labels`.
    ///
    /// Throws when `labels` holds a label twice or a class index is not a position in it.
    public init(name: String, columns: ExampleColumns, labels: [String], skippedRows: [BadRow] = []) throws {
        try Self.checkEachOnce(labels)
        if let stray = columns.labelIndices.first(where: { !labels.indices.contains(Int($0)) }) {
            throw DatasetError.invalidArgument(
                name: "columns", value: "class index \(stray)",
                accepts: "a position in the \(labels.count) labels")
        }
        self.init(name: name, trustedColumns: columns, labels: labels, skippedRows: skippedRows)
    }

    /// The examples of `parts` one after another, with the label set `labels` (each part's
    /// class indices renumbered into it). Every part's examples' labels must be in it.
    public init(name: String, joining parts: [LabelledDataset], labels: [String]) throws {
        try Self.checkEachOnce(labels)
        let indexByLabel = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, Int32($0)) })
        var columns = ExampleColumns()
        columns.reserveCapacity(
            rows: parts.reduce(0) { $0 + $1.count }, textBytes: parts.reduce(0) { $0 + $1.columns.textBytes.count })
        for part in parts {
            // A part's label that is not in `labels` is an error only if an example uses it.
            let newIndex = part.labels.map { indexByLabel[$0] ?? -1 }
            if let stray = part.columns.labelIndices.first(where: { newIndex[Int($0)] < 0 }) {
                throw DatasetError.invalidArgument(
                    name: "labels", value: "[\(labels.joined(separator: ", "))]",
                    accepts: "a set containing every example's label (\"\(part.labels[Int(stray)])\" is missing)")
            }
            columns.append(contentsOf: part.columns, relabelling: newIndex)
        }
        self.init(name: name, trustedColumns: columns, labels: labels, skippedRows: [])
    }

    /// The memberwise init, for callers that built the columns against `labels` themselves.
    init(name: String, trustedColumns columns: ExampleColumns, labels: [String], skippedRows: [BadRow]) {
        self.name = name
        self.columns = columns
        self.labels = labels
        self.skippedRows = skippedRows
    }

    /// The examples, each made from the columns when it is read.
    public var examples: LabelledExamples { LabelledExamples(columns: columns, labels: labels) }

    /// The number of examples.
    public var count: Int { columns.count }
    public var isEmpty: Bool { columns.count == 0 }

    /// Example `index`'s text, without making the whole example.
    public func text(at index: Int) -> String { columns.text(at: index) }

    /// Example `index`'s class index (its label's position in `labels`).
    public func labelIndex(at index: Int) -> Int { columns.labelIndex(at: index) }

    /// Example `index`'s label.
    public func label(at index: Int) -> String { labels[columns.labelIndex(at: index)] }

    /// Whether any example carries `label`.
    public func hasExamples(labelled label: String) -> Bool {
        guard let index = labelIndex(of: label) else { return false }
        return columns.labelIndices.contains(Int32(index))
    }

    /// The examples' texts, in order.
    public var texts: [String] { (0..<count).map(columns.text(at:)) }

    /// The class index of `label` (its position in `labels`), or nil.
    public func labelIndex(of label: String) -> Int? {
        labels.firstIndex(of: label)
    }

    /// Every example's class index, in order. // [N]
    public var labelIndices: [Int] { columns.labelIndices.map { Int($0) } }

    /// How many examples carry each label, in `labels` order. // [L]
    public var countsByLabel: [Int] {
        var counts = Array(repeating: 0, count: labels.count)
        for index in columns.labelIndices { counts[Int(index)] += 1 }
        return counts
    }

    /// Throws when a label appears twice in `labels`.
    static func checkEachOnce(_ labels: [String]) throws {
        if let duplicate = firstDuplicate(labels) {
            throw DatasetError.invalidArgument(
                name: "labels", value: "[\(labels.joined(separator: ", "))]",
                accepts: "each label once (\"\(duplicate)\" appears twice)")
        }
    }

    static func firstDuplicate(_ values: [String]) -> String? {
        var seen: Set<String> = []
        for value in values where !seen.insert(value).inserted { return value }
        return nil
    }
}

// MARK: - Reading options

/// A column of a CSV/TSV file: by its header name, or by position counting from 1.
public enum Column: Equatable, Sendable, CustomStringConvertible {
    case name(String)
    case index(Int)

    public var description: String {
        switch self {
        case .name(let name): return "\"\(name)\""
        case .index(let index): return "#\(index)"
        }
    }
}

/// What a reader does with a row it cannot use.
public enum BadRowPolicy: Equatable, Sendable {
    /// Leave the row out and list it in `LabelledDataset.skippedRows`.
    case skip
    /// Stop at the first bad row with `DatasetError.badRow`, naming file:line and the problem.
    case reject
}

/// The character between the fields of a delimited file.
public enum FieldDelimiter: CaseIterable, Equatable, Sendable {
    case comma
    case tab
    /// Common in CSV files saved where the comma is the decimal mark.
    case semicolon

    /// The delimiter's byte (each is ASCII).
    public var byte: UInt8 {
        switch self {
        case .comma: return 0x2C
        case .tab: return 0x09
        case .semicolon: return 0x3B
        }
    }

    /// "comma", "tab" or "semicolon".
    public var name: String {
        switch self {
        case .comma: return "comma"
        case .tab: return "tab"
        case .semicolon: return "semicolon"
        }
    }

    /// Tab for `.tsv` and `.tab` files, comma otherwise.
    public static func forFile(_ url: URL) -> FieldDelimiter {
        ["tsv", "tab"].contains(url.pathExtension.lowercased()) ? .tab : .comma
    }
}

// MARK: - Reading any supported file

/// How a reader turns a file's rows into examples, beyond which columns to read.
public struct ReadOptions {
    /// The label set in class order; rows with any other label are bad rows. nil takes
    /// every label found, sorted (or the mapping's names, in its order).
    public var labels: [String]?
    /// Names for the labels as written (`0` → `negative`); a row whose label the mapping
    /// does not mention is a bad row.
    public var labelMapping: LabelMapping?
    /// Skip bad rows (listing them in `skippedRows`) or stop at the first.
    public var onBadRow: BadRowPolicy
    public var encoding: TextEncoding
    /// Hears (bytes read, total bytes) as the file streams in.
    public var progress: ReadProgress?

    public init(
        labels: [String]? = nil, labelMapping: LabelMapping? = nil, onBadRow: BadRowPolicy = .reject,
        encoding: TextEncoding = .utf8, progress: ReadProgress? = nil
    ) {
        self.labels = labels
        self.labelMapping = labelMapping
        self.onBadRow = onBadRow
        self.encoding = encoding
        self.progress = progress
    }
}

extension LabelledDataset {
    /// Reads a `.jsonl`/`.ndjson` file as JSON lines and anything else as CSV (or TSV
    /// for `.tsv`/`.tab`). For JSON lines the columns must be given by name.
    public static func load(
        from url: URL, textColumn: Column = .name("text"), labelColumn: Column = .name("label"),
        hasHeader: Bool = true, labels: [String]? = nil, onBadRow: BadRowPolicy = .reject
    ) throws -> LabelledDataset {
        try load(
            from: url, textColumn: textColumn, labelColumn: labelColumn, hasHeader: hasHeader,
            options: ReadOptions(labels: labels, onBadRow: onBadRow))
    }

    /// `load(from:)` with every reading option.
    public static func load(
        from url: URL, textColumn: Column = .name("text"), labelColumn: Column = .name("label"),
        hasHeader: Bool = true, options: ReadOptions
    ) throws -> LabelledDataset {
        if ["jsonl", "ndjson"].contains(url.pathExtension.lowercased()) {
            guard case .name(let textField) = textColumn, case .name(let labelField) = labelColumn else {
                throw DatasetError.invalidOption(
                    file: url.lastPathComponent,
                    reason: "JSON lines have named fields, not numbered columns: choose the text and label fields by name")
            }
            return try loadJSONLines(from: .file(url), textField: textField, labelField: labelField, options: options)
        }
        return try loadDelimited(
            from: .file(url), textColumn: textColumn, labelColumn: labelColumn, hasHeader: hasHeader,
            delimiter: FieldDelimiter.forFile(url), options: options)
    }

    /// Checks a row's text and label, returning the example or the problem.
    static func validatedExample(
        text rawText: String, label rawLabel: String, line: Int, labels: [String]?, mapping: LabelMapping? = nil
    ) -> RowCheck {
        let text = trimmed(rawText)
        var label = trimmed(rawLabel)
        if text.isEmpty { return .bad(.emptyText) }
        if label.isEmpty { return .bad(.emptyLabel) }
        if let mapping {
            guard let name = mapping.name(of: label) else { return .bad(.unmappedLabel(label, mapped: mapping.writtenLabels)) }
            label = name
        }
        if let labels, !labels.contains(label) { return .bad(.unknownLabel(label, known: labels)) }
        return .good(LabelledExample(text: text, label: label, line: line))
    }

    /// `text` without whitespace and line breaks at its ends; a text that starts and ends
    /// with a visible ASCII character (most rows) is returned as is, without a scan.
    static func trimmed(_ text: String) -> String {
        if let first = text.utf8.first, let last = text.utf8.last, (0x21...0x7E).contains(first), (0x21...0x7E).contains(last) {
            return text
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    enum RowCheck {
        case good(LabelledExample)
        case bad(BadRow.Problem)
    }

    /// Collects good rows into columns and applies the bad-row policy; shared by all readers.
    struct RowCollector {
        let file: String
        let policy: BadRowPolicy
        let labels: [String]?
        var mapping: LabelMapping? = nil
        var columns = ExampleColumns()
        var skipped: [BadRow] = []
        /// The labels met so far, in order of first appearance: `labels` when given, else
        /// put in sorted order (and the class indices renumbered) once reading ends.
        private var labelsMet: [String] = []
        private var indexByLabel: [String: Int] = [:]
        /// The source's size in bytes (nil when unknown), to reserve the columns from.
        private let sourceByteCount: Int?

        mutating func reject(line: Int, _ problem: BadRow.Problem) throws {
            let row = BadRow(file: file, line: line, problem: problem)
            if policy == .reject { throw DatasetError.badRow(row) }
            skipped.append(row)
        }

        mutating func add(text: String, label: String, line: Int) throws {
            switch LabelledDataset.validatedExample(text: text, label: label, line: line, labels: labels, mapping: mapping) {
            case .good(let example):
                if columns.count == Self.rowsBeforeReserving { reserveForWholeSource() }
                columns.append(text: example.text, labelIndex: classIndex(of: example.label), line: example.line)
            case .bad(let problem): try reject(line: line, problem)
            }
        }

        /// The class index of a good row's label, numbering a label met for the first time.
        private mutating func classIndex(of label: String) -> Int {
            if let index = indexByLabel[label] { return index }
            labelsMet.append(label)
            indexByLabel[label] = labelsMet.count - 1
            return labelsMet.count - 1
        }

        // Columns that grow by doubling copy themselves each time, briefly holding the old
        // and the new copy. After a few thousand rows the source's size tells roughly how
        // many rows are coming, so the columns are reserved once. Capacity that is never
        // written to costs address space, not memory.
        private static let rowsBeforeReserving = 4096

        private mutating func reserveForWholeSource() {
            guard let total = sourceByteCount, columns.textBytes.count > 0 else { return }
            // Texts take at most the source's bytes (Latin-1 may grow a little in UTF-8).
            // Each row holds its text and at least a delimiter and a label byte: about
            // total / (average text bytes + 2) rows at most, if the rest look like the first.
            let averageTextBytes = Double(columns.textBytes.count) / Double(columns.count)
            let rows = Int(Double(total) / (averageTextBytes + 2) * 1.05)
            columns.reserveCapacity(rows: max(0, rows - columns.count), textBytes: max(0, total - columns.textBytes.count))
        }

        /// The dataset read; the collector is spent (its columns move into the dataset).
        mutating func dataset() throws -> LabelledDataset {
            guard columns.count > 0 else {
                let reason = skipped.isEmpty
                    ? "it has no data rows"
                    : "all \(skipped.count) rows were skipped (first: \(skipped[0].description))"
                throw DatasetError.noExamples(file: file, reason: reason)
            }
            if let labels {
                return LabelledDataset(name: file, trustedColumns: columns, labels: labels, skippedRows: skipped)
            }
            // No label set given: the labels found, sorted, are the classes.
            let sorted = labelsMet.sorted()
            let sortedIndex = Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($1, Int32($0)) })
            columns.relabel(labelsMet.map { sortedIndex[$0]! })
            return LabelledDataset(name: file, trustedColumns: columns, labels: sorted, skippedRows: skipped)
        }

        /// A collector for `source` read with `options`: the label set is `options.labels`,
        /// else the mapping's names (in its order).
        init(source: ByteSource, options: ReadOptions) throws {
            file = source.name
            policy = options.onBadRow
            mapping = options.labelMapping
            sourceByteCount = source.byteCount
            var labels = try LabelledDataset.validatedLabelSet(options.labels)
            if let mapping = options.labelMapping {
                if let labels, let stray = mapping.names.first(where: { !labels.contains($0) }) {
                    throw DatasetError.invalidArgument(
                        name: "labels", value: "[\(labels.joined(separator: ", "))]",
                        accepts: "a set containing every mapped name (\"\(stray)\" is missing)")
                }
                labels = labels ?? mapping.names
            }
            self.labels = labels
            // Given labels are the classes from the start, in their order.
            for label in labels ?? [] { _ = classIndex(of: label) }
        }
    }

    static func validatedLabelSet(_ labels: [String]?) throws -> [String]? {
        guard let labels else { return nil }
        guard !labels.isEmpty else {
            throw DatasetError.invalidArgument(name: "labels", value: "[]", accepts: "at least one label, or nil")
        }
        try checkEachOnce(labels)
        return labels
    }
}
