import Foundation

extension LabelledDataset {
    /// Reads labelled examples from a CSV or TSV file.
    ///
    /// Fields may be quoted ("..."), and a quoted field may hold delimiters, doubled
    /// quotes ("") and line breaks. Blank lines are ignored. The file streams through in
    /// chunks (`DelimitedRecordParser`), so only the examples stay in memory.
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
        try loadDelimited(
            from: .file(url), textColumn: textColumn, labelColumn: labelColumn, hasHeader: hasHeader,
            delimiter: delimiter ?? FieldDelimiter.forFile(url), options: ReadOptions(labels: labels, onBadRow: onBadRow))
    }

    /// Reads labelled examples from delimited bytes (a file, or bytes in memory) with
    /// every reading option: label names, encoding, progress.
    public static func loadDelimited(
        from source: ByteSource, textColumn: Column = .name("text"), labelColumn: Column = .name("label"),
        hasHeader: Bool = true, delimiter: FieldDelimiter, options: ReadOptions = ReadOptions()
    ) throws -> LabelledDataset {
        let file = source.name
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
        var collector = try RowCollector(source: source, options: options)
        var header: [String]?
        var seenHeader = !hasHeader
        // Column positions (0-based), known once the header is read (at once without one).
        var positions: (text: Int, label: Int)? = hasHeader ? nil : (columnIndex(textColumn), columnIndex(labelColumn))

        func position(of column: Column, header: [String], line: Int) throws -> Int {
            switch column {
            case .index(let index):
                guard index <= header.count else {
                    throw DatasetError.invalidOption(
                        file: file, reason: "column \(index) does not exist: the header has \(header.count) columns")
                }
                return index - 1
            case .name(let name):
                guard let index = header.firstIndex(of: name) else {
                    throw DatasetError.invalidOption(
                        file: "\(file):\(line)",
                        reason: "no column named \"\(name)\"; the header has "
                            + header.map { "\"\($0)\"" }.joined(separator: ", "))
                }
                return index
            }
        }

        func take(_ record: DelimitedRecord) throws {
            if record.isBlank { return }
            if !seenHeader {
                seenHeader = true
                let names = try record.texts(encoding: options.encoding, path: source.path)
                    .map { $0.trimmingCharacters(in: .whitespaces) }
                header = names
                positions = (try position(of: textColumn, header: names, line: record.line),
                             try position(of: labelColumn, header: names, line: record.line))
                return
            }
            guard let (textPosition, labelPosition) = positions else { return }
            let line = record.line
            if record.unclosedQuote {
                try collector.reject(line: line, .unclosedQuote)
                return
            }
            if let header, record.fields.count != header.count {
                try collector.reject(line: line, .wrongFieldCount(expected: header.count, found: record.fields.count))
                return
            }
            guard record.fields.indices.contains(textPosition) else {
                try collector.reject(line: line, .missingColumn("\(textColumn)"))
                return
            }
            guard record.fields.indices.contains(labelPosition) else {
                try collector.reject(line: line, .missingColumn("\(labelColumn)"))
                return
            }
            // Every field is decoded, so a bad byte anywhere in the file is reported.
            let fields = try record.texts(encoding: options.encoding, path: source.path)
            try collector.add(text: fields[textPosition], label: fields[labelPosition], line: line)
        }

        var parser: DelimitedRecordParser?
        try source.forEachChunk(progress: options.progress) { chunk, offset in
            if parser == nil { parser = DelimitedRecordParser(delimiter: delimiter, startOffset: offset) }
            try parser!.feed(chunk, take)
        }
        try parser?.finish(take)
        if !seenHeader {
            throw DatasetError.noExamples(file: file, reason: "it has only blank lines")
        }
        return try collector.dataset()
    }

    /// The 0-based position of a column chosen by index (names need a header).
    private static func columnIndex(_ column: Column) -> Int {
        if case .index(let index) = column { return index - 1 }
        return 0
    }
}
