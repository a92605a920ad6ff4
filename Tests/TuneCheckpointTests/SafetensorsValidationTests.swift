import Foundation
import Testing
import TuneCheckpoint

// MARK: - Helpers shared by the safetensors tests

/// Builds safetensors bytes by hand, so tests can write headers the writer never would.
enum SafetensorsBytes {
    /// The 8-byte little-endian length prefix, `header` as UTF-8, then `dataByteCount` bytes
    /// counting up from 0 (so different tensors hold different bytes).
    static func file(header: String, dataByteCount: Int = 0) -> Data {
        file(headerBytes: Array(header.utf8), dataByteCount: dataByteCount)
    }

    static func file(headerBytes: [UInt8], dataByteCount: Int = 0) -> Data {
        var data = Data()
        withUnsafeBytes(of: UInt64(headerBytes.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(contentsOf: headerBytes)
        data.append(contentsOf: (0..<dataByteCount).map { UInt8(truncatingIfNeeded: $0) })
        return data
    }

    /// Only a length prefix and whatever follows.
    static func prefix(_ length: UInt64, followedBy byteCount: Int) -> Data {
        var data = Data()
        withUnsafeBytes(of: length.littleEndian) { data.append(contentsOf: $0) }
        data.append(contentsOf: [UInt8](repeating: UInt8(ascii: " "), count: byteCount))
        return data
    }

    /// The problem opening `data` reports, or nil when it opens.
    static func problem(opening data: Data, source: String = "test.safetensors") -> SafetensorsError.Problem? {
        do {
            _ = try SafetensorsFile(data: data, source: source)
            return nil
        } catch let error as SafetensorsError {
            return error.problem
        } catch {
            Issue.record("opening threw a non-safetensors error: \(error)")
            return nil
        }
    }

    /// The tests' own temporary folder, removed by the caller.
    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("tunelab-safetensors-tests-\(ProcessInfo.processInfo.globallyUniqueString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}

/// One malformed file and the problem it must be reported with.
struct MalformedCase: Sendable, CustomStringConvertible {
    let label: String
    let data: Data
    let expected: SafetensorsError.Problem
    var description: String { label }

    init(_ label: String, _ data: Data, _ expected: SafetensorsError.Problem) {
        self.label = label
        self.data = data
        self.expected = expected
    }

    init(_ label: String, header: String, dataByteCount: Int = 0, _ expected: SafetensorsError.Problem) {
        self.init(label, SafetensorsBytes.file(header: header, dataByteCount: dataByteCount), expected)
    }
}

/// `{"a": <entry>}`: one F32 tensor entry with the given fields.
private func entry(_ fields: String) -> String {
    "{\"a\":{\(fields)}}"
}

// MARK: - Validation at open time

@Suite struct SafetensorsValidationTests {
    static let malformed: [MalformedCase] = [
        // The length prefix.
        MalformedCase("empty file", Data(), .fileTooShort(byteCount: 0)),
        MalformedCase("3-byte file", Data([1, 2, 3]), .fileTooShort(byteCount: 3)),
        MalformedCase("7-byte file", Data([0, 0, 0, 0, 0, 0, 0]), .fileTooShort(byteCount: 7)),
        MalformedCase("header longer than file", SafetensorsBytes.prefix(100, followedBy: 10),
                      .headerLongerThanFile(headerLength: 100, bytesAfterPrefix: 10)),
        MalformedCase("header over the 100 MB limit", SafetensorsBytes.prefix(100_000_001, followedBy: 2),
                      .headerTooLarge(headerLength: 100_000_001, limit: 100_000_000)),
        MalformedCase("header length UInt64.max", SafetensorsBytes.prefix(.max, followedBy: 2),
                      .headerTooLarge(headerLength: .max, limit: 100_000_000)),

        // The JSON text.
        MalformedCase("header not UTF-8", SafetensorsBytes.file(headerBytes: [0x7B, 0xFF, 0xFE, 0x7D]), .headerNotUTF8),
        MalformedCase("empty header", header: "", .headerNotJSON(reason: "unexpected end of text, expected a value", byteOffset: 0)),
        MalformedCase("cut-off JSON", header: "{\"a\":", .headerNotJSON(reason: "unexpected end of text, expected a value", byteOffset: 5)),
        MalformedCase("text after the JSON", header: "{} x", .headerNotJSON(reason: "unexpected text after the end of the JSON value", byteOffset: 3)),
        MalformedCase("trailing comma", header: "{\"a\":1,}", .headerNotJSON(reason: "expected a quoted key", byteOffset: 7)),
        MalformedCase("single-quoted key", header: "{'a':1}", .headerNotJSON(reason: "expected a quoted key", byteOffset: 1)),
        MalformedCase("leading zero", header: "{\"a\":01}", .headerNotJSON(reason: "a number must not have leading zeros", byteOffset: 6)),
        MalformedCase("raw newline in a string", header: "{\"a\n\":1}", .headerNotJSON(reason: "control character byte 0x0A inside a string (it must be escaped)", byteOffset: 3)),
        MalformedCase("bad escape", header: "{\"\\q\":1}", .headerNotJSON(reason: "invalid escape \\'q'", byteOffset: 3)),
        MalformedCase("unpaired surrogate", header: "{\"\\uD800\":1}", .headerNotJSON(reason: "unpaired surrogate \\uD800", byteOffset: 8)),
        MalformedCase("nesting 100 deep", header: String(repeating: "[", count: 100),
                      .headerNotJSON(reason: "nesting deeper than 64 levels", byteOffset: 64)),
        MalformedCase("header is an array", header: "[]", .headerNotObject(found: "an array")),
        MalformedCase("header is a string", header: "\"weights\"", .headerNotObject(found: "the string \"weights\"")),

        // Keys.
        MalformedCase("duplicate tensor name",
                      header: "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                          + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}",
                      dataByteCount: 8, .duplicateTensorName("a")),
        MalformedCase("duplicate __metadata__", header: "{\"__metadata__\":{},\"__metadata__\":{}}",
                      .duplicateTensorName("__metadata__")),
        MalformedCase("duplicate field", header: entry("\"dtype\":\"F32\",\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[0,4]"),
                      dataByteCount: 4, .duplicateField(tensor: "a", field: "dtype")),

        // Entry fields and their JSON types.
        MalformedCase("entry not an object", header: "{\"a\":3}", .entryNotObject(tensor: "a", found: "the number 3")),
        MalformedCase("missing dtype", header: entry("\"shape\":[1],\"data_offsets\":[0,4]"), dataByteCount: 4,
                      .missingField(tensor: "a", field: "dtype")),
        MalformedCase("missing shape", header: entry("\"dtype\":\"F32\",\"data_offsets\":[0,4]"), dataByteCount: 4,
                      .missingField(tensor: "a", field: "shape")),
        MalformedCase("missing data_offsets", header: entry("\"dtype\":\"F32\",\"shape\":[1]"), dataByteCount: 4,
                      .missingField(tensor: "a", field: "data_offsets")),
        MalformedCase("dtype a number", header: entry("\"dtype\":5,\"shape\":[1],\"data_offsets\":[0,4]"), dataByteCount: 4,
                      .wrongFieldType(tensor: "a", field: "dtype", expected: "a string", found: "the number 5")),
        MalformedCase("shape a string", header: entry("\"dtype\":\"F32\",\"shape\":\"1\",\"data_offsets\":[0,4]"), dataByteCount: 4,
                      .wrongFieldType(tensor: "a", field: "shape", expected: "an array of integers", found: "the string \"1\"")),
        MalformedCase("one offset", header: entry("\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]"), dataByteCount: 4,
                      .wrongFieldType(tensor: "a", field: "data_offsets", expected: "an array [begin, end] of two integers",
                                      found: "an array of 1 elements")),
        MalformedCase("offsets an object", header: entry("\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":{}"), dataByteCount: 4,
                      .wrongFieldType(tensor: "a", field: "data_offsets", expected: "an array [begin, end] of two integers",
                                      found: "an object")),
        MalformedCase("unknown dtype", header: entry("\"dtype\":\"F128\",\"shape\":[1],\"data_offsets\":[0,16]"), dataByteCount: 16,
                      .unknownDType(tensor: "a", dtype: "F128")),
        MalformedCase("sub-byte dtype", header: entry("\"dtype\":\"F4\",\"shape\":[2],\"data_offsets\":[0,1]"), dataByteCount: 1,
                      .unknownDType(tensor: "a", dtype: "F4")),

        // Shape dimensions and offsets.
        MalformedCase("negative dimension", header: entry("\"dtype\":\"F32\",\"shape\":[2,-1],\"data_offsets\":[0,4]"), dataByteCount: 4,
                      .invalidShapeDimension(tensor: "a", index: 1, value: "-1")),
        MalformedCase("fractional dimension", header: entry("\"dtype\":\"F32\",\"shape\":[2.5],\"data_offsets\":[0,4]"), dataByteCount: 4,
                      .invalidShapeDimension(tensor: "a", index: 0, value: "2.5")),
        MalformedCase("dimension with exponent", header: entry("\"dtype\":\"F32\",\"shape\":[1e0],\"data_offsets\":[0,4]"), dataByteCount: 4,
                      .invalidShapeDimension(tensor: "a", index: 0, value: "1e0")),
        MalformedCase("dimension a string", header: entry("\"dtype\":\"F32\",\"shape\":[\"1\"],\"data_offsets\":[0,4]"), dataByteCount: 4,
                      .invalidShapeDimension(tensor: "a", index: 0, value: "the string \"1\"")),
        MalformedCase("dimension past Int", header: entry("\"dtype\":\"F32\",\"shape\":[99999999999999999999],\"data_offsets\":[0,4]"),
                      dataByteCount: 4, .invalidShapeDimension(tensor: "a", index: 0, value: "99999999999999999999")),
        MalformedCase("element count overflows", header: entry("\"dtype\":\"F32\",\"shape\":[4294967296,4294967296,4],\"data_offsets\":[0,4]"),
                      dataByteCount: 4, .elementCountOverflow(tensor: "a", shape: [4_294_967_296, 4_294_967_296, 4])),
        MalformedCase("negative offset", header: entry("\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[-4,0]"), dataByteCount: 4,
                      .invalidOffset(tensor: "a", index: 0, value: "-4")),
        MalformedCase("fractional offset", header: entry("\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4.0]"), dataByteCount: 4,
                      .invalidOffset(tensor: "a", index: 1, value: "4.0")),
        MalformedCase("begin after end", header: entry("\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,4]"), dataByteCount: 8,
                      .beginAfterEnd(tensor: "a", begin: 8, end: 4)),
        MalformedCase("byte count mismatch", header: entry("\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,20]"), dataByteCount: 24,
                      .byteCountMismatch(tensor: "a", dtype: "F32", shape: [2, 3], expectedBytes: 24, actualBytes: 20)),
        MalformedCase("scalar with no bytes", header: entry("\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[0,0]"),
                      .byteCountMismatch(tensor: "a", dtype: "I64", shape: [], expectedBytes: 8, actualBytes: 0)),
        MalformedCase("range past the buffer", header: entry("\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]"), dataByteCount: 4,
                      .rangePastBuffer(tensor: "a", end: 8, bufferSize: 4)),
        MalformedCase("range far past the buffer",
                      header: entry("\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[9223372036854775806,9223372036854775807]"),
                      dataByteCount: 4, .rangePastBuffer(tensor: "a", end: 9_223_372_036_854_775_807, bufferSize: 4)),
        MalformedCase("overlapping ranges",
                      header: "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                          + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}",
                      dataByteCount: 12, .overlappingRanges(first: "a", firstRange: 0..<8, second: "b", secondRange: 4..<12)),
        MalformedCase("a range inside another, listed first",
                      header: "{\"inner\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]},"
                          + "\"outer\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},"
                          + "\"after\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[16,20]}}",
                      dataByteCount: 20, .overlappingRanges(first: "outer", firstRange: 0..<16, second: "inner", secondRange: 8..<12)),

        // Metadata.
        MalformedCase("metadata an array", header: "{\"__metadata__\":[]}", .metadataNotObject(found: "an array")),
        MalformedCase("metadata value a number", header: "{\"__metadata__\":{\"epochs\":3}}",
                      .metadataValueNotString(key: "epochs", found: "the number 3")),
        MalformedCase("metadata value null", header: "{\"__metadata__\":{\"note\":null}}",
                      .metadataValueNotString(key: "note", found: "null")),
        MalformedCase("metadata key twice", header: "{\"__metadata__\":{\"k\":\"1\",\"k\":\"2\"}}", .duplicateMetadataKey("k")),
    ]

    @Test(arguments: malformed)
    func malformedFileIsRejectedWithItsProblem(_ malformed: MalformedCase) {
        #expect(SafetensorsBytes.problem(opening: malformed.data) == malformed.expected)
    }

    @Test func errorDescriptionsNameTheFileAndTheNumbers() throws {
        func description(_ data: Data) -> String {
            do {
                _ = try SafetensorsFile(data: data, source: "models/tiny.safetensors")
                return "(opened)"
            } catch {
                return "\(error)"
            }
        }
        let mismatch = description(SafetensorsBytes.file(
            header: entry("\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,20]"), dataByteCount: 24))
        #expect(mismatch.contains("models/tiny.safetensors"))
        #expect(mismatch.contains("needs 24 bytes"))
        #expect(mismatch.contains("span 20 bytes"))
        #expect(mismatch.contains("[2, 3]"))

        let overlap = description(SafetensorsBytes.file(
            header: "{\"first.weight\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"second.weight\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}",
            dataByteCount: 12))
        #expect(overlap.contains("\"first.weight\""))
        #expect(overlap.contains("\"second.weight\""))
        #expect(overlap.contains("overlap"))

        let unknown = description(SafetensorsBytes.file(
            header: entry("\"dtype\":\"Q8\",\"shape\":[1],\"data_offsets\":[0,1]"), dataByteCount: 1))
        #expect(unknown.contains("\"Q8\""))
        #expect(unknown.contains("known: BOOL, U8"))

        let short = description(Data([1, 2]))
        #expect(short == "safetensors file models/tiny.safetensors: is 2 bytes long, shorter than the 8-byte header length prefix")
    }

    @Test func missingFileAndDirectoryAreReportedByPath() throws {
        let folder = try SafetensorsBytes.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = folder.appendingPathComponent("absent.safetensors")
        #expect(throws: SafetensorsError(source: missing.path, problem: .unreadable(reason: "no such file"))) {
            try SafetensorsFile(contentsOf: missing)
        }
        #expect(throws: SafetensorsError(source: folder.path, problem: .unreadable(reason: "it is a directory"))) {
            try SafetensorsFile(contentsOf: folder)
        }
    }

    // MARK: - What is accepted on purpose

    @Test func emptyHeaderObjectIsAFileWithNoTensors() throws {
        let file = try SafetensorsFile(data: SafetensorsBytes.file(header: "{}        "), source: "empty")
        #expect(file.names.isEmpty)
        #expect(file.metadata.isEmpty)
        #expect(file.headerLength == 10)
    }

    @Test func gapsUnusedTailAndExtraFieldsAreAccepted() throws {
        // "a" at data bytes 0..<4, a 4-byte gap, "b" at 8..<12, then 4 unused bytes.
        let header = "{\"b\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[8,12],\"note\":[1]},"
            + "\"a\":{\"dtype\":\"U8\",\"shape\":[2,2],\"data_offsets\":[0,4]}}"
        let file = try SafetensorsFile(data: SafetensorsBytes.file(header: header, dataByteCount: 16), source: "gaps")
        #expect(file.names == ["a", "b"])  // by offset, not header order
        let dataStart = 8 + file.headerLength
        #expect(file.entry(named: "b")?.byteRange == (dataStart + 8)..<(dataStart + 12))
        #expect(try file.int64s(named: "b") == [8, 9, 10, 11])
        #expect(try file.int64s(named: "a") == [0, 1, 2, 3])
    }

    @Test func zeroSizeTensorsOverlapNothing() throws {
        // An empty tensor whose offsets point inside another tensor holds no bytes.
        let header = "{\"full\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
            + "\"none\":{\"dtype\":\"F32\",\"shape\":[3,0],\"data_offsets\":[4,4]}}"
        let file = try SafetensorsFile(data: SafetensorsBytes.file(header: header, dataByteCount: 8), source: "empty")
        #expect(file.names == ["full", "none"])
        #expect(try file.floats(named: "none") == [])
        #expect(file.entry(named: "none")?.shape == [3, 0])
        #expect(file.entry(named: "none")?.elementCount == 0)
    }

    @Test func escapedNamesAndMetadataAreDecoded() throws {
        let header = "{\"__metadata__\":{\"note\":\"line\\none \\u00e9\\ud83d\\ude00\"},"
            + "\"layer\\/0 \\\"q\\\"\":{\"dtype\":\"U8\",\"shape\":[],\"data_offsets\":[0,1]}}"
        let file = try SafetensorsFile(data: SafetensorsBytes.file(header: header, dataByteCount: 1), source: "escapes")
        #expect(file.names == ["layer/0 \"q\""])
        #expect(file.metadata == ["note": "line\none \u{E9}\u{1F600}"])
    }

    // MARK: - Reading values

    @Test func askingForAMissingTensorListsTheNames() throws {
        let header = entry("\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]")
        let file = try SafetensorsFile(data: SafetensorsBytes.file(header: header, dataByteCount: 4), source: "one")
        #expect(file.entry(named: "b") == nil)
        #expect(throws: SafetensorsError(source: "one", problem: .noSuchTensor(name: "b", available: ["a"]))) {
            try file.floats(named: "b")
        }
    }

    @Test func readingAsTheWrongKindNamesTheDtype() throws {
        let header = "{\"ids\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]},"
            + "\"big\":{\"dtype\":\"U64\",\"shape\":[1],\"data_offsets\":[8,16]},"
            + "\"w\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[16,24]}}"
        let file = try SafetensorsFile(data: SafetensorsBytes.file(header: header, dataByteCount: 24), source: "kinds")
        #expect(throws: SafetensorsError(source: "kinds", problem: .cannotConvert(
            tensor: "ids", dtype: "I64", to: "Float", accepted: ["F32", "F16", "BF16"]))) {
            try file.floats(named: "ids")
        }
        #expect(throws: SafetensorsError(source: "kinds", problem: .cannotConvert(
            tensor: "big", dtype: "U64", to: "Int64", accepted: ["I64", "I32", "I16", "I8", "U32", "U16", "U8"]))) {
            try file.int64s(named: "big")
        }
        do {
            _ = try file.int64s(named: "w")
            Issue.record("F64 read as Int64")
        } catch {
            #expect("\(error)".contains("tensor \"w\" has dtype F64, which cannot be read as Int64"))
        }
    }

    @Test func dataSlicesWithANonZeroStartIndexAreRead() throws {
        // A Data slice keeps its parent's indices; the reader must not assume index 0.
        let header = entry("\"dtype\":\"I32\",\"shape\":[2],\"data_offsets\":[0,8]")
        var bytes = Data([9, 9, 9])
        bytes.append(SafetensorsBytes.file(header: header, dataByteCount: 8))
        let slice = bytes[3...]
        let file = try SafetensorsFile(data: slice, source: "slice")
        #expect(try file.int64s(named: "a") == [0x0302_0100, 0x0706_0504])
        #expect(try file.bytes(named: "a") == Data([0, 1, 2, 3, 4, 5, 6, 7]))
    }
}
