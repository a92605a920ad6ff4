import Foundation
import Testing
import TuneEngine

/// Rows wider than one vector register (16 floats) go through the engine's SIMD
/// loops, with a scalar tail for what is left. Widths such as 37 and 100 exercise
/// both parts; each result is compared with the same formula in Double.
@Suite struct WideRowTests {
    @Test func softmaxOfWideRows() throws {
        var generator = RandomGenerator(seed: 21)
        let x = Tensor.normal([3, 37], standardDeviation: 3, using: &generator)
        let y = try x.softmax()
        for r in 0..<3 {
            let row = (0..<37).map { Double(x.values[r * 37 + $0]) }
            let largest = row.max()!
            let total = row.map { Foundation.exp($0 - largest) }.reduce(0, +)
            for j in 0..<37 {
                let expected = Foundation.exp(row[j] - largest) / total
                #expect(Swift.abs(Double(y.values[r * 37 + j]) - expected) < 1e-6)
            }
        }
    }

    @Test func crossEntropyOfWideRows() throws {
        var generator = RandomGenerator(seed: 22)
        let logits = Tensor.normal([4, 100], standardDeviation: 2, using: &generator)
        let targets = [0, 99, 50, 17]
        let loss = try Loss.crossEntropy(logits: logits, targets: targets)
        var expected = 0.0
        for (r, target) in targets.enumerated() {
            let row = (0..<100).map { Double(logits.values[r * 100 + $0]) }
            let largest = row.max()!
            expected += largest + Foundation.log(row.map { Foundation.exp($0 - largest) }.reduce(0, +)) - row[target]
        }
        #expect(Swift.abs(Double(loss.scalar) - expected / 4) < 1e-5)
    }

    @Test func biasGradientIsTheColumnSumOfWideRows() throws {
        var generator = RandomGenerator(seed: 23)
        let layer = Linear(5, 100, generator: &generator)  // 100 = 64 + 2·16 + 4: every path
        let x = Tensor.normal([9, 5], using: &generator)
        let probe = Tensor.normal([9, 100], using: &generator)
        try (try layer(x) * probe).sum().backward()
        let gradient = try #require(layer.bias?.gradient)
        for j in 0..<100 {
            let expected = (0..<9).reduce(0.0) { $0 + Double(probe.values[$1 * 100 + j]) }
            #expect(Swift.abs(Double(gradient[j]) - expected) < 1e-5, "column \(j)")
        }
    }

    @Test func layerNormOfWideRows() throws {
        var generator = RandomGenerator(seed: 24)
        let x = Tensor.normal([2, 50], mean: 3, standardDeviation: 2, using: &generator)
        let y = try x.layerNormalized(weight: Tensor.ones([50]), bias: Tensor.zeros([50]))
        for r in 0..<2 {
            let row = (0..<50).map { Double(x.values[r * 50 + $0]) }
            let mean = row.reduce(0, +) / 50
            let variance = row.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 50
            for j in 0..<50 {
                let expected = (row[j] - mean) / (variance + 1e-5).squareRoot()
                #expect(Swift.abs(Double(y.values[r * 50 + j]) - expected) < 1e-5)
            }
        }
    }
}
