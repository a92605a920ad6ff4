import Testing
import TuneEngine

@Suite struct OptimizerReportTests {
    @Test func statisticsMeasureTheUpdateDuringTheStep() throws {
        let p = try optimizerTestParameter([3, 4], gradient: [1, 0])
        let q = try optimizerTestParameter([0, 0], gradient: [0, 2])
        let sgd = try SGD(parameters: [("layer.weight", p), ("layer.bias", q)], learningRate: 0.1)
        sgd.collectsStatistics = true
        let report = try sgd.step(loss: 2.5)
        #expect(report.loss == 2.5)
        #expect(report.learningRate == 0.1)
        #expect(sgd.lastReport?.step == 1)
        // ‖g‖ over both: √(1 + 4) = √5
        expectClose(report.globalGradientNorm, 5.0.squareRoot())
        let weight = try #require(report.parameters.first)
        #expect(weight.key == "layer.weight" && weight.shape == [2])
        // Δ = new − old = −0.1·[1, 0]: ‖Δ‖ = 0.1; ‖w‖ = ‖[3, 4]‖ = 5; ratio = 0.1/5 = 0.02
        expectClose(weight.gradientNorm, 1)
        expectClose(weight.weightNorm, 5)
        expectClose(weight.updateNorm, 0.1)
        expectClose(weight.updateToWeightRatio, 0.02)
        #expect(weight.learningRate == 0.1)
        // Zero weights that move: the ratio is infinite, not NaN.
        let bias = report.parameters[1]
        expectClose(bias.updateNorm, 0.2)
        #expect(bias.weightNorm == 0 && bias.updateToWeightRatio == .infinity)
    }

    @Test func adamStatisticsIncludeDecoupledDecayInTheUpdate() throws {
        // Δ is new − old, so AdamW's shrink is part of it.
        let p = try optimizerTestParameter([2], gradient: [0.5])
        let adamW = try AdamW(parameters: [("w", p)], learningRate: 0.1, weightDecay: 0.1)
        adamW.collectsStatistics = true
        let statistics = try #require(try adamW.step().parameters.first)
        // new = 1.880000002; Δ = −0.119999998; ratio = 0.119999998/2
        expectClose(statistics.updateNorm, 0.119999998)
        expectClose(statistics.updateToWeightRatio, 0.059999999)
    }

    @Test func ratioOfZeroUpdateOnZeroWeightsIsZero() {
        let statistics = ParameterStatistics(
            key: "b", shape: [2], learningRate: 0.1, gradientNorm: 0, weightNorm: 0, updateNorm: 0)
        #expect(statistics.updateToWeightRatio == 0)
    }

    @Test func statisticsAreOffByDefault() throws {
        let p = try optimizerTestParameter([1], gradient: [1])
        let adam = try Adam(parameters: [("w", p)])
        #expect(!adam.collectsStatistics)
        let report = try adam.step()
        #expect(report.parameters.isEmpty)
        expectClose(report.globalGradientNorm, 1)
    }

    @Test func nonFiniteGradientThrowsWithKeyAndStepAndChangesNothing() throws {
        for bad: Float in [.nan, .infinity, -.infinity] {
            let good = try optimizerTestParameter([1, 2], gradient: [0.1, 0.2])
            let broken = try optimizerTestParameter([3, 4, 5], gradient: [0.1, 0.2, bad])
            for optimizer: any Optimizer in [
                try SGD(parameters: [("blocks.0.mlp.weight", good), ("blocks.1.attention.query.weight", broken)],
                        learningRate: 0.1, momentum: 0.9),
                try Adam(parameters: [("blocks.0.mlp.weight", good), ("blocks.1.attention.query.weight", broken)]),
                try AdamW(parameters: [("blocks.0.mlp.weight", good), ("blocks.1.attention.query.weight", broken)]),
            ] {
                do {
                    try optimizer.step()
                    Issue.record("\(optimizer.name) stepped over a \(bad) gradient")
                } catch let OptimizerError.nonFiniteGradient(key, step, index, value) {
                    #expect(key == "blocks.1.attention.query.weight")
                    #expect(step == 1)
                    #expect(index == 2)
                    #expect(value.isNaN == bad.isNaN && (bad.isNaN || value == bad))
                    let message = OptimizerError.nonFiniteGradient(key: key, step: step, index: index, value: value).description
                    #expect(message.contains("blocks.1.attention.query.weight") && message.contains("step 1"))
                }
                // The earlier, healthy parameter was not updated either.
                #expect(good.values == [1, 2])
                #expect(broken.values == [3, 4, 5])
                #expect(optimizer.stepCount == 0)
                #expect(optimizer.exportState().tensors.isEmpty)
            }
        }
    }

    @Test func gradientOfWrongLengthIsNamed() throws {
        let p = try optimizerTestParameter([1, 2], gradient: [1])
        let sgd = try SGD(parameters: [("w", p)], learningRate: 0.1)
        #expect(throws: OptimizerError.gradientCountMismatch(key: "w", expected: 2, got: 1)) {
            try sgd.step()
        }
    }
}
