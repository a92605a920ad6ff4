import Foundation

extension LabelledDataset {
    /// Reads labelled examples from a JSON lines file: one JSON object per line, such as
    /// `{"text": "I loved it", "label": "positive"}`. Blank lines are ignored.
    ///
    /// - Parameters:
    ///   - textField: the field holding the text (a string).
    ///   - labelField: the field holding the label (a string, or a number or boolean,
    ///     which is used as written: 1 becomes "1").
    ///   - labels: the label set in class order; nil takes every label found, sorted.
    ///   - onBadRow: skip bad lines (listing them in `skippedRows`) or stop at the first.
    ///     A line is bad when it is not a JSON object, lacks a field, has a field of the
    ///     wrong type, an empty text or label, or a label not in `labels`.
    public static func loadJSONLines(
        from url: URL, textField: String = "text", labelField: String = "label",
        labels: [String]? = nil, onBadRow: BadRowPolicy = .reject
    ) throws -> LabelledDataset {
        let file = url.lastPathComponent
        let text = try TextFile.read(url)
        var collector = RowCollector(file: file, policy: onBadRow, labels: try validatedLabelSet(labels))
        // Split on LF code points ("\r\n" is one Swift Character, so not on Characters).
        let lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
        for (offset, scalars) in lines.enumerated() {
            let lineNumber = offset + 1
            let line = String(String.UnicodeScalarView(scalars))
            if line.allSatisfy(\.isWhitespace) { continue }

            let object: [String: Any]
            do {
                let value = try JSONSerialization.jsonObject(with: Data(line.utf8), options: [.fragmentsAllowed])
                guard let dictionary = value as? [String: Any] else {
                    try collector.reject(line: lineNumber, .malformedJSON("the line is \(kind(of: value)), not an object"))
                    continue
                }
                object = dictionary
            } catch let error as DatasetError {
                throw error
            } catch {
                try collector.reject(line: lineNumber, .malformedJSON(parseFailure(error)))
                continue
            }

            guard let textValue = object[textField] else {
                try collector.reject(line: lineNumber, .missingColumn("\"\(textField)\""))
                continue
            }
            guard let textString = textValue as? String else {
                try collector.reject(line: lineNumber, .wrongFieldType(field: textField, expected: "a string"))
                continue
            }
            guard let labelValue = object[labelField] else {
                try collector.reject(line: lineNumber, .missingColumn("\"\(labelField)\""))
                continue
            }
            guard let labelString = labelText(labelValue) else {
                try collector.reject(
                    line: lineNumber, .wrongFieldType(field: labelField, expected: "a string, number or boolean"))
                continue
            }
            try collector.add(text: textString, label: labelString, line: lineNumber)
        }
        return try collector.dataset()
    }

    private static func labelText(_ value: Any) -> String? {
        if let string = value as? String { return string }
        if let number = value as? NSNumber { return number.stringValue }
        if let bool = value as? Bool { return bool ? "true" : "false" }
        return nil
    }

    private static func kind(of value: Any) -> String {
        switch value {
        case is String: return "a string"
        case is [Any]: return "an array"
        case is NSNull: return "null"
        case is NSNumber, is Bool: return "a number"
        default: return "not an object"
        }
    }

    private static func parseFailure(_ error: Error) -> String {
        let nsError = error as NSError
        if let detail = nsError.userInfo[NSDebugDescriptionErrorKey] as? String { return detail }
        return "not valid JSON"
    }
}
