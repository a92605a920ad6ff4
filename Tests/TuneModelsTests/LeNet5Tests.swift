import Foundation
import Testing
import TuneCheckpoint
import TuneEngine
import TuneModels

/// LeNet-5 against an independent numpy implementation, and its checkpoints in PyTorch's
/// names and layouts.
@Suite struct LeNet5Tests {
    /// Made by Tests/TuneEngineTests/Fixtures/make_lenet_fixture.py (numpy, float64, NCHW).
    static let fixtureURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../TuneEngineTests/Fixtures/lenet5-numpy.safetensors").standardizedFileURL
    static let parameterNames = [
        "conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias",
        "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias", "fc3.weight", "fc3.bias",
    ]

    static func largestDifference(_ a: [Float], _ b: [Float]) -> Float {
        a.count == b.count ? zip(a, b).map { abs($0 - $1) }.max() ?? 0 : .infinity
    }

    @Test func forwardAndOneSGDStepMatchNumpy() throws {
        let file = try SafetensorsFile(contentsOf: Self.fixtureURL)
        var generator = RandomGenerator(seed: 0)
        let model = LeNet5(generator: &generator)
        #expect(model.namedParameters().map(\.key) == Self.parameterNames)
        #expect(model.parameterCount == 61_706)
        var weights: [String: (shape: [Int], values: [Float])] = [:]
        for name in Self.parameterNames {
            weights[name] = (try file.requireEntry(named: name).shape, try file.floats(named: name))
        }
        try model.load(weights)

        // [8, 1, 28, 28] NCHW holds the same bytes as [8, 28, 28, 1] NHWC (one channel).
        let input = try Tensor(shape: [8, 28, 28, 1], values: try file.floats(named: "input"))
        let labels = try file.int64s(named: "labels").map { Int($0) }
        let optimizer = try SGD(parameters: model.namedParameters(), learningRate: 0.05, momentum: 0.9)
        optimizer.zeroGradients()
        let logits = try model(input)
        let loss = try Loss.crossEntropy(logits: logits, targets: labels)
        #expect(logits.shape == [8, 10])
        #expect(Self.largestDifference(logits.values, try file.floats(named: "logits")) <= 1e-5)
        #expect(abs(loss.scalar - (try file.floats(named: "loss"))[0]) <= 1e-5)

        try loss.backward()
        for (name, tensor) in model.namedParameters() {
            let gradient = try #require(tensor.gradient, "\(name) has no gradient")
            #expect(Self.largestDifference(gradient, try file.floats(named: "grad." + name)) <= 1e-5, "\(name)")
        }
        try optimizer.step()
        for (name, tensor) in model.namedParameters() {
            #expect(Self.largestDifference(tensor.values, try file.floats(named: "after." + name)) <= 1e-5, "\(name)")
        }
    }

    /// Reads TuneLab's checkpoint with Python's safetensors and prints, as JSON, each
    /// tensor's shape and the largest difference between a numpy NCHW forward pass from
    /// those tensors and TuneLab's logits (stored in a second file).
    static let pythonForward = """
        import json, sys
        import numpy as np
        from safetensors.numpy import load_file
        p = load_file(sys.argv[1])
        data = load_file(sys.argv[2])
        def conv(a, w, b, pad):
            n, c, h, wd = a.shape
            o, _, k, _ = w.shape
            a = np.pad(a, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
            oh, ow = a.shape[2] - k + 1, a.shape[3] - k + 1
            out = np.zeros((n, o, oh, ow))
            for i in range(k):
                for j in range(k):
                    out += np.einsum("nchw,oc->nohw", a[:, :, i:i + oh, j:j + ow], w[:, :, i, j])
            return out + b[None, :, None, None]
        def pool(a):
            n, c, h, w = a.shape
            return a.reshape(n, c, h // 2, 2, w // 2, 2).max(axis=(3, 5))
        q = {k: v.astype(np.float64) for k, v in p.items()}
        x = data["input"].astype(np.float64).transpose(0, 3, 1, 2)  # NHWC -> NCHW
        a = pool(np.maximum(conv(x, q["conv1.weight"], q["conv1.bias"], 2), 0))
        a = pool(np.maximum(conv(a, q["conv2.weight"], q["conv2.bias"], 0), 0))
        a = a.reshape(a.shape[0], -1)
        a = np.maximum(a @ q["fc1.weight"].T + q["fc1.bias"], 0)
        a = np.maximum(a @ q["fc2.weight"].T + q["fc2.bias"], 0)
        z = a @ q["fc3.weight"].T + q["fc3.bias"]
        print(json.dumps({"shapes": {k: list(v.shape) for k, v in p.items()},
                          "dtypes": sorted({str(v.dtype) for v in p.values()}),
                          "max_difference": float(np.abs(z - data["logits"]).max())}))
        """

