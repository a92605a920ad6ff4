import Foundation

/// Collects tensors and writes them as one safetensors file, laid out as the reference
/// implementation lays it out, so files compare byte for byte with its output.
///
/// - Tensors are ordered by dtype, widest first (I64 before F32), then by name compared
///   as UTF-8 bytes; the header lists them in that order, after `__metadata__`.
/// - The header is compact JSON, padded with spaces to a multiple of 8 bytes so that
///   the data buffer starts aligned.
/// - The file appears atomically: bytes go to a temporary file in the same folder,
///   which is then renamed over the destination.
public struct SafetensorsWriter {
    /// One tensor to write: its elements already encoded as little-endian bytes.
    private struct PendingTensor {
        let name: String
        let dtype: SafetensorsDType
        let shape: [Int]
        let bytes: Data
    }

    /// How errors name the file before `write(to:)` knows its path.
    public static let unwrittenSource = "(not yet written)"

    private var tensors: [PendingTensor] = []
    private var names = Set<String>()
    /// String pairs stored under `__metadata__`.
    public var metadata: [String: String]

    public init(metadata: [String: String] = [:]) {
        self.metadata = metadata
    }

    // MARK: - Adding tensors

    /// Adds an F32 tensor; `values` are row-major and must number the shape's product.
    public mutating func add(name: String, shape: [Int], floats values: [Float]) throws {
        try checkNew(name: name, shape: shape, valueCount: values.count)
        let bytes = values.withUnsafeBufferPointer { buffer in
            littleEndianData(buffer) { $0.bitPattern.littleEndian }
        }
        append(PendingTensor(name: name, dtype: .float32, shape: shape, bytes: bytes))
    }

    /// Adds an I64 tensor (token ids, labels, counters).
    public mutating func add(name: String, shape: [Int], int64s values: [Int64]) throws {
        try checkNew(name: name, shape: shape, valueCount: values.count)
        let bytes = values.withUnsafeBufferPointer { buffer in
            littleEndianData(buffer) { $0.littleEndian }
        }
        append(PendingTensor(name: name, dtype: .int64, shape: shape, bytes: bytes))
    }

    // MARK: - Writing

    /// The complete file's bytes: length prefix, padded header, data buffer.
    public func encoded() -> Data {
        let ordered = orderedTensors()
        var header = headerJSON(for: ordered)
        // Pad with spaces (valid JSON whitespace) so the data buffer starts at a multiple of 8.
        let padding = (8 - header.count % 8) % 8
        header.append(contentsOf: [UInt8](repeating: UInt8(ascii: " "), count: padding))

        var file = Data(capacity: 8 + header.count + ordered.reduce(0) { $0 + $1.bytes.count })
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { file.append(contentsOf: $0) }
        file.append(contentsOf: header)
        for tensor in ordered {
            file.append(tensor.bytes)
        }
        return file
    }

    /// Writes the file to `url` atomically: a reader sees the old file or the new one,
    /// never a partial file.
    public func write(to url: URL) throws {
        let destination = url.standardizedFileURL
        let folder = destination.deletingLastPathComponent()
        // A hidden name in the same folder, so the rename stays on one file system.
        let temporary = folder.appendingPathComponent(
            ".\(destination.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier)."
                + "\(ProcessInfo.processInfo.globallyUniqueString).partial")
        do {
            try encoded().write(to: temporary)
            // On disk before the rename, so not even a power cut leaves an empty file under the name.
            let handle = try FileHandle(forWritingTo: temporary)
            try handle.synchronize()
            try handle.close()
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw SafetensorsError(source: destination.path, problem: .writeFailed(reason: "\(error)"))
        }
        guard rename(temporary.path, destination.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw SafetensorsError(source: destination.path, problem: .writeFailed(reason: "cannot rename into place: \(reason)"))
        }
    }

    // MARK: - Layout

    private mutating func append(_ tensor: PendingTensor) {
        tensors.append(tensor)
        names.insert(tensor.name)
    }

