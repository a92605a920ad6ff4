import Foundation
import Testing
import TuneCheckpoint

/// Files made by Python's `safetensors` package open here, and files written here open there.
@Suite struct SafetensorsInteropTests {
    /// Made by Fixtures/make_safetensors_fixture.py; located beside this source file so a
    /// fresh clone finds it without declared test resources.
    static let fixtureURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/python-made.safetensors")

    // MARK: - Reading Python's file

    @Test func pythonMadeFixtureHasTheExpectedLayout() throws {
        let file = try SafetensorsFile(contentsOf: Self.fixtureURL)
        // Python's writer puts wider dtypes first, then sorts by name.
        #expect(file.names == ["token_ids", "empty", "encoder.weight", "scalar", "counts", "bf16.values", "half.values"])
        #expect(file.metadata == [
            "format": "np",
            "note": "made by make_safetensors_fixture.py",
            "unicode": "h\u{E9}llo \u{2713}",
        ])
        #expect(file.headerLength % 8 == 0)
        let expected: [(String, SafetensorsDType, [Int])] = [
            ("token_ids", .int64, [3, 2]), ("empty", .float32, [0, 4]), ("encoder.weight", .float32, [2, 3]),
            ("scalar", .float32, []), ("counts", .int32, [3]), ("bf16.values", .bfloat16, [3, 2]),
            ("half.values", .float16, [2, 5]),
        ]
        for (name, dtype, shape) in expected {
            let entry = try file.requireEntry(named: name)
            #expect(entry.dtype == dtype, "\(name)")
            #expect(entry.shape == shape, "\(name)")
            #expect(entry.byteRange.count == entry.elementCount * dtype.byteSize, "\(name)")
        }
        // The data buffer starts right after the header; token_ids is first.
        #expect(file.entry(named: "token_ids")?.byteRange == (8 + file.headerLength)..<(8 + file.headerLength + 48))
        #expect(file.entry(named: "half.values")?.byteRange.upperBound == file.data.count)
    }

    @Test func pythonMadeFloat32Values() throws {
        let file = try SafetensorsFile(contentsOf: Self.fixtureURL)
        let weight = try file.floats(named: "encoder.weight")
        #expect(weight.map(\.bitPattern) == [0.5, -2.25, 3.140625, -0.0, Float(1e-7), Float(1e30)].map(\.bitPattern))
        #expect(try file.floats(named: "scalar") == [42.5])
        #expect(try file.floats(named: "empty") == [])
    }

    @Test func pythonMadeFloat16ValuesIncludingSubnormalsInfinitiesAndNaN() throws {
        let file = try SafetensorsFile(contentsOf: Self.fixtureURL)
        let half = try file.floats(named: "half.values")
        #expect(half.count == 10)
        guard half.count == 10 else { return }
        #expect(half[0] == 65504)
        #expect(half[1] == -65504)
        #expect(half[2] == 5.960_464_477_539_063e-08)  // 2^-24, the smallest subnormal
        #expect(half[2] == Float(sign: .plus, exponent: -24, significand: 1))
        #expect(half[3] == 1023 * Float(sign: .plus, exponent: -24, significand: 1))  // the largest subnormal
        #expect(half[4] == 6.103_515_625e-05)  // 2^-14, the smallest normal
        #expect(half[5] == 0.333_251_953_125)  // the half nearest 1/3
        #expect(half[6] == .infinity)
        #expect(half[7] == -.infinity)
        #expect(half[8].isNaN)
        #expect(half[9] == 0 && half[9].sign == .minus)
    }

    @Test func pythonMadeBFloat16AndIntegerValues() throws {
        let file = try SafetensorsFile(contentsOf: Self.fixtureURL)
        let bf16 = try file.floats(named: "bf16.values")
        #expect(bf16 == [1.0, -2.5, 0.15625, Float(sign: .plus, exponent: 100, significand: 1),
                         Float(sign: .plus, exponent: -130, significand: 1), -.infinity])
        #expect(try file.int64s(named: "token_ids") == [0, 1, -1, 9_007_199_254_740_993, .max, .min])
        #expect(try file.int64s(named: "counts") == [-7, 0, 2_147_483_647])
    }

    // MARK: - Python reading TuneLab's file

    /// Loads `path` with Python's safetensors and prints JSON: each tensor's dtype, shape and
    /// elements (float32 as bit patterns, so NaN, -0 and infinities compare exactly), the
    /// metadata, and whether Python's own writer makes the very same bytes from them.
    static let pythonReader = """
        import json, sys
        import numpy as np
        from safetensors import safe_open
        from safetensors.numpy import load_file, save
        path = sys.argv[1]
        tensors = load_file(path)
        with safe_open(path, framework="np") as handle:
            metadata = handle.metadata()
        out = {"tensors": {}, "metadata": metadata}
        for name, array in tensors.items():
            flat = array.reshape(-1)
            if array.dtype == np.float32:
                values = flat.view(np.uint32).tolist()
            else:
                values = flat.tolist()
            out["tensors"][name] = {"dtype": str(array.dtype), "shape": list(array.shape), "values": values}
        with open(path, "rb") as f:
            out["same_bytes_as_python"] = save(tensors, metadata=metadata) == f.read()
        print(json.dumps(out))
        """

    @Test func pythonLoadsTuneLabsFileWithSameNamesShapesValuesAndMetadata() throws {
        let folder = try SafetensorsBytes.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("tunelab-made.safetensors")

        let weight: [Float] = [0.5, -2.25, 3.140625, .infinity, -.infinity, .nan, -0.0, .leastNonzeroMagnitude, 65504, 1e30, -7, 0.1]
        let bias: [Float] = [1, 2, 3]
        let ids: [Int64] = [0, -1, .max, .min, 9_007_199_254_740_993]
        // One metadata key: Python's writer orders several keys by hash, so only with one
        // can its bytes be compared with ours.
        let metadata = ["tunelab": "lesson 3 \u{2713} \"quoted\"\nsecond line"]
        try writeSafetensors(
            [
                (name: "blocks.0.attention.weight", shape: [3, 4], values: weight),
                (name: "blocks.0.attention.bias", shape: [3], values: bias),
                (name: "scale", shape: [], values: [0.25]),
                (name: "nothing", shape: [0, 3], values: []),
                (name: "caf\u{E9}/\u{00FC}", shape: [1, 1, 1], values: [-1.5]),
            ],
            integerTensors: [(name: "token_ids", shape: [5], values: ids)],
            metadata: metadata, to: url)

        let output = try runPython(Self.pythonReader, argument: url.path)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any],
                                "python printed: \(output)")
        let tensors = try #require(json["tensors"] as? [String: [String: Any]])
        #expect(json["metadata"] as? [String: String] == metadata)
        #expect(Set(tensors.keys) == ["blocks.0.attention.weight", "blocks.0.attention.bias", "scale", "nothing",
                                      "caf\u{E9}/\u{00FC}", "token_ids"])

        func check(_ name: String, dtype: String, shape: [Int], floats: [Float]) {
            let tensor = tensors[name]
            #expect(tensor?["dtype"] as? String == dtype, "\(name)")
            #expect(tensor?["shape"] as? [Int] == shape, "\(name)")
            let bits = (tensor?["values"] as? [NSNumber])?.map { $0.uint32Value }
            #expect(bits == floats.map(\.bitPattern), "\(name)")
        }
        check("blocks.0.attention.weight", dtype: "float32", shape: [3, 4], floats: weight)
        check("blocks.0.attention.bias", dtype: "float32", shape: [3], floats: bias)
        check("scale", dtype: "float32", shape: [], floats: [0.25])
        check("nothing", dtype: "float32", shape: [0, 3], floats: [])
        check("caf\u{E9}/\u{00FC}", dtype: "float32", shape: [1, 1, 1], floats: [-1.5])
        #expect(tensors["token_ids"]?["dtype"] as? String == "int64")
        #expect(tensors["token_ids"]?["shape"] as? [Int] == [5])
        #expect((tensors["token_ids"]?["values"] as? [NSNumber])?.map { $0.int64Value } == ids)

        // Same layout, header and padding as the reference writer, byte for byte.
        #expect(json["same_bytes_as_python"] as? Bool == true)
    }

    /// Runs `python3 -c script argument` and returns its standard output; fails the test
    /// with the setup command to run when python3 or its safetensors module is missing.
    private func runPython(_ script: String, argument: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, argument]
        let standardOutput = Pipe()
        let standardError = Pipe()
        process.standardOutput = standardOutput
        process.standardError = standardError
        try process.run()
        // Read both pipes before waiting, so a full pipe cannot stall the child.
        let outputData = standardOutput.fileHandleForReading.readDataToEndOfFile()
        let errorData = standardError.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let errorText = String(decoding: errorData, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            let hint: String
            if process.terminationStatus == 127 {
                hint = "python3 is not installed; run `bash .ci/setup`"
            } else if errorText.contains("No module named") {
                hint = "python3 lacks the safetensors or numpy module; run `bash .ci/setup`"
            } else {
                hint = "python3 failed (exit \(process.terminationStatus))"
            }
            throw PythonUnavailable(message: "\(hint)\n\(errorText)")
        }
        return String(decoding: outputData, as: UTF8.self)
    }

    private struct PythonUnavailable: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}
