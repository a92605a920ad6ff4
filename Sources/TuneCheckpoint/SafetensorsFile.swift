import Foundation

/// A safetensors file opened for reading, with every header entry checked against the bytes.
///
/// Layout of the format:
///
///     [8 bytes]  N, the header length, a little-endian UInt64
///     [N bytes]  UTF-8 JSON: { "name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]},
///                              ..., "__metadata__": {"key": "value", ...} }
///     [rest]     the data buffer; each tensor's little-endian, row-major bytes lie at
///                data buffer bytes begin..<end
///
/// Opening validates the whole header (see `init(data:source:)`), so that afterwards every
/// `entry(named:)` describes bytes that are really in the file, of the right length, and
/// shared with no other tensor. No input, however damaged, makes opening read out of
/// bounds or crash: it throws a `SafetensorsError` naming the file and the problem.
public struct SafetensorsFile: Sendable {
    /// The largest header accepted, in bytes; a larger length prefix means a damaged file.
    public static let maximumHeaderLength = 100_000_000

    /// The path or label used in error messages.
    public let source: String
    /// Tensor names, ordered by where their bytes start in the data buffer.
    public let names: [String]
    /// The `__metadata__` object of the header (empty when there is none).
    public let metadata: [String: String]
    /// The header's length in bytes (the N of the prefix).
    public let headerLength: Int
    /// The whole file's bytes (memory-mapped when opened from a URL).
    public let data: Data

    /// Entries in the order of `names`.
    public let entries: [SafetensorsEntry]
    private let entryIndexByName: [String: Int]

    // MARK: - Opening

    /// Opens the file at `url`, memory-mapping it rather than copying it.
    public init(contentsOf url: URL) throws {
        let path = url.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw SafetensorsError(source: path, problem: .unreadable(reason: "no such file"))
        }
        guard !isDirectory.boolValue else {
            throw SafetensorsError(source: path, problem: .unreadable(reason: "it is a directory"))
        }
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw SafetensorsError(source: path, problem: .unreadable(reason: "\(error)"))
        }
        try self.init(data: data, source: path)
    }

    /// Reads safetensors bytes already in memory; `source` names them in error messages.
    ///
    /// Throws when: the data is shorter than 8 bytes; the header length exceeds the bytes
    /// after the prefix or `maximumHeaderLength`; the header is not UTF-8, not JSON, or not
    /// an object; a key appears twice (tensor names, entry fields and metadata keys alike);
    /// an entry is not an object, lacks `dtype`, `shape` or `data_offsets`, or has one of the
    /// wrong JSON type; the dtype is unknown; a dimension or offset is not a non-negative
    /// integer; `data_offsets` begin after they end; the shape's element count times the
    /// dtype's size differs from `end - begin`; a range ends past the data buffer; two
    /// tensors' bytes overlap; `__metadata__` is not an object of strings.
    ///
    /// Accepted on purpose: unknown extra fields in an entry (ignored), gaps between tensors
    /// and unused bytes after the last one (never read).
    ///
    /// Names are compared as Swift strings: two names that differ only in Unicode
    /// normalization ("é" as one scalar, or "e" and a combining accent) count as one name
    /// and are reported as a duplicate.
    public init(data: Data, source: String) throws {
        self.source = source
        self.data = data
        let header = try Self.readHeader(of: data, source: source)
        headerLength = header.length
        metadata = header.metadata
        // Sort by where the bytes start; a stable sort keeps header order among equal
        // starts (zero-size tensors), so `names` is deterministic.
        let ordered = header.entries.enumerated().sorted {
            ($0.element.byteRange.lowerBound, $0.offset) < ($1.element.byteRange.lowerBound, $1.offset)
        }.map(\.element)
        entries = ordered
        names = ordered.map(\.name)
        entryIndexByName = Dictionary(uniqueKeysWithValues: ordered.enumerated().map { ($1.name, $0) })
    }

    // MARK: - Looking up tensors

    /// The entry of the tensor called `name`, or nil when the file has none.
    public func entry(named name: String) -> SafetensorsEntry? {
        entryIndexByName[name].map { entries[$0] }
    }

    /// The entry called `name`, or an error listing the names the file does have.
    public func requireEntry(named name: String) throws -> SafetensorsEntry {
        guard let entry = entry(named: name) else {
            throw SafetensorsError(source: source, problem: .noSuchTensor(name: name, available: names))
        }
        return entry
    }

    /// The tensor's raw little-endian bytes, without copying them.
    public func bytes(named name: String) throws -> Data {
        let entry = try requireEntry(named: name)
        let start = data.startIndex + entry.byteRange.lowerBound
        return data[start..<(start + entry.byteRange.count)]
    }
}

