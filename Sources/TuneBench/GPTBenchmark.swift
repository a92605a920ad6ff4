import Foundation
import TuneEngine
import TuneModels

/// Training throughput of the tiny character-level GPT, as the reference `bench_gpt.py`:
/// `GPTConfiguration.benchmark` (vocabulary 65, context 64, 4 layers, 4 heads, width
/// 128, MLP 4× GELU, pre-LN, tied head: 809,856 parameters), AdamW at learning rate
/// 3e-3 with PyTorch's defaults otherwise, batch 32 × 64 = 2,048 tokens per step.
///
/// Data: 200,000 random token ids from a fixed seed; each batch takes 32 windows at
/// random offsets, targets shifted by one. Batches are drawn before a run starts, so
/// sampling is not timed. One step = zero gradients + forward + cross-entropy +
/// backward + AdamW update. 5 warm-up steps, then `runs` runs of `steps` steps.
struct GPTBenchmark {
    var runs = 5
    var steps = 50
    var warmUpSteps = 5
    static let batchSize = 32, tokenCount = 200_000

    /// The model, optimizer and data of one training run.
    final class Trainer {
        let model: GPT
        let optimizer: AdamW
        private var generator = RandomGenerator(seed: 0)
        private let data: [Int]
        let time: Int, vocabulary: Int

        init() throws {
            let configuration = GPTConfiguration.benchmark
            model = try GPT(configuration, seed: 1337)
            optimizer = try AdamW(parameters: model.namedParameters(), learningRate: 3e-3)
            time = configuration.contextLength
            vocabulary = configuration.vocabularySize
            var dataGenerator = RandomGenerator(seed: 0)
            data = (0..<GPTBenchmark.tokenCount).map { _ in dataGenerator.nextInt(below: configuration.vocabularySize) }
        }

        /// 32 random windows of the data: ids and next-token targets, each [B·T] row-major.
        func batch() -> (ids: [Int], targets: [Int]) {
            var ids: [Int] = [], targets: [Int] = []
            ids.reserveCapacity(GPTBenchmark.batchSize * time)
            targets.reserveCapacity(GPTBenchmark.batchSize * time)
            for _ in 0..<GPTBenchmark.batchSize {
                let start = generator.nextInt(below: data.count - time - 1)
                ids += data[start..<(start + time)]
                targets += data[(start + 1)..<(start + 1 + time)]
            }
            return (ids, targets)
        }

        /// One training step; returns the loss before the update.
        @discardableResult
        func step(_ batch: (ids: [Int], targets: [Int])) throws -> Float {
            optimizer.zeroGradients()
            let loss = try model.loss(batch.ids, targets: batch.targets, batch: GPTBenchmark.batchSize, time: time)
            try loss.backward()
            try optimizer.step()
            return loss.scalar
        }
    }

    func run(threads: Int) throws -> [Measurement] {
        EngineThreads.set(threads)
        let trainer = try Trainer()
        var firstLoss: Float = .nan
        for index in 0..<warmUpSteps {
            let loss = try trainer.step(trainer.batch())
            if index == 0 { firstLoss = loss }
        }
        var rates: [Double] = []
        var lastLoss: Float = .nan
        for _ in 0..<runs {
            let batches = (0..<steps).map { _ in trainer.batch() }  // not timed
            let start = monotonicSeconds()
            for batch in batches { lastLoss = try trainer.step(batch) }
            rates.append(Double(steps) / (monotonicSeconds() - start))
        }
        try Loss.checkFinite(Tensor(lastLoss))
        let tokensPerStep = Double(Self.batchSize * trainer.time)
        let note = "\(trainer.model.parameterCount) params, loss \(String(format: "%.2f → %.2f", firstLoss, lastLoss))"
        return [
            Measurement(
                key: "gpt steps", workload: "tiny GPT train step", tool: .tuneLab, threads: threads,
                summary: Summary(rates), unit: "steps/s", higherIsBetter: true, note: note),
            Measurement(
                key: "gpt tokens", workload: "tiny GPT train, tokens", tool: .tuneLab, threads: threads,
                summary: Summary(rates.map { $0 * tokensPerStep }), unit: "tokens/s", higherIsBetter: true),
        ]
    }
}
