import Foundation
import TuneText

/// How `data load` reads a file: decided from `format=`, the extension, and the file's
/// first lines, so that a `.txt` of "sentence<TAB>0" lines loads as labelled columns, and
/// `text=`/`label=` are never silently ignored.
struct DataFormat {
    enum Kind {
        case plainText
        case jsonLines(text: String, label: String)
        case delimited(FieldDelimiter, hasHeader: Bool, text: Column, label: Column)
    }

    let kind: Kind
    /// What was decided without being asked, to print before loading.
    var notes: [String] = []

    /// The `format=` names of the delimiters.
    static let delimiterFormats: [String: FieldDelimiter] = ["csv": .comma, "tsv": .tab, "semicolon": .semicolon]

    /// Decides how to read `url`.
    ///
    /// - Parameters:
    ///   - text, label: the columns the learner typed (nil when not typed).
    ///   - labelsTyped: whether `labels=` was typed (it needs labels, so not plain text).
    static func decide(for url: URL, format: String?, text: String?, label: String?, labelsTyped: Bool) throws -> DataFormat {
        let file = url.lastPathComponent
        let ext = url.pathExtension.lowercased()
        let typedKeys = [text.map { "text=\($0)" }, label.map { "label=\($0)" }].compactMap { $0 } + (labelsTyped ? ["labels="] : [])
        if format == "text" {
            guard typedKeys.isEmpty else {
                throw CommandError("format=text reads \(file) as plain text, without columns or labels, so "
                    + "\(typedKeys.joined(separator: " and ")) would be ignored. Leave \(typedKeys.count == 1 ? "it" : "them") out, "
                    + "or read columns with format=tsv, format=csv, format=semicolon or format=jsonl.")
            }
            return DataFormat(kind: .plainText)
        }
        if format == "jsonl" || (format == nil && ["jsonl", "ndjson"].contains(ext)) {
            for (key, value) in [("text", text), ("label", label)] {
                guard let value, Int(value) != nil else { continue }
                throw CommandError("format=jsonl: \(key)=\(value) is a number, but JSON lines have named fields; "
                    + "choose \(key)= by field name (a dotted path such as review.body reaches inside objects).")
            }
            return DataFormat(kind: .jsonLines(text: text ?? "text", label: label ?? "label"))
        }

        // Delimited: which delimiters to try, and whether the file's look decides the format.
        let candidates: [FieldDelimiter]
        let sniffingFormat: Bool
        switch (format, ext) {
        case (let named?, _):
            candidates = [delimiterFormats[named] ?? .comma]
            sniffingFormat = false
        case (nil, "csv"):
            candidates = [.comma, .semicolon, .tab]
            sniffingFormat = false
        case (nil, "tsv"), (nil, "tab"):
            candidates = [.tab]
            sniffingFormat = false
        default:
            candidates = [.tab, .semicolon, .comma]
            sniffingFormat = true
        }
        let layout = try DelimitedLayout.sniff(.file(url), delimiters: candidates)
        var notes: [String] = []
        if sniffingFormat {
            let fitsTypedColumns = layout.map { layout in
                [text, label].compactMap { $0 }.allSatisfy { key in
                    if let index = Int(key) { return index >= 1 && index <= layout.columnCount }
                    return layout.firstLine.contains(key)
                }
            } ?? false
            let columnsTyped = text != nil || label != nil
            if let layout, layout.labelColumn != nil || (columnsTyped && fitsTypedColumns) {
                let header = layout.hasHeader ? "a header line" : "no header line"
                notes.append("\(file): read as \(layout.delimiter.name)-separated columns (\(layout.columnCount) columns, \(header)); "
                    + "format=text reads it as plain text instead.")
            } else if !typedKeys.isEmpty {
                let found = layout.map { "its lines split into \($0.columnCount) \($0.delimiter.name)-separated fields, but no column looks like labels and \(typedKeys.joined(separator: " ")) do not match them" }
                    ?? "its lines do not split into steady columns at a tab, semicolon or comma"
                throw CommandError("\(file): \(typedKeys.joined(separator: " and ")) choose columns and labels, but \(found). "
                    + "Say how to read it: format=tsv (tab-separated), format=csv, format=semicolon or format=jsonl; "
                    + "or leave out \(typedKeys.joined(separator: " and ")) to load it as plain text.")
            } else if ["txt", "text"].contains(ext) {
                return DataFormat(kind: .plainText, notes: [])
            }
        }
        let delimiter = layout?.delimiter ?? candidates[0]
        if !sniffingFormat, let layout, layout.delimiter != candidates[0], format == nil {
            notes.append("\(file): its fields are separated by \(layout.delimiter.name)s, not \(candidates[0].name)s; reading it that way.")
        }

        // The header: typed names, or text and label in the first line, or the sniffer's guess.
        let firstLine = layout?.firstLine ?? []
        let typedNames = [text, label].compactMap { $0 }.filter { Int($0) == nil }
        let hasHeader = !typedNames.isEmpty || (firstLine.contains("text") && firstLine.contains("label"))
            || (layout.map(\.hasHeader) ?? true)
        var guessed: [String] = []
        func column(_ typed: String?, default name: String, guess: Int?) -> Column {
            if let typed { return Int(typed).map(Column.index) ?? .name(typed) }
            if hasHeader && (firstLine.contains(name) || layout == nil) { return .name(name) }
            if let guess {
                let title = hasHeader && firstLine.indices.contains(guess - 1) ? " (\"\(firstLine[guess - 1])\")" : ""
                guessed.append("\(name) = column \(guess)\(title)")
                return .index(guess)
            }
            return .name(name)
        }
        let textColumn = column(text, default: "text", guess: layout?.textColumn)
        let labelColumn = column(label, default: "label", guess: layout?.labelColumn)
        if !guessed.isEmpty {
            notes.append("Columns guessed from the lines: \(guessed.joined(separator: ", ")); choose others with text= and label=.")
        }
        return DataFormat(kind: .delimited(delimiter, hasHeader: hasHeader, text: textColumn, label: labelColumn), notes: notes)
    }
}