// MARK: - Header validation

extension SafetensorsFile {
    private struct Header {
        var length: Int
        var entries: [SafetensorsEntry]
        var metadata: [String: String]
    }

    private static let metadataKey = "__metadata__"

    private static func readHeader(of data: Data, source: String) throws -> Header {
        func fail(_ problem: SafetensorsError.Problem) -> SafetensorsError {
            SafetensorsError(source: source, problem: problem)
        }

        // The 8-byte length prefix.
        let byteCount = data.count
        guard byteCount >= 8 else { throw fail(.fileTooShort(byteCount: byteCount)) }
        let declaredLength = data.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        guard declaredLength <= UInt64(maximumHeaderLength) else {
            throw fail(.headerTooLarge(headerLength: declaredLength, limit: maximumHeaderLength))
        }
        guard declaredLength <= UInt64(byteCount - 8) else {
            throw fail(.headerLongerThanFile(headerLength: declaredLength, bytesAfterPrefix: byteCount - 8))
        }
        let headerLength = Int(declaredLength)
        let dataStart = 8 + headerLength
        let bufferSize = byteCount - dataStart

        // The JSON text.
        let headerBytes = data.withUnsafeBytes { Array($0[8..<dataStart]) }
        guard String(validating: headerBytes, as: UTF8.self) != nil else { throw fail(.headerNotUTF8) }
        let json: SafetensorsJSONValue
        do {
            json = try SafetensorsJSONParser.parse(headerBytes)
        } catch {
            throw fail(.headerNotJSON(reason: error.reason, byteOffset: error.byteOffset))
        }
        guard case .object(let members) = json else { throw fail(.headerNotObject(found: json.kindDescription)) }

        // Each member: the metadata or one tensor.
        var seenKeys = Set<String>()
        var entries: [SafetensorsEntry] = []
        var metadata: [String: String] = [:]
        for (key, value) in members {
            guard seenKeys.insert(key).inserted else { throw fail(.duplicateTensorName(key)) }
            if key == metadataKey {
                metadata = try readMetadata(value, fail: fail)
            } else {
                entries.append(
                    try readEntry(named: key, value, dataStart: dataStart, bufferSize: bufferSize, fail: fail))
            }
        }
        try checkNoOverlap(entries, dataStart: dataStart, fail: fail)
        return Header(length: headerLength, entries: entries, metadata: metadata)
    }

    private static func readMetadata(
        _ value: SafetensorsJSONValue, fail: (SafetensorsError.Problem) -> SafetensorsError
    ) throws -> [String: String] {
        guard case .object(let members) = value else { throw fail(.metadataNotObject(found: value.kindDescription)) }
        var metadata: [String: String] = [:]
        for (key, value) in members {
            guard case .string(let text) = value else {
                throw fail(.metadataValueNotString(key: key, found: value.kindDescription))
            }
            guard metadata.updateValue(text, forKey: key) == nil else { throw fail(.duplicateMetadataKey(key)) }
        }
        return metadata
    }

