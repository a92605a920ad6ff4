import Foundation
import TuneEngine
import TuneModels

/// The encoder of all-MiniLM-L6-v2's shape with random weights, as the reference
/// `bench_bert.py`: 6 post-LN layers, hidden 384, 12 heads, MLP 1536 exact GELU,
/// vocabulary 30,522, 512 positions, 2 token types, LayerNorm ε 1e-12, no pooler,
/// no dropout; output = mean of the last hidden states (22,565,376 parameters).
///
/// - Inference: batch 32 × 32 tokens (all real) without gradients; 3 warm-up
///   forwards, then `runs` runs of 5 forwards; sentences/s per run.
/// - Training: batch 16 × 32; one step = zero gradients + forward + MSE between the
///   pooled output and a fixed random target [16, 384] + backward + AdamW (learning
///   rate 2e-5) over every parameter, the 11.7M-value word embedding included.
///   3 warm-up steps, then `steps` timed steps; seconds per step.
struct BERTBenchmark {
    var runs = 7
    var steps = 10
    static let forwardsPerRun = 5

    static let configuration = BERTConfiguration(
        hiddenSize: 384, layerCount: 6, headCount: 12, intermediateSize: 1536,
        vocabularySize: 30522, hiddenDropoutProbability: 0)

    /// Random ids [batch][time] from a fixed seed, with an all-ones mask.
    static func batch(_ batch: Int, _ time: Int, generator: inout RandomGenerator) -> (ids: [[Int]], mask: [[Int]]) {
        let ids = (0..<batch).map { _ in (0..<time).map { _ in generator.nextInt(below: configuration.vocabularySize) } }
        return (ids, [[Int]](repeating: [Int](repeating: 1, count: time), count: batch))
    }

    /// One fine-tuning setup: model, optimizer, a fixed batch and target.
    final class Trainer {
        let model: BERTModel
        let optimizer: AdamW
        let ids: [[Int]], mask: [[Int]]
        let target: Tensor  // [16, 384]

        init() throws {
            model = try BERTModel(BERTBenchmark.configuration, includesPooler: false, seed: 0)
            optimizer = try AdamW(parameters: model.namedParameters(), learningRate: 2e-5)
            var generator = RandomGenerator(seed: 1)
            (ids, mask) = BERTBenchmark.batch(16, 32, generator: &generator)
            target = Tensor.normal([16, BERTBenchmark.configuration.hiddenSize], using: &generator)
        }

        @discardableResult
        func step() throws -> Float {
            optimizer.zeroGradients()
            let hidden = try model.encode(ids: ids, attentionMask: mask)  // [16, 32, 384]
            let pooled = try BERTModel.meanPooled(hidden, attentionMask: mask)  // [16, 384]
            let loss = try Loss.meanSquaredError(pooled, target)
            try loss.backward()
            try optimizer.step()
            return loss.scalar
        }
    }

    func runInference(threads: Int) throws -> [Measurement] {
        EngineThreads.set(threads)
        let model = try BERTModel(Self.configuration, includesPooler: false, seed: 0)
        model.evaluationMode()
        var generator = RandomGenerator(seed: 0)
        let (ids, mask) = Self.batch(32, 32, generator: &generator)
        var rates: [Double] = []
        try GradientMode.withoutGradients {
            func forward() throws {
                _ = try BERTModel.meanPooled(try model.encode(ids: ids, attentionMask: mask), attentionMask: mask)
            }
            for _ in 0..<3 { try forward() }
            for _ in 0..<runs {
                let start = monotonicSeconds()
                for _ in 0..<Self.forwardsPerRun { try forward() }
                rates.append(Double(32 * Self.forwardsPerRun) / (monotonicSeconds() - start))
            }
        }
        return [Measurement(
            key: "bert infer", workload: "MiniLM-shape encoder fwd, b32 × s32", tool: .tuneLab, threads: threads,
            summary: Summary(rates), unit: "sentences/s", higherIsBetter: true,
            note: "\(model.parameterCount) params")]
    }

    func runTraining(threads: Int) throws -> [Measurement] {
        EngineThreads.set(threads)
        let trainer = try Trainer()
        for _ in 0..<3 { try trainer.step() }
        var times: [Double] = []
        for _ in 0..<steps {
            let start = monotonicSeconds()
            try trainer.step()
            times.append(monotonicSeconds() - start)
        }
        return [Measurement(
            key: "bert train", workload: "MiniLM-shape encoder train step, b16 × s32", tool: .tuneLab,
            threads: threads, summary: Summary(times), unit: "s/step", higherIsBetter: false,
            note: "AdamW over all \(trainer.model.parameterCount) params")]
    }
}
