import Testing
import TuneEngine

// MARK: - Helpers shared by the optimizer tests

/// A trainable parameter with the given values and (optionally) a gradient.
func optimizerTestParameter(_ values: [Float], gradient: [Float]? = nil) throws -> Tensor {
    let tensor = try Tensor(shape: [values.count], values: values, requiresGradient: true)
    tensor.gradient = gradient
    return tensor
}

/// Expects every value within `relative` of the expected one (or within 1e-12 of
/// an expected 0).
func expectClose(
    _ actual: [Float], _ expected: [Double], relative: Double = 1e-6,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(actual.count == expected.count, "count \(actual.count) ≠ \(expected.count)", sourceLocation: sourceLocation)
    for (a, e) in zip(actual, expected) {
        let tolerance = max(abs(e) * relative, 1e-12)
        #expect(abs(Double(a) - e) <= tolerance, "got \(a), expected \(e)", sourceLocation: sourceLocation)
    }
}

func expectClose(
    _ actual: Float, _ expected: Double, relative: Double = 1e-6,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    expectClose([actual], [expected], relative: relative, sourceLocation: sourceLocation)
}

// MARK: - SGD

@Suite struct OptimizerSGDTests {
    @Test func plainStepIsLearningRateTimesGradient() throws {
        let p = try optimizerTestParameter([1, 2], gradient: [0.5, -1])
        let sgd = try SGD(parameters: [("w", p)], learningRate: 0.1)
        let report = try sgd.step()
        // p ← p − lr·g = [1 − 0.1·0.5, 2 − 0.1·(−1)] = [0.95, 2.1]
        expectClose(p.values, [0.95, 2.1])
        #expect(report.step == 1)
        #expect(sgd.stepCount == 1)
        // ‖g‖ = √(0.25 + 1) = √1.25
        expectClose(report.globalGradientNorm, 1.25.squareRoot())
    }

    @Test func momentumFollowsTheBufferRule() throws {
        let p = try optimizerTestParameter([1, 2])
        let sgd = try SGD(parameters: [("w", p)], learningRate: 0.1, momentum: 0.9)
        let expected: [[Double]] = [
            // step 1: b = g = [1, −2];           p = [1 − 0.1, 2 + 0.2]       = [0.9, 2.2]
            [0.9, 2.2],
            // step 2: b = 0.9·b + g = [1.9, −3.8]; p = [0.9 − 0.19, 2.2 + 0.38]  = [0.71, 2.58]
            [0.71, 2.58],
            // step 3: b = [2.71, −5.42];         p = [0.71 − 0.271, 2.58 + 0.542] = [0.439, 3.122]
            [0.439, 3.122],
        ]
        for values in expected {
            p.gradient = [1, -2]
            try sgd.step()
            expectClose(p.values, values)
        }
        // The buffer is exported as momentum.<key>: b after step 3.
        let state = sgd.exportState()
        expectClose(try #require(state.tensors["momentum.w"]).values, [2.71, -5.42])
    }

    @Test func nesterovStepsByGradientPlusMomentumTimesBuffer() throws {
        let p = try optimizerTestParameter([1])
        let sgd = try SGD(parameters: [("w", p)], learningRate: 0.1, momentum: 0.9, nesterov: true)
        // step 1: b = g = 1;             direction = g + 0.9·b = 1.9;  p = 1 − 0.19 = 0.81
        p.gradient = [1]
        try sgd.step()
        expectClose(p.values, [0.81])
        // step 2: b = 0.9·1 + 1 = 1.9;   direction = 1 + 0.9·1.9 = 2.71; p = 0.81 − 0.271 = 0.539
        p.gradient = [1]
        try sgd.step()
        expectClose(p.values, [0.539])
    }

    @Test func weightDecayAddsL2TermToGradient() throws {
        let p = try optimizerTestParameter([2])
        let sgd = try SGD(parameters: [("w", p)], learningRate: 0.1, weightDecay: 0.1)
        // step 1: g' = 0.5 + 0.1·2 = 0.7;     p = 2 − 0.07 = 1.93
        p.gradient = [0.5]
        try sgd.step()
        expectClose(p.values, [1.93])
        // step 2: g' = 0.5 + 0.1·1.93 = 0.693; p = 1.93 − 0.0693 = 1.8607
        p.gradient = [0.5]
        try sgd.step()
        expectClose(p.values, [1.8607])
    }

    @Test func momentumWithWeightDecayBuffersTheDecayedGradient() throws {
        let p = try optimizerTestParameter([2])
        let sgd = try SGD(parameters: [("w", p)], learningRate: 0.1, momentum: 0.9, weightDecay: 0.1)
        // step 1: g' = 0.7; b = 0.7;                          p = 2 − 0.07 = 1.93
        p.gradient = [0.5]
        try sgd.step()
        expectClose(p.values, [1.93])
        // step 2: g' = 0.5 + 0.193 = 0.693; b = 0.9·0.7 + 0.693 = 1.323; p = 1.93 − 0.1323 = 1.7977
        p.gradient = [0.5]
        try sgd.step()
        expectClose(p.values, [1.7977])
    }

    @Test func dampeningSparesTheFirstStep() throws {
        let p = try optimizerTestParameter([1])
        let sgd = try SGD(parameters: [("w", p)], learningRate: 0.1, momentum: 0.9, dampening: 0.5)
        // step 1: b = g = 1 (no dampening on the first step); p = 1 − 0.1 = 0.9
        p.gradient = [1]
        try sgd.step()
        expectClose(p.values, [0.9])
        // step 2: b = 0.9·1 + (1 − 0.5)·1 = 1.4;              p = 0.9 − 0.14 = 0.76
        p.gradient = [1]
        try sgd.step()
        expectClose(p.values, [0.76])
    }

    @Test func invalidHyperparametersAreNamed() throws {
        let p = try optimizerTestParameter([1])
        #expect(throws: OptimizerError.self) {
            try SGD(parameters: [("w", p)], learningRate: 0.1, nesterov: true)   // momentum 0
        }
        #expect(throws: OptimizerError.invalidHyperparameter(name: "learningRate", value: -1, accepts: "finite and ≥ 0")) {
            try SGD(parameters: [("w", p)], learningRate: -1)
        }
        // A var set out of range is caught at the next step, before any change.
        let sgd = try SGD(parameters: [("w", p)], learningRate: 0.1)
        sgd.momentum = -0.5
        p.gradient = [1]
        do {
            try sgd.step()
            Issue.record("step() accepted momentum −0.5")
        } catch let error as OptimizerError {
            #expect(error.description.contains("momentum"))
        }
        #expect(p.values == [1])
    }

    @Test func descriptionListsTheHyperparameters() throws {
        let p = try optimizerTestParameter([1])
        #expect(try SGD(parameters: [("w", p)], learningRate: 0.1).description == "SGD(learning rate 0.1)")
        #expect(try SGD(parameters: [("w", p)], learningRate: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.01)
            .description == "SGD(learning rate 0.1, momentum 0.9 (Nesterov), weight decay 0.01)")
    }

    @Test func duplicateKeysAreRejected() throws {
        let a = try optimizerTestParameter([1])
        let b = try optimizerTestParameter([2])
        #expect(throws: OptimizerError.duplicateParameterKey("layer.weight")) {
            try SGD(parameters: [("layer.weight", a), ("layer.weight", b)], learningRate: 0.1)
        }
    }
}
