import Foundation
import TuneEngine

/// Training steps per second of a small classifier, as the reference `bench_mlp.py`:
///
///     x [64, 64] → Linear 64→128 → ReLU → Linear 128→128 → ReLU → Linear 128→10
///                → mean cross-entropy;  SGD, learning rate 0.05, momentum 0.9
///
/// One step = zero gradients + forward + loss + backward + update. Data: a fixed
/// synthetic set of 8,192 rows × 64 features, labelled by a random linear teacher
/// (argmax of x·T), cut into 128 batches of 64 that are cycled. 50 warm-up steps,
/// then `runs` runs of `steps` steps; the figure is steps/s per run.
///
/// At this size the arithmetic is tiny (about 4 MFLOP per step), so the figure
/// mostly measures the engine's per-op overhead: allocation, graph recording,
/// backward bookkeeping.
struct MLPBenchmark {
    var runs = 7
    var steps = 1000
    static let inputSize = 64, hiddenSize = 128, classes = 10, batchSize = 64, rows = 8192

    func run(threads: Int) throws -> [Measurement] {
        EngineThreads.set(threads)
        let batches = try Self.makeBatches()
        var generator = RandomGenerator(seed: 0)
        // Linear's default initialization is PyTorch's: U(−1/√fanIn, 1/√fanIn).
        let model = Sequential([
            Linear(Self.inputSize, Self.hiddenSize, generator: &generator), Activation(.relu),
            Linear(Self.hiddenSize, Self.hiddenSize, generator: &generator), Activation(.relu),
            Linear(Self.hiddenSize, Self.classes, generator: &generator),
        ])
        let optimizer = try SGD(parameters: model.namedParameters(), learningRate: 0.05, momentum: 0.9)

        var next = 0
        func step() throws -> Float {
            let (inputs, labels) = batches[next % batches.count]
            next += 1
            optimizer.zeroGradients()
            let logits = try model(inputs)  // [64, 10]
            let loss = try Loss.crossEntropy(logits: logits, targets: labels)
            try loss.backward()
            try optimizer.step()
            return loss.scalar
        }

        let firstLoss = try step()
        for _ in 1..<50 { _ = try step() }
        var rates: [Double] = []
        var lastLoss = firstLoss
        for _ in 0..<runs {
            let start = monotonicSeconds()
            for _ in 0..<steps { lastLoss = try step() }
            rates.append(Double(steps) / (monotonicSeconds() - start))
        }
        guard lastLoss.isFinite, lastLoss < firstLoss else {
            throw BenchError.invalidValue(
                option: "MLP training", value: "loss \(firstLoss) → \(lastLoss)",
                accepts: "a loss that falls (the benchmark must train, not just run)")
        }
        return [Measurement(
            key: "mlp", workload: "MLP 64-128-128-10 train step, batch 64", tool: .tuneLab,
            threads: threads, summary: Summary(rates), unit: "steps/s", higherIsBetter: true,
            note: String(format: "loss %.3f → %.3f", firstLoss, lastLoss))]
    }

    /// The synthetic data set: x ~ N(0, 1) [8192, 64], labels = argmax(x·T) with a
    /// random teacher T [64, 10], as batches of 64 rows.
    static func makeBatches() throws -> [(Tensor, [Int])] {
        var generator = RandomGenerator(seed: 0)
        let x = Tensor.normal([rows, inputSize], using: &generator)  // [8192, 64]
        let teacher = Tensor.normal([inputSize, classes], using: &generator)  // [64, 10]
        var batches: [(Tensor, [Int])] = []
        for start in stride(from: 0, to: rows, by: batchSize) {
            let slice = Array(x.values[(start * inputSize)..<((start + batchSize) * inputSize)])
            var labels: [Int] = []
            for row in 0..<batchSize {
                var best = 0, bestScore = -Float.infinity
                for k in 0..<classes {
                    var score: Float = 0
                    for i in 0..<inputSize { score += slice[row * inputSize + i] * teacher.values[i * classes + k] }
                    if score > bestScore { (best, bestScore) = (k, score) }
                }
                labels.append(best)
            }
            batches.append((try Tensor(shape: [batchSize, inputSize], values: slice), labels))
        }
        return batches
    }
}
