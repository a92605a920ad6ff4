import Foundation
import Testing
import TuneCheckpoint
import TuneEngine

/// Batch normalization: gradients, running statistics as PyTorch keeps them, and
/// buffers in checkpoints.
@Suite struct BatchNormTests {
    @Test func gradientsInTrainingAndEvaluation() throws {
        let x = randomTensor([3, 4, 2, 5], seed: 1, shift: 0.5)
        let gamma = randomTensor([5], seed: 2, shift: 1), beta = randomTensor([5], seed: 3)
        for e in try gradientCheck([x, gamma, beta], step: 1e-3, {
            try $0[0].batchNormalized(weight: $0[1], bias: $0[2]).output
        }) { #expect(e < 1e-2) }
        let mean: [Float] = [0.1, -0.2, 0.3, 0, 1], variance: [Float] = [1, 2, 0.5, 0.25, 4]
        for e in try gradientCheck([x, gamma, beta], {
            try $0[0].batchNormalized(weight: $0[1], bias: $0[2], mean: mean, variance: variance)
        }) { #expect(e < 1e-2) }
    }

    @Test func trainingNormalizesEachChannelAndUpdatesRunningStatisticsLikePyTorch() throws {
        let layer = BatchNorm2d(2, momentum: 0.1)
        // Channel 0 holds 1, 2, 3, 4; channel 1 holds 10, 10, 10, 14 (N=1, 2×2 map).
        let x = try Tensor(shape: [1, 2, 2, 2], values: [1, 10, 2, 10, 3, 10, 4, 14])
        let y = try layer(x)
        // Channel 0: mean 2.5, biased variance 1.25.
        let expected0 = [1, 2, 3, 4].map { (Float($0) - 2.5) / (1.25 + 1e-5).squareRoot() }
        #expect(allClose([y.values[0], y.values[2], y.values[4], y.values[6]], expected0, tolerance: 1e-5))
        // Running: 0.9·0 + 0.1·mean; 0.9·1 + 0.1·unbiased variance (1.25·4/3 and 3·4/3 = 4).
        #expect(allClose(layer.runningMean.values, [0.25, 1.1], tolerance: 1e-6))
        let expectedVariance: [Float] = [0.9 + 0.1 * 1.25 * 4 / 3, 0.9 + 0.1 * 4]
        #expect(allClose(layer.runningVariance.values, expectedVariance, tolerance: 1e-6))
        #expect(layer.batchesTracked.values == [1])
        // Evaluation uses the running statistics and leaves them alone.
        layer.evaluationMode()
        let z = try layer(x)
        #expect(abs(z.values[0] - (1 - 0.25) / (layer.runningVariance.values[0] + 1e-5).squareRoot()) < 1e-5)
        #expect(layer.batchesTracked.values == [1])
        // One value per channel cannot be normalized in training.
        layer.trainingMode()
        #expect(throws: TensorError.self) { try layer(try Tensor(shape: [1, 1, 1, 2], values: [1, 2])) }
    }

    @Test func buffersAreSavedAndLoadedButAreNotParameters() throws {
        final class Net: Module {
            let conv: Conv2d
            let bn1: BatchNorm2d
            init(generator: inout RandomGenerator) {
                conv = Conv2d(1, 3, kernelSize: 3, generator: &generator)
                bn1 = BatchNorm2d(3)
                super.init()
            }
        }
        var generator = RandomGenerator(seed: 4)
        let net = Net(generator: &generator)
        #expect(net.namedParameters().map(\.key) == ["conv.weight", "conv.bias", "bn1.weight", "bn1.bias"])
        #expect(net.namedBuffers().map(\.key) == ["bn1.running_mean", "bn1.running_var", "bn1.num_batches_tracked"])
        _ = try net.bn1(try net.conv(randomTensor([2, 5, 5, 1], seed: 5)))

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bn-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("net.safetensors")
        try net.saveSafetensors(to: url)
        let file = try SafetensorsFile(contentsOf: url)
        #expect(file.entry(named: "bn1.num_batches_tracked")?.dtype == .int64)
        #expect(file.entry(named: "bn1.num_batches_tracked")?.shape == [])
        #expect(file.entry(named: "bn1.running_var")?.shape == [3])

        var other = RandomGenerator(seed: 6)
        let copy = Net(generator: &other)
        try copy.loadSafetensors(file)
        #expect(copy.bn1.runningMean.values == net.bn1.runningMean.values)
        #expect(copy.bn1.runningVariance.values == net.bn1.runningVariance.values)
        #expect(copy.bn1.batchesTracked.values == [1])
        #expect(copy.conv.weight.values == net.conv.weight.values)
    }
}