    private static func readEntry(
        named name: String, _ value: SafetensorsJSONValue, dataStart: Int, bufferSize: Int,
        fail: (SafetensorsError.Problem) -> SafetensorsError
    ) throws -> SafetensorsEntry {
        guard case .object(let members) = value else {
            throw fail(.entryNotObject(tensor: name, found: value.kindDescription))
        }
        var fields: [String: SafetensorsJSONValue] = [:]
        for (field, fieldValue) in members {
            guard fields.updateValue(fieldValue, forKey: field) == nil else {
                throw fail(.duplicateField(tensor: name, field: field))
            }
        }
        func field(_ field: String) throws -> SafetensorsJSONValue {
            guard let found = fields[field] else { throw fail(.missingField(tensor: name, field: field)) }
            return found
        }

        // dtype: a known name.
        let dtypeValue = try field("dtype")
        guard case .string(let dtypeName) = dtypeValue else {
            throw fail(.wrongFieldType(tensor: name, field: "dtype", expected: "a string",
                                       found: dtypeValue.kindDescription))
        }
        guard let dtype = SafetensorsDType(rawValue: dtypeName) else {
            throw fail(.unknownDType(tensor: name, dtype: dtypeName))
        }

        // shape: non-negative integers.
        let shapeValue = try field("shape")
        guard case .array(let dimensionValues) = shapeValue else {
            throw fail(.wrongFieldType(tensor: name, field: "shape", expected: "an array of integers",
                                       found: shapeValue.kindDescription))
        }
        var shape: [Int] = []
        for (index, dimensionValue) in dimensionValues.enumerated() {
            guard let dimension = dimensionValue.nonNegativeInteger else {
                throw fail(.invalidShapeDimension(tensor: name, index: index, value: describeNumber(dimensionValue)))
            }
            shape.append(dimension)
        }

        // data_offsets: [begin, end], non-negative integers.
        let offsetsValue = try field("data_offsets")
        guard case .array(let offsetValues) = offsetsValue, offsetValues.count == 2 else {
            throw fail(.wrongFieldType(tensor: name, field: "data_offsets", expected: "an array [begin, end] of two integers",
                                       found: describeOffsets(offsetsValue)))
        }
        var offsets: [Int] = []
        for (index, offsetValue) in offsetValues.enumerated() {
            guard let offset = offsetValue.nonNegativeInteger else {
                throw fail(.invalidOffset(tensor: name, index: index, value: describeNumber(offsetValue)))
            }
            offsets.append(offset)
        }
        let (begin, end) = (offsets[0], offsets[1])
        guard begin <= end else { throw fail(.beginAfterEnd(tensor: name, begin: begin, end: end)) }

        // The byte count the shape and dtype need must be exactly the range's length.
        var elementCount = 1
        for dimension in shape {
            let (product, overflow) = elementCount.multipliedReportingOverflow(by: dimension)
            guard !overflow else { throw fail(.elementCountOverflow(tensor: name, shape: shape)) }
            elementCount = product
        }
        let (neededBytes, overflow) = elementCount.multipliedReportingOverflow(by: dtype.byteSize)
        guard !overflow else { throw fail(.elementCountOverflow(tensor: name, shape: shape)) }
        guard neededBytes == end - begin else {
            throw fail(.byteCountMismatch(tensor: name, dtype: dtype.rawValue, shape: shape,
                                          expectedBytes: neededBytes, actualBytes: end - begin))
        }
        guard end <= bufferSize else { throw fail(.rangePastBuffer(tensor: name, end: end, bufferSize: bufferSize)) }

        return SafetensorsEntry(name: name, dtype: dtype, shape: shape,
                                byteRange: (dataStart + begin)..<(dataStart + end))
    }

    /// Throws when two tensors share a byte. Zero-size tensors hold no bytes, so they
    /// overlap nothing wherever their offsets point.
    private static func checkNoOverlap(
        _ entries: [SafetensorsEntry], dataStart: Int, fail: (SafetensorsError.Problem) -> SafetensorsError
    ) throws {
        let nonEmpty = entries.filter { !$0.byteRange.isEmpty }.sorted { $0.byteRange.lowerBound < $1.byteRange.lowerBound }
        // Sweep from left to right, remembering the tensor that reaches furthest so far.
        var furthest: SafetensorsEntry?
        for entry in nonEmpty {
            if let previous = furthest, entry.byteRange.lowerBound < previous.byteRange.upperBound {
                func relative(_ range: Range<Int>) -> Range<Int> {
                    (range.lowerBound - dataStart)..<(range.upperBound - dataStart)
                }
                throw fail(.overlappingRanges(first: previous.name, firstRange: relative(previous.byteRange),
                                              second: entry.name, secondRange: relative(entry.byteRange)))
            }
            if furthest == nil || entry.byteRange.upperBound > furthest!.byteRange.upperBound {
                furthest = entry
            }
        }
    }

    private static func describeNumber(_ value: SafetensorsJSONValue) -> String {
        if case .number(let text) = value { return text }
        return value.kindDescription
    }

    private static func describeOffsets(_ value: SafetensorsJSONValue) -> String {
        if case .array(let elements) = value { return "an array of \(elements.count) elements" }
        return value.kindDescription
    }
}
