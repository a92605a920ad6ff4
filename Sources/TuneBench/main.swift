import Foundation
import TuneEngine
import TuneModels

// Temporary probe while the engine is tuned; replaced by the full benchmark.
let configuration = GPTConfiguration.benchmark
let model = try GPT(configuration, seed: 1337)
var generator = RandomGenerator(seed: 0)
let batch = 32, time = 64
func randomIds() -> [Int] { (0..<(batch * time)).map { _ in generator.nextInt(below: 65) } }
print("parameters", model.parameterCount)
for threads in [1, 2] {
    BLAS.threadCount = threads
    var forward = 0.0, backward = 0.0
    for step in 0..<8 {
        let ids = randomIds(), targets = randomIds()
        let t0 = Date()
        let loss = try model.loss(ids, targets: targets, batch: batch, time: time)
        let t1 = Date()
        try loss.backward()
        let t2 = Date()
        model.zeroGradients()
        if step >= 3 { forward += t1.timeIntervalSince(t0); backward += t2.timeIntervalSince(t1) }
    }
    print("threads \(threads): forward \(forward / 5 * 1000) ms, backward \(backward / 5 * 1000) ms, steps/s (no optimizer) \(5 / (forward + backward))")
}
