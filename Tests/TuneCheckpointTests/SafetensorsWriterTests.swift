import Foundation
import Testing
import TuneCheckpoint

@Suite struct SafetensorsWriterTests {
    // MARK: - Round trip

    @Test func writtenFileReadsBackEqualWithMetadata() throws {
        let folder = try SafetensorsBytes.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("model.safetensors")

        let embedding: [Float] = (0..<24).map { Float($0) * 0.25 - 3 }  // [4, 6]
        let norm: [Float] = [1, -1, .greatestFiniteMagnitude, .leastNonzeroMagnitude, -0.0, .infinity]  // [6]
        let labels: [Int64] = [3, 1, 4, 1, 5, 9, 2, 6]  // [2, 4]
        let metadata = ["epochs": "3", "learning_rate": "0.001", "empty": "", "unicode": "\u{1F600} \u{E9}"]
        try writeSafetensors(
            [(name: "embedding.weight", shape: [4, 6], values: embedding),
             (name: "norm.gain", shape: [6], values: norm),
             (name: "step", shape: [], values: [17])],
            integerTensors: [(name: "labels", shape: [2, 4], values: labels)],
            metadata: metadata, to: url)

        let file = try SafetensorsFile(contentsOf: url)
        #expect(file.metadata == metadata)
        #expect(Set(file.names) == ["embedding.weight", "norm.gain", "step", "labels"])
        #expect(try file.floats(named: "embedding.weight") == embedding)
        #expect(try file.floats(named: "norm.gain").map(\.bitPattern) == norm.map(\.bitPattern))
        #expect(try file.floats(named: "step") == [17])
        #expect(try file.int64s(named: "labels") == labels)
        #expect(file.entry(named: "embedding.weight")?.shape == [4, 6])
        #expect(file.entry(named: "embedding.weight")?.dtype == .float32)
        #expect(file.entry(named: "step")?.shape == [])
        #expect(file.entry(named: "labels")?.dtype == .int64)
        #expect(file.entry(named: "labels")?.shape == [2, 4])
        // Nothing but the file is left in the folder (the temporary file was renamed).
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["model.safetensors"])
    }

    @Test func writerWithNoTensorsWritesAnEmptyObject() throws {
        let bytes = SafetensorsWriter().encoded()
        #expect(bytes == SafetensorsBytes.file(header: "{}      "))
        let file = try SafetensorsFile(data: bytes, source: "empty")
        #expect(file.names.isEmpty)
    }

    // MARK: - Layout

    @Test func headerIsCompactSortedJSONPaddedWithSpacesToEightBytes() throws {
        var writer = SafetensorsWriter(metadata: ["z": "last", "a": "first"])
        try writer.add(name: "b", shape: [2], floats: [1, 2])
        try writer.add(name: "a", shape: [1], floats: [3])
        try writer.add(name: "ids", shape: [1], int64s: [7])
        let bytes = writer.encoded()

        let json = "{\"__metadata__\":{\"a\":\"first\",\"z\":\"last\"},"
            + "\"ids\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]},"
            + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]},"
            + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[12,20]}}"
        let padding = (8 - json.utf8.count % 8) % 8
        let headerLength = json.utf8.count + padding
        #expect(headerLength % 8 == 0)
        let prefix = bytes.prefix(8).withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        #expect(prefix == UInt64(headerLength))
        #expect(String(decoding: bytes[8..<(8 + headerLength)], as: UTF8.self)
                == json + String(repeating: " ", count: padding))
        // Data: I64 7, F32 3, F32 1, F32 2, all little-endian.
        var data: [UInt8] = [7, 0, 0, 0, 0, 0, 0, 0]
        for value: Float in [3, 1, 2] {
            withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) }
        }
        #expect(Array(bytes[(8 + headerLength)...]) == data)
    }

    @Test func namesAreOrderedByUTF8BytesAndEscapedAsJSON() throws {
        var writer = SafetensorsWriter()
        // Byte order: "B" (0x42) < "a" (0x61) < "a\"b" < "\u{E9}" (0xC3 0xA9).
        for name in ["\u{E9}", "a", "B", "a\"b\n"] {
            try writer.add(name: name, shape: [1], floats: [1])
        }
        let bytes = writer.encoded()
        let file = try SafetensorsFile(data: bytes, source: "names")
        #expect(file.names == ["B", "a", "a\"b\n", "\u{E9}"])
        let header = String(decoding: bytes[8..<(8 + file.headerLength)], as: UTF8.self)
        #expect(header.contains("\"a\\\"b\\n\":"))
        #expect(header.contains("\"\u{E9}\":"))
    }

    // MARK: - Atomic replacement

    @Test func writingReplacesAnExistingFileAndLeavesNoTemporaryFile() throws {
        let folder = try SafetensorsBytes.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("checkpoint.safetensors")
        try writeSafetensors([(name: "w", shape: [2], values: [1, 2])], to: url)
        try writeSafetensors([(name: "w", shape: [3], values: [4, 5, 6])], metadata: ["step": "2"], to: url)
        let file = try SafetensorsFile(contentsOf: url)
        #expect(try file.floats(named: "w") == [4, 5, 6])
        #expect(file.metadata == ["step": "2"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["checkpoint.safetensors"])
    }

    @Test func writingIntoAMissingFolderFailsNamingThePath() throws {
        let folder = try SafetensorsBytes.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("no/such/folder/out.safetensors")
        do {
            try writeSafetensors([(name: "w", shape: [1], values: [1])], to: url)
            Issue.record("wrote into a missing folder")
        } catch let error as SafetensorsError {
            #expect(error.source == url.path)
            guard case .writeFailed = error.problem else {
                Issue.record("expected writeFailed, got \(error)")
                return
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == [])
    }

    // MARK: - Input validation

    @Test func invalidInputsAreRejectedAndNothingIsWritten() throws {
        let folder = try SafetensorsBytes.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("bad.safetensors")
        let cases: [([(name: String, shape: [Int], values: [Float])], SafetensorsError.Problem)] = [
            ([(name: "", shape: [1], values: [1])], .emptyTensorName),
            ([(name: "__metadata__", shape: [1], values: [1])], .reservedTensorName("__metadata__")),
            ([(name: "w", shape: [1], values: [1]), (name: "w", shape: [1], values: [2])],
             .duplicateTensorNameInInput("w")),
            ([(name: "w", shape: [2, -3], values: [])], .negativeDimension(tensor: "w", shape: [2, -3])),
            ([(name: "w", shape: [2, 3], values: [1, 2, 3, 4, 5])],
             .valueCountMismatch(tensor: "w", shape: [2, 3], expected: 6, actual: 5)),
            ([(name: "w", shape: [], values: [])], .valueCountMismatch(tensor: "w", shape: [], expected: 1, actual: 0)),
            ([(name: "w", shape: [Int.max, 2], values: [])], .elementCountOverflow(tensor: "w", shape: [Int.max, 2])),
        ]
        for (tensors, problem) in cases {
            #expect(throws: SafetensorsError(source: url.path, problem: problem)) {
                try writeSafetensors(tensors, to: url)
            }
        }
        #expect(!FileManager.default.fileExists(atPath: url.path))

        // A float and an integer tensor may not share a name either.
        #expect(throws: SafetensorsError(source: url.path, problem: .duplicateTensorNameInInput("x"))) {
            try writeSafetensors([(name: "x", shape: [1], values: [1])],
                                 integerTensors: [(name: "x", shape: [1], values: [1])], to: url)
        }
    }

    @Test func writerErrorsReadWellBeforeAPathIsKnown() throws {
        var writer = SafetensorsWriter()
        do {
            try writer.add(name: "w", shape: [2, 3], floats: [1, 2])
            Issue.record("accepted 2 values for shape [2, 3]")
        } catch {
            #expect("\(error)" == "safetensors file (not yet written): tensor \"w\" shape [2, 3] holds 6 values, but 2 values were given")
        }
    }
}
