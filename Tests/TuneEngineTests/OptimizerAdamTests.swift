import Testing
import TuneEngine

@Suite struct OptimizerAdamTests {
    /// Gradients 0.5, −0.25, 1.0 on p = 1 with lr 0.1, β = (0.9, 0.999), ε = 1e-8.
    @Test func biasCorrectedStepsOneToThree() throws {
        let p = try optimizerTestParameter([1])
        let adam = try Adam(parameters: [("w", p)], learningRate: 0.1)
        // step 1: m = 0.1·0.5 = 0.05; v = 0.001·0.25 = 0.00025
        //         m̂ = 0.05/(1 − 0.9) = 0.5; v̂ = 0.00025/(1 − 0.999) = 0.25
        //         p = 1 − 0.1·0.5/(√0.25 + 1e-8) = 0.900000002
        // step 2: m = 0.9·0.05 + 0.1·(−0.25) = 0.02; v = 0.999·0.00025 + 0.001·0.0625 = 0.00031225
        //         m̂ = 0.02/0.19 = 0.1052632; v̂ = 0.00031225/0.001999 = 0.1562031
        //         p = 0.9 − 0.1·0.1052632/0.3952254 = 0.8733663
        // step 3: m = 0.9·0.02 + 0.1·1 = 0.118; v = 0.999·0.00031225 + 0.001·1 = 0.0013119378
        //         m̂ = 0.118/0.271 = 0.4354244; v̂ = 0.0013119378/0.002997001 = 0.4377502
        //         p = 0.8733663 − 0.1·0.4354244/0.6616269 = 0.8075551
        let expected: [(gradient: Float, p: Double, m: Double, v: Double)] = [
            (0.5, 0.900000002, 0.05, 0.00025),
            (-0.25, 0.8733662987078463, 0.02, 0.00031225),
            (1.0, 0.8075551396770898, 0.118, 0.0013119377500000011),
        ]
        for (step, row) in expected.enumerated() {
            p.gradient = [row.gradient]
            try adam.step()
            expectClose(p.values, [row.p])
            let state = adam.exportState()
            expectClose(try #require(state.tensors["first_moment.w"]).values, [row.m])
            expectClose(try #require(state.tensors["second_moment.w"]).values, [row.v])
            #expect(state.tensors["step.w"]?.values == [Float(step + 1)])
        }
    }

    @Test func constantGradientMovesByAboutTheLearningRate() throws {
        // With a constant g, bias correction makes m̂ = g and v̂ = g² exactly, so
        // every step moves p by lr·|g|/(|g| + ε) ≈ lr, whatever the size of g.
        let p = try optimizerTestParameter([1, 1])
        let adam = try Adam(parameters: [("w", p)], learningRate: 0.01)
        for _ in 0..<3 {
            p.gradient = [1e-3, -50]
            try adam.step()
        }
        // p = [1 − 3·0.01·1e-3/(1e-3 + 1e-8), 1 + 3·0.01·50/(50 + 1e-8)] = [0.9700003, 1.03]
        expectClose(p.values, [1 - 0.03 * 1e-3 / (1e-3 + 1e-8), 1.03])
    }

    @Test func adamWeightDecayGoesThroughTheGradient() throws {
        let p = try optimizerTestParameter([2])
        let adam = try Adam(parameters: [("w", p)], learningRate: 0.1, weightDecay: 0.1)
        // step 1: g' = 0.5 + 0.1·2 = 0.7; m̂ = 0.7, v̂ = 0.49; p = 2 − 0.1·0.7/0.7 = 1.9
        //         (the normalization cancels the decay's size on the first step)
        p.gradient = [0.5]
        try adam.step()
        expectClose(p.values, [1.9000000014285714])
        // step 2: g' = 0.5 + 0.19 = 0.69; m = 0.9·0.07 + 0.1·0.69 = 0.132
        //         v = 0.999·0.00049 + 0.001·0.4761 = 0.00096561
        //         p = 1.9 − 0.1·(0.132/0.19)/√(0.00096561/0.001999) = 1.8000401
        p.gradient = [0.5]
        try adam.step()
        expectClose(p.values, [1.8000400943590456])
    }

    @Test func adamWDecaysTheWeightsDirectly() throws {
        let p = try optimizerTestParameter([2])
        let adamW = try AdamW(parameters: [("w", p)], learningRate: 0.1, weightDecay: 0.1)
        // step 1: p = 2·(1 − 0.1·0.1) = 1.98; m̂ = 0.5, v̂ = 0.25; p = 1.98 − 0.1 = 1.88
        p.gradient = [0.5]
        try adamW.step()
        expectClose(p.values, [1.880000002])
        // step 2: p = 1.88·0.99 = 1.8612; m̂ = 0.5, v̂ = 0.25 (constant g); p = 1.8612 − 0.1 = 1.7612
        p.gradient = [0.5]
        try adamW.step()
        expectClose(p.values, [1.7612000039800009])
    }

    @Test func adamWDiffersFromAdamWithL2() throws {
        // Same start, gradient and decay: the two ways of decaying part after one step.
        let a = try optimizerTestParameter([2], gradient: [0.5])
        let b = try optimizerTestParameter([2], gradient: [0.5])
        try Adam(parameters: [("w", a)], learningRate: 0.1, weightDecay: 0.1).step()
        try AdamW(parameters: [("w", b)], learningRate: 0.1, weightDecay: 0.1).step()
        // Adam+L2: 1.9; AdamW: 1.88 (see the two tests above)
        #expect(abs(a.values[0] - b.values[0]) > 0.019)
    }

    @Test func defaultsMatchTheDocumentedValues() throws {
        let p = try optimizerTestParameter([1])
        let adam = try Adam(parameters: [("w", p)])
        let adamW = try AdamW(parameters: [("w", p)])
        #expect(adam.learningRate == 1e-3 && adam.beta1 == 0.9 && adam.beta2 == 0.999)
        #expect(adam.epsilon == 1e-8 && adam.weightDecay == 0)
        #expect(adamW.learningRate == 1e-3 && adamW.beta1 == 0.9 && adamW.beta2 == 0.999)
        #expect(adamW.epsilon == 1e-8 && adamW.weightDecay == 0.01)
        #expect(adamW.description == "AdamW(learning rate 0.001, betas (0.9, 0.999), epsilon 1e-08, weight decay 0.01)")
        #expect(throws: OptimizerError.self) { try Adam(parameters: [("w", p)], beta1: 1) }
        #expect(throws: OptimizerError.self) { try AdamW(parameters: [("w", p)], epsilon: 0) }
    }

    @Test func parameterSkippedOnAStepKeepsItsOwnStepCount() throws {
        // Bias correction uses each parameter's own t, as PyTorch does.
        let a = try optimizerTestParameter([1])
        let b = try optimizerTestParameter([1])
        let adam = try Adam(parameters: [("a", a), ("b", b)], learningRate: 0.1)
        a.gradient = [0.5]
        try adam.step()                       // b has no gradient: skipped
        #expect(b.values == [1])
        a.gradient = [0.5]
        b.gradient = [0.5]
        try adam.step()
        let state = adam.exportState()
        #expect(state.tensors["step.a"]?.values == [2])
        #expect(state.tensors["step.b"]?.values == [1])
        // b's first update is a first step: m̂ = 0.5, v̂ = 0.25; p = 1 − 0.1 = 0.9
        expectClose(b.values, [0.900000002])
    }

    @Test func exportedStateResumesTheSameRun() throws {
        let original = try optimizerTestParameter([1, -2])
        let adamW = try AdamW(parameters: [("layer.weight", original)], learningRate: 0.05)
        for gradient: [Float] in [[0.3, -0.1], [0.2, 0.4]] {
            original.gradient = gradient
            try adamW.step()
        }
        // A new optimizer over a copy of the weights, resumed from the exported state.
        let copy = try optimizerTestParameter(original.values)
        let resumed = try AdamW(parameters: [("layer.weight", copy)], learningRate: 0.05)
        try resumed.importState(adamW.exportState())
        #expect(resumed.stepCount == 2)
        original.gradient = [-0.7, 0.1]
        copy.gradient = [-0.7, 0.1]
        try adamW.step()
        try resumed.step()
        #expect(copy.values == original.values)
    }

    @Test func mismatchedStateIsRejected() throws {
        let p = try optimizerTestParameter([1, 2], gradient: [1, 1])
        let adam = try Adam(parameters: [("w", p)])
        try adam.step()
        let state = adam.exportState()
        // Another kind of optimizer.
        let adamW = try AdamW(parameters: [("w", p)])
        #expect(throws: OptimizerError.self) { try adamW.importState(state) }
        // An unknown parameter key.
        let other = try Adam(parameters: [("v", p)])
        do {
            try other.importState(state)
            Issue.record("importState accepted state for another key")
        } catch let error as OptimizerError {
            #expect(error.description.contains("'w'"))
        }
        // A buffer of the wrong size.
        var broken = state
        broken.tensors["first_moment.w"] = Tensor([1, 2, 3])
        #expect(throws: OptimizerError.self) { try adam.importState(broken) }
        // A negative step count.
        var negative = state
        negative.stepCount = -1
        #expect(throws: OptimizerError.self) { try adam.importState(negative) }
    }
}
