import Foundation
import TuneEngine
import TuneModels

/// LeNet-5 on 28×28 gray images, as the reference `bench_cnn.py`:
///
///     x [64, 28, 28, 1] → LeNet5 (conv 1→6 5×5 pad 2, ReLU, max-pool 2, conv 6→16 5×5,
///       ReLU, max-pool 2, flatten 400, 120, ReLU, 84, ReLU, 10) → mean cross-entropy;
///     SGD, learning rate 0.05, momentum 0.9
///
/// - train: one step = zero gradients + forward + loss + backward + update, batch 64;
///   20 warm-up steps, then `runs` runs of `steps` steps → steps/s per run.
/// - infer: forward only without a graph, evaluation mode, batch 256; 5 warm-up
///   batches, then `runs` runs of steps/4 batches → images/s per run.
///
/// Data, the reference's recipe: 4,096 fixed images of dim noise in [0, 0.2) with a
/// bright 3-pixel bar whose position and direction encode the label, cycled in batches.
struct CNNBenchmark {
    var runs = 7
    var steps = 100
    static let images = 4096, side = 28, batchSize = 64, inferenceBatchSize = 256

    func run(threads: Int) throws -> [Measurement] {
        EngineThreads.set(threads)
        let (pixels, labels) = Self.makeData()
        var generator = RandomGenerator(seed: 0)
        let model = LeNet5(generator: &generator)
        let optimizer = try SGD(parameters: model.namedParameters(), learningRate: 0.05, momentum: 0.9)
        let imageSize = Self.side * Self.side

        func batch(_ index: Int, size: Int) throws -> (Tensor, [Int]) {
            let start = (index % (Self.images / size)) * size
            let values = Array(pixels[(start * imageSize)..<((start + size) * imageSize)])
            return (try Tensor(shape: [size, Self.side, Self.side, 1], values: values), Array(labels[start..<(start + size)]))
        }

        // -- training steps
        model.trainingMode()
        var next = 0
        func step() throws -> Float {
            let (inputs, targets) = try batch(next, size: Self.batchSize)
            next += 1
            optimizer.zeroGradients()
            let loss = try Loss.crossEntropy(logits: try model(inputs), targets: targets)
            try loss.backward()
            try optimizer.step()
            return loss.scalar
        }
        let firstLoss = try step()
        for _ in 1..<20 { _ = try step() }
        var trainRates: [Double] = []
        var lastLoss = firstLoss
        for _ in 0..<runs {
            let start = monotonicSeconds()
            for _ in 0..<steps { lastLoss = try step() }
            trainRates.append(Double(steps) / (monotonicSeconds() - start))
        }
        guard lastLoss.isFinite, lastLoss < firstLoss else {
            throw BenchError.invalidValue(
                option: "CNN training", value: "loss \(firstLoss) → \(lastLoss)",
                accepts: "a loss that falls (the benchmark must train, not just run)")
        }

        // -- inference batches
        model.evaluationMode()
        let inferenceBatches = Swift.max(1, steps / 4)
        var inferRates: [Double] = []
        try GradientMode.withoutGradients {
            for i in 0..<5 { _ = try model(try batch(i, size: Self.inferenceBatchSize).0) }
            var index = 0
            for _ in 0..<runs {
                let start = monotonicSeconds()
                for _ in 0..<inferenceBatches {
                    _ = try model(try batch(index, size: Self.inferenceBatchSize).0)
                    index += 1
                }
                inferRates.append(Double(inferenceBatches * Self.inferenceBatchSize) / (monotonicSeconds() - start))
            }
        }
        return [
            Measurement(
                key: "cnn train", workload: "LeNet-5 28×28 train step, batch 64", tool: .tuneLab, threads: threads,
                summary: Summary(trainRates), unit: "steps/s", higherIsBetter: true,
                note: String(format: "loss %.3f → %.3f", firstLoss, lastLoss)),
            Measurement(
                key: "cnn infer", workload: "LeNet-5 28×28 inference, batch 256", tool: .tuneLab, threads: threads,
                summary: Summary(inferRates), unit: "images/s", higherIsBetter: true),
        ]
    }

    /// [4096 × 28 × 28] pixels and labels 0–9: noise in [0, 0.2) and one bar of 1s,
    /// horizontal for labels 0–4 and vertical for 5–9, at row/column 4 + 2·(label mod 5) ± 1.
    static func makeData() -> (pixels: [Float], labels: [Int]) {
        var generator = RandomGenerator(seed: 0)
        var pixels = (0..<(images * side * side)).map { _ in generator.nextUniform() * 0.2 }
        var labels: [Int] = []
        for image in 0..<images {
            let label = generator.nextInt(below: 10)
            labels.append(label)
            let position = 4 + 2 * (label % 5) + generator.nextInt(below: 3) - 1
            for along in 4..<24 {
                for across in position..<(position + 3) {
                    let (row, column) = label < 5 ? (across, along) : (along, across)
                    pixels[(image * side + row) * side + column] = 1
                }
            }
        }
        return (pixels, labels)
    }
}
