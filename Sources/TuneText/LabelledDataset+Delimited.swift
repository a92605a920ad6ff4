import CSV
import Foundation

extension LabelledDataset {
    /// Reads labelled examples from a CSV or TSV file.
    ///
    /// Fields may be quoted ("..."), and a quoted field may hold delimiters, doubled
    /// quotes ("") and line breaks. Blank lines are ignored.
    ///
    /// - Parameters:
    ///   - textColumn, labelColumn: by header name, or by 1-based index.
    ///   - hasHeader: whether the first record names the columns (needed for `.name`).
    ///   - delimiter: nil chooses by extension: tab for `.tsv`/`.tab`, comma otherwise.
    ///   - labels: the label set in class order; rows with any other label are bad rows.
    ///     nil takes every label found, sorted.
    ///   - onBadRow: skip bad rows (listing them in `skippedRows`) or stop at the first.
    ///     A row is bad when its field count differs from the header's, a chosen column is
    ///     missing, its text or label is empty, or its label is not in `labels`.
    public static func loadDelimited(
        from url: URL, textColumn: Column = .name("text"), labelColumn: Column = .name("label"),
        hasHeader: Bool = true, delimiter: FieldDelimiter? = nil, labels: [String]? = nil,
        onBadRow: BadRowPolicy = .reject
    ) throws -> LabelledDataset {
        let file = url.lastPathComponent
        let text = try TextFile.read(url)
        let separator = delimiter ?? FieldDelimiter.forFile(url)
        let labels = try validatedLabelSet(labels)
        for column in [textColumn, labelColumn] {
            if case .index(let index) = column, index < 1 {
                throw DatasetError.invalidArgument(
                    name: "column", value: String(index), accepts: "a 1-based index (1 is the first column)")
            }
            if case .name(let name) = column, !hasHeader {
                throw DatasetError.invalidOption(
                    file: file,
                    reason: "column \"\(name)\" is chosen by name, but the file is read without a header; "
                        + "choose it by 1-based index, or read the first row as a header")
            }
        }

        let records = try readRecords(text, delimiter: separator, file: file)
        let lines = CSVRecordLines(text, delimiter: separator.scalar)
        func lineOf(_ record: Int) -> Int {
            lines.startLines.indices.contains(record) ? lines.startLines[record] : record + 1
        }
        var collector = RowCollector(file: file, policy: onBadRow, labels: labels)
        var firstData = 0
        var header: [String]?
        if hasHeader {
            guard let first = records.firstIndex(where: { !isBlank($0) }) else {
                throw DatasetError.noExamples(file: file, reason: "it has only blank lines")
            }
            header = records[first].map { $0.trimmingCharacters(in: .whitespaces) }
            firstData = first + 1
        }

        // Column positions (0-based).
        func position(of column: Column) throws -> Int {
            switch column {
            case .index(let index):
                if let header, index > header.count {
                    throw DatasetError.invalidOption(
                        file: file,
                        reason: "column \(index) does not exist: the header has \(header.count) columns")
                }
                return index - 1
            case .name(let name):
                guard let header, let index = header.firstIndex(of: name) else {
                    throw DatasetError.invalidOption(
                        file: "\(file):\(lineOf(max(0, firstData - 1)))",
                        reason: "no column named \"\(name)\"; the header has "
                            + (header ?? []).map { "\"\($0)\"" }.joined(separator: ", "))
                }
                return index
            }
        }
        let textPosition = try position(of: textColumn)
        let labelPosition = try position(of: labelColumn)

        for recordIndex in firstData..<records.count {
            let fields = records[recordIndex]
            if isBlank(fields) { continue }
            let line = lineOf(recordIndex)
            if let unclosed = lines.unclosedQuoteLine, recordIndex == records.count - 1, unclosed >= line {
                try collector.reject(line: line, .unclosedQuote)
                continue
            }
            if let header, fields.count != header.count {
                try collector.reject(line: line, .wrongFieldCount(expected: header.count, found: fields.count))
                continue
            }
            guard fields.indices.contains(textPosition) else {
                try collector.reject(line: line, .missingColumn("\(textColumn)"))
                continue
            }
            guard fields.indices.contains(labelPosition) else {
                try collector.reject(line: line, .missingColumn("\(labelColumn)"))
                continue
            }
            try collector.add(text: fields[textPosition], label: fields[labelPosition], line: line)
        }
        return try collector.dataset()
    }

    /// Every record's fields, by the CSV package.
    private static func readRecords(_ text: String, delimiter: FieldDelimiter, file: String) throws -> [[String]] {
        let reader: CSVReader
        do {
            reader = try CSVReader(string: text, hasHeaderRow: false, delimiter: delimiter.scalar)
        } catch {
            throw DatasetError.cannotRead(file: file, reason: "not readable as CSV: \(error)")
        }
        var records: [[String]] = []
        while let record = reader.next() { records.append(record) }
        if let error = reader.error {
            throw DatasetError.cannotRead(file: file, reason: "not readable as CSV: \(error)")
        }
        return records
    }

    /// A record from a blank (or whitespace-only) line.
    private static func isBlank(_ fields: [String]) -> Bool {
        fields.count == 1 && fields[0].allSatisfy(\.isWhitespace)
    }
}