    private func checkNew(name: String, shape: [Int], valueCount: Int) throws {
        func fail(_ problem: SafetensorsError.Problem) -> SafetensorsError {
            SafetensorsError(source: Self.unwrittenSource, problem: problem)
        }
        guard !name.isEmpty else { throw fail(.emptyTensorName) }
        guard name != "__metadata__" else { throw fail(.reservedTensorName(name)) }
        guard !names.contains(name) else { throw fail(.duplicateTensorNameInInput(name)) }
        guard shape.allSatisfy({ $0 >= 0 }) else { throw fail(.negativeDimension(tensor: name, shape: shape)) }
        var expected = 1
        for dimension in shape {
            let (product, overflow) = expected.multipliedReportingOverflow(by: dimension)
            guard !overflow else { throw fail(.elementCountOverflow(tensor: name, shape: shape)) }
            expected = product
        }
        guard expected == valueCount else {
            throw fail(.valueCountMismatch(tensor: name, shape: shape, expected: expected, actual: valueCount))
        }
    }

    /// Widest dtype first, then names in UTF-8 byte order (not Swift's `String` order,
    /// which compares by Unicode canonical equivalence).
    private func orderedTensors() -> [PendingTensor] {
        tensors.sorted { left, right in
            if left.dtype != right.dtype { return left.dtype.writeOrder > right.dtype.writeOrder }
            return left.name.utf8.lexicographicallyPrecedes(right.name.utf8)
        }
    }

    /// `{"__metadata__":{...},"name":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},...}`
    private func headerJSON(for ordered: [PendingTensor]) -> [UInt8] {
        var json = "{"
        var first = true
        func separate() {
            if !first { json += "," }
            first = false
        }
        if !metadata.isEmpty {
            separate()
            let pairs = metadata.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            json += "\"__metadata__\":{"
                + pairs.map { "\(jsonString($0.key)):\(jsonString($0.value))" }.joined(separator: ",") + "}"
        }
        var offset = 0
        for tensor in ordered {
            separate()
            let end = offset + tensor.bytes.count
            json += "\(jsonString(tensor.name)):{\"dtype\":\"\(tensor.dtype.rawValue)\","
                + "\"shape\":[\(tensor.shape.map(String.init).joined(separator: ","))],"
                + "\"data_offsets\":[\(offset),\(end)]}"
            offset = end
        }
        json += "}"
        return Array(json.utf8)
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped,
    /// everything else (non-ASCII included) kept as UTF-8.
    private func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\u{00}"..."\u{1F}":
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// The values' bytes in little-endian order; `word` gives each value's bit pattern
    /// already byte-swapped for the file (a no-op on little-endian hosts).
    private func littleEndianData<Element, Word: FixedWidthInteger>(
        _ values: UnsafeBufferPointer<Element>, _ word: (Element) -> Word
    ) -> Data {
        #if _endian(little)
        if MemoryLayout<Element>.size == MemoryLayout<Word>.size {
            return Data(buffer: values)  // the host's layout is the file's
        }
        #endif
        var data = Data(count: values.count * MemoryLayout<Word>.size)
        data.withUnsafeMutableBytes { raw in
            for (index, value) in values.enumerated() {
                raw.storeBytes(of: word(value), toByteOffset: index * MemoryLayout<Word>.size, as: Word.self)
            }
        }
        return data
    }
}

// MARK: - One-call writers

/// Writes F32 tensors (and optionally I64 ones) with `metadata` to `url` atomically.
///
/// Throws `SafetensorsError` for an empty, reserved or repeated name, a negative
/// dimension, or a value count that differs from the shape's product.
public func writeSafetensors(
    _ tensors: [(name: String, shape: [Int], values: [Float])],
    integerTensors: [(name: String, shape: [Int], values: [Int64])] = [],
    metadata: [String: String] = [:],
    to url: URL
) throws {
    var writer = SafetensorsWriter(metadata: metadata)
    do {
        for tensor in tensors {
            try writer.add(name: tensor.name, shape: tensor.shape, floats: tensor.values)
        }
        for tensor in integerTensors {
            try writer.add(name: tensor.name, shape: tensor.shape, int64s: tensor.values)
        }
    } catch let error as SafetensorsError {
        // Name the destination file rather than the writer's placeholder.
        throw SafetensorsError(source: url.path, problem: error.problem)
    }
    try writer.write(to: url)
}