    @Test func checkpointHasPyTorchNamesAndLayoutsThatNumpyRuns() throws {
        var generator = RandomGenerator(seed: 3)
        let model = LeNet5(generator: &generator)
        let input = Tensor.uniform([4, 28, 28, 1], using: &generator)
        let logits = try GradientMode.withoutGradients { try model(input) }

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lenet-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let checkpoint = folder.appendingPathComponent("lenet5.safetensors")
        let data = folder.appendingPathComponent("data.safetensors")
        try model.saveSafetensors(to: checkpoint)
        try writeSafetensors(
            [(name: "input", shape: input.shape, values: input.values), (name: "logits", shape: logits.shape, values: logits.values)],
            to: data)

        let output = try runPython(Self.pythonForward, arguments: [checkpoint.path, data.path])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any], "python printed: \(output)")
        let shapes = try #require(json["shapes"] as? [String: [Int]])
        #expect(shapes == [
            "conv1.weight": [6, 1, 5, 5], "conv1.bias": [6], "conv2.weight": [16, 6, 5, 5], "conv2.bias": [16],
            "fc1.weight": [120, 400], "fc1.bias": [120], "fc2.weight": [84, 120], "fc2.bias": [84],
            "fc3.weight": [10, 84], "fc3.bias": [10],
        ])
        #expect(json["dtypes"] as? [String] == ["float32"])
        let difference = try #require(json["max_difference"] as? Double)
        #expect(difference <= 1e-5)

        // And back: the checkpoint loads into a fresh model that gives the same logits.
        var other = RandomGenerator(seed: 4)
        let copy = LeNet5(generator: &other)
        try copy.loadSafetensors(try SafetensorsFile(contentsOf: checkpoint))
        #expect(try GradientMode.withoutGradients { try copy(input) }.values == logits.values)
    }

    @Test func layerOutputsNameEveryStageWithItsShape() throws {
        var generator = RandomGenerator(seed: 5)
        let model = LeNet5(generator: &generator)
        let outputs = try model.layerOutputs(Tensor.uniform([2, 28, 28, 1], using: &generator))
        #expect(outputs.map(\.name) == ["conv1", "relu1", "pool1", "conv2", "relu2", "pool2", "flatten", "fc1", "relu3", "fc2", "relu4"])
        #expect(outputs.map(\.output.shape) == [
            [2, 28, 28, 6], [2, 28, 28, 6], [2, 14, 14, 6], [2, 10, 10, 16], [2, 10, 10, 16], [2, 5, 5, 16],
            [2, 400], [2, 120], [2, 120], [2, 84], [2, 84],
        ])
        let bigger = LeNet5(imageSize: 32, classes: 5, generator: &generator)
        #expect(bigger.fc1.inputSize == 16 * 6 * 6)
        #expect(try bigger(Tensor.uniform([1, 32, 32, 1], using: &generator)).shape == [1, 5])
    }

    /// A traced pass records the four ReLU outputs, in order, each under the layer it
    /// follows and with that output's shape; an untraced pass records nothing.
    @Test func tracedPassRecordsEachReLUUnderItsLayer() throws {
        var generator = RandomGenerator(seed: 6)
        let model = LeNet5(generator: &generator)
        let input = Tensor.uniform([3, 28, 28, 1], using: &generator)
        let traced = try ActivationTrace.collect { try model(input) }
        #expect(traced.result.shape == [3, 10])
        var keys: [ObjectIdentifier: String] = [:]
        for (key, module) in model.namedModules() { keys[ObjectIdentifier(module)] = key }
        #expect(traced.records.map { keys[$0.module] } == ["conv1", "conv2", "fc1", "fc2"])
        #expect(traced.records.map(\.shape) == [[3, 28, 28, 6], [3, 10, 10, 16], [3, 120], [3, 84]])
        for record in traced.records {
            #expect(record.kind == .relu && record.role == "activation")
            #expect(record.values.count == record.shape.reduce(1, *))
            #expect(record.values.allSatisfy { $0 >= 0 })
        }
        // The records are the pass's own values: fc2's ReLU is the 84 features.
        #expect(traced.records[3].values == (try model.features(input)).values)
        #expect(try ActivationTrace.collect { try model.features(input) }.records.count == 4)
    }

    /// Runs `python3 -c script arguments...` and returns standard output, or fails
    /// with the setup command when python3, numpy or safetensors is missing.
    private func runPython(_ script: String, arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let standardOutput = Pipe(), standardError = Pipe()
        process.standardOutput = standardOutput
        process.standardError = standardError
        try process.run()
        let outputData = standardOutput.fileHandleForReading.readDataToEndOfFile()
        let errorData = standardError.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            Issue.record("python3 with numpy and safetensors is needed (run `bash .ci/setup`): \(String(decoding: errorData, as: UTF8.self))")
            return ""
        }
        return String(decoding: outputData, as: UTF8.self)
    }
}
