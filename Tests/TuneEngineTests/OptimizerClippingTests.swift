import Testing
import TuneEngine

@Suite struct OptimizerClippingTests {
    @Test func clipsToMaxNormAcrossAllParameters() throws {
        let a = try optimizerTestParameter([0], gradient: [3])
        let b = try optimizerTestParameter([0, 0], gradient: [0, 4])
        let result = try GradientClipping.clipGlobalNorm([("a", a), ("b", b)], maxNorm: 1)
        // norm = √(3² + 4²) = 5; scale = 1/(5 + 1e-6)
        expectClose(result.normBefore, 5)
        expectClose(result.scale, 1 / (5 + 1e-6))
        expectClose(try #require(a.gradient), [3 / (5 + 1e-6)])
        expectClose(try #require(b.gradient), [0, 4 / (5 + 1e-6)])
        // The clipped norm is (just under) maxNorm.
        let sgd = try SGD(parameters: [("a", a), ("b", b)], learningRate: 0.1)
        expectClose(try sgd.step().globalGradientNorm, 5 / (5 + 1e-6))
    }

    @Test func belowTheMaxNothingChanges() throws {
        let a = try optimizerTestParameter([0, 0], gradient: [0.3, -0.4])
        let result = try GradientClipping.clipGlobalNorm([("a", a)], maxNorm: 1)
        expectClose(result.normBefore, 0.5)
        #expect(result.scale == 1)
        #expect(a.gradient == [0.3, -0.4])
    }

    @Test func frozenAndMissingGradientsTakeNoPart() throws {
        let a = try optimizerTestParameter([0], gradient: [6])
        let frozen = try optimizerTestParameter([0], gradient: [100])
        frozen.requiresGradient = false
        let none = try optimizerTestParameter([0])
        let sgd = try SGD(parameters: [("a", a), ("frozen", frozen), ("none", none)], learningRate: 1)
        let result = try GradientClipping.clipGlobalNorm(sgd, maxNorm: 3)
        expectClose(result.normBefore, 6)
        expectClose(try #require(a.gradient), [6 * 3 / (6 + 1e-6)])
        #expect(frozen.gradient == [100])
        #expect(none.gradient == nil)
    }

    @Test func nonFiniteGradientThrowsAndLeavesGradients() throws {
        let a = try optimizerTestParameter([0], gradient: [300])
        let b = try optimizerTestParameter([0, 0], gradient: [1, 1])
        let sgd = try SGD(parameters: [("head.weight", a), ("head.bias", b)], learningRate: 1)
        try sgd.step()                        // a healthy step 1; the NaN arrives at step 2
        a.gradient = [300]
        b.gradient = [1, .nan]
        do {
            try GradientClipping.clipGlobalNorm(sgd, maxNorm: 1)
            Issue.record("clipping accepted a NaN gradient")
        } catch let OptimizerError.nonFiniteGradient(key, step, index, _) {
            #expect(key == "head.bias" && step == 2 && index == 1)
        }
        #expect(a.gradient == [300])
        #expect(throws: OptimizerError.self) {
            try GradientClipping.clipGlobalNorm([("head.weight", a)], maxNorm: 0)
        }
    }
}
