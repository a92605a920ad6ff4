import Foundation

extension LabelledDataset {
    /// Reads labelled examples from a JSON lines file: one JSON object per line, such as
    /// `{"text": "I loved it", "label": "positive"}`. Blank lines are ignored.
    ///
    /// - Parameters:
    ///   - textField: the field holding the text (a string). A dotted path reaches into
    ///     nested objects and arrays: `review.body`, `reviews.0.text`. A key that itself
    ///     holds a dot (`"review.body": ...`) is found first.
    ///   - labelField: the field holding the label (a string, or a number or boolean,
    ///     which is used as written: 1 becomes "1"); a dotted path as for `textField`.
    ///   - labels: the label set in class order; nil takes every label found, sorted.
    ///   - onBadRow: skip bad lines (listing them in `skippedRows`) or stop at the first.
    ///     A line is bad when it is not a JSON object, lacks a field, has a field of the
    ///     wrong type, an empty text or label, or a label not in `labels`.
    public static func loadJSONLines(
        from url: URL, textField: String = "text", labelField: String = "label",
        labels: [String]? = nil, onBadRow: BadRowPolicy = .reject
    ) throws -> LabelledDataset {
        try loadJSONLines(
            from: .file(url), textField: textField, labelField: labelField,
            options: ReadOptions(labels: labels, onBadRow: onBadRow))
    }

    /// Reads JSON lines from a file or from bytes in memory, with every reading option.
    /// The file streams through a line at a time, so only the examples stay in memory.
    public static func loadJSONLines(
        from source: ByteSource, textField: String = "text", labelField: String = "label",
        options: ReadOptions = ReadOptions()
    ) throws -> LabelledDataset {
        var collector = try RowCollector(source: source, options: options)
        var lineNumber = 0
        func take(_ bytes: ArraySlice<UInt8>, offset: Int) throws {
            lineNumber += 1
            var line = bytes
            if line.last == 0x0D { line = line.dropLast() }
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return }
            let jsonBytes: Data
            switch options.encoding {
            case .utf8:
                if let bad = TextFile.firstInvalidUTF8Offset(Array(line)) {
                    throw DatasetError.notUTF8(file: source.path, byteOffset: offset + bad, line: lineNumber)
                }
                jsonBytes = Data(line)
            case .latin1:
                jsonBytes = Data((options.encoding.decode(Array(line)) ?? "").utf8)
            }
            let object: [String: Any]
            do {
                let value = try JSONSerialization.jsonObject(with: jsonBytes, options: [.fragmentsAllowed])
                guard let dictionary = value as? [String: Any] else {
                    try collector.reject(line: lineNumber, .malformedJSON("the line is \(kind(of: value)), not an object"))
                    return
                }
                object = dictionary
            } catch let error as DatasetError {
                throw error
            } catch {
                try collector.reject(line: lineNumber, .malformedJSON(parseFailure(error)))
                return
            }

            guard let textValue = field(textField, in: object) else {
                try collector.reject(line: lineNumber, .missingColumn("\"\(textField)\""))
                return
            }
            guard let textString = textValue as? String else {
                try collector.reject(line: lineNumber, .wrongFieldType(field: textField, expected: "a string"))
                return
            }
            guard let labelValue = field(labelField, in: object) else {
                try collector.reject(line: lineNumber, .missingColumn("\"\(labelField)\""))
                return
            }
            guard let labelString = labelText(labelValue) else {
                try collector.reject(
                    line: lineNumber, .wrongFieldType(field: labelField, expected: "a string, number or boolean"))
                return
            }
            try collector.add(text: textString, label: labelString, line: lineNumber)
        }

        // Lines end at LF; a line cut by a chunk's end waits in `pending` for the rest.
        var pending: [UInt8] = []
        var pendingOffset = 0
        try source.forEachChunk(progress: options.progress) { chunk, chunkOffset in
            var start = 0
            for index in chunk.indices where chunk[index] == 0x0A {
                if pending.isEmpty {
                    try take(ArraySlice(chunk[start..<index]), offset: chunkOffset + start)
                } else {
                    pending.append(contentsOf: chunk[start..<index])
                    try take(pending[...], offset: pendingOffset)
                    pending.removeAll(keepingCapacity: true)
                }
                start = index + 1
            }
            if start < chunk.count {
                if pending.isEmpty { pendingOffset = chunkOffset + start }
                pending.append(contentsOf: chunk[start...])
            }
        }
        if !pending.isEmpty { try take(pending[...], offset: pendingOffset) }
        return try collector.dataset()
    }

    /// The value at `path` in `object`: the key as written, else a dotted path through
    /// objects (by key) and arrays (by index from 0).
    static func field(_ path: String, in object: [String: Any]) -> Any? {
        if let value = object[path] { return value }
        var current: Any = object
        for step in path.split(separator: ".", omittingEmptySubsequences: false).map(String.init) {
            if let dictionary = current as? [String: Any], let next = dictionary[step] {
                current = next
            } else if let array = current as? [Any], let index = Int(step), array.indices.contains(index) {
                current = array[index]
            } else {
                return nil
            }
        }
        return current
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
