import Testing
import TuneEngine

@Suite struct OptimizerGroupTests {
    @Test func groupsScaleTheBaseRateAndOverrideDecay() throws {
        let head = try optimizerTestParameter([1], gradient: [1])
        let body = try optimizerTestParameter([1], gradient: [1])
        let bias = try optimizerTestParameter([1], gradient: [1])
        let sgd = try SGD(
            groups: [
                ParameterGroup(name: "head", parameters: [("head.weight", head)]),
                ParameterGroup(name: "body", parameters: [("body.weight", body)], learningRateMultiplier: 0.5),
                ParameterGroup(name: "biases", parameters: [("body.bias", bias)], weightDecay: 0),
            ],
            learningRate: 0.1, weightDecay: 0.5)
        try sgd.step()
        // head: g' = 1 + 0.5·1 = 1.5; p = 1 − 0.1·1.5 = 0.85
        expectClose(head.values, [0.85])
        // body: rate 0.1·0.5 = 0.05;  p = 1 − 0.05·1.5 = 0.925
        expectClose(body.values, [0.925])
        // biases: no decay;           p = 1 − 0.1·1 = 0.9
        expectClose(bias.values, [0.9])
        // A schedule moves the base rate; the multipliers follow.
        sgd.learningRate = 0.2
        head.gradient = [0]
        body.gradient = [0]
        bias.gradient = [1]
        try sgd.step()
        expectClose(head.values, [0.85 - 0.2 * 0.5 * 0.85])     // decay only: g' = 0.5·0.85
        expectClose(body.values, [0.925 - 0.1 * 0.5 * 0.925])   // rate 0.2·0.5 = 0.1
        expectClose(bias.values, [0.9 - 0.2])
    }

    @Test func adamGroupsUseTheirOwnRates() throws {
        let top = try optimizerTestParameter([1], gradient: [0.5])
        let bottom = try optimizerTestParameter([1], gradient: [0.5])
        let adam = try Adam(
            groups: [
                ParameterGroup(parameters: [("top", top)]),
                ParameterGroup(parameters: [("bottom", bottom)], learningRateMultiplier: 1 / 2.6),
            ],
            learningRate: 0.01)
        try adam.step()
        // First Adam step moves by the rate (m̂/√v̂ = 1): top by 0.01, bottom by 0.01/2.6.
        expectClose(top.values, [1 - 0.01 * 0.5 / (0.5 + 1e-8)])
        expectClose(bottom.values, [1 - 0.01 / 2.6 * 0.5 / (0.5 + 1e-8)])
    }

    @Test func frozenParametersAndMissingGradientsAreSkipped() throws {
        let trained = try optimizerTestParameter([1, 2], gradient: [1, 1])
        let frozen = try optimizerTestParameter([3], gradient: [5])
        frozen.requiresGradient = false
        let untouched = try optimizerTestParameter([4])          // gradient nil
        for optimizer: any Optimizer in [
            try SGD(parameters: [("a", trained), ("frozen", frozen), ("none", untouched)],
                    learningRate: 0.1, momentum: 0.9, weightDecay: 0.1),
            try AdamW(parameters: [("a", trained), ("frozen", frozen), ("none", untouched)],
                      learningRate: 0.1, weightDecay: 0.1),
        ] {
            let before = trained.values
            let report = try optimizer.step()
            #expect(trained.values != before)
            #expect(frozen.values == [3])
            #expect(untouched.values == [4])
            #expect(report.updatedParameterCount == 1)
            #expect(report.skippedParameterCount == 2)
            // Only the trained parameter's gradient counts: ‖[1, 1]‖ = √2.
            expectClose(report.globalGradientNorm, 2.0.squareRoot())
            // No state is created for skipped parameters.
            let names = optimizer.exportState().sortedNames
            #expect(!names.contains { $0.hasSuffix(".frozen") || $0.hasSuffix(".none") })
        }
    }

    @Test func zeroGradientsClearsEveryGradient() throws {
        let a = try optimizerTestParameter([1], gradient: [1])
        let b = try optimizerTestParameter([1], gradient: [2])
        let sgd = try SGD(groups: [
            ParameterGroup(parameters: [("a", a)]), ParameterGroup(parameters: [("b", b)]),
        ], learningRate: 0.1)
        sgd.zeroGradients()
        #expect(a.gradient == nil && b.gradient == nil)
        #expect(sgd.parameters.map(\.key) == ["a", "b"])
    }

    @Test func noDecayRuleByKey() {
        let noDecay = [
            "blocks.0.attention.query.bias", "head.bias", "embeddings.LayerNorm.weight",
            "blocks.3.norm1.weight", "final_norm.weight", "h.0.ln_1.weight", "ln_f.bias",
            "blocks.1.ln.weight", "blocks.1.ln2.weight", "encoder.layer.0.output.LayerNorm.bias",
        ]
        let decay = [
            "blocks.0.attention.query.weight", "head.weight", "embeddings.token.weight",
            "blocks.2.mlp.linear.weight", "lnx.weight", "biasing.weight",
        ]
        for key in noDecay { #expect(ParameterGroup.isExcludedFromWeightDecay(key), "\(key)") }
        for key in decay { #expect(!ParameterGroup.isExcludedFromWeightDecay(key), "\(key)") }
    }

    @Test func splitByWeightDecayMakesTwoGroups() throws {
        let keys = ["blocks.0.query.weight", "blocks.0.query.bias", "blocks.0.norm.weight", "head.weight"]
        let parameters = try keys.map { (key: $0, tensor: try optimizerTestParameter([1])) }
        let groups = ParameterGroup.splitByWeightDecay(parameters, weightDecay: 0.01)
        #expect(groups.map(\.name) == ["decay", "no decay"])
        #expect(groups[0].parameters.map(\.key) == ["blocks.0.query.weight", "head.weight"])
        #expect(groups[0].weightDecay == 0.01)
        #expect(groups[1].parameters.map(\.key) == ["blocks.0.query.bias", "blocks.0.norm.weight"])
        #expect(groups[1].weightDecay == 0)

        // In AdamW the no-decay group's weights change only by the Adam step.
        let weight = try optimizerTestParameter([2], gradient: [0.5])
        let bias = try optimizerTestParameter([2], gradient: [0.5])
        let adamW = try AdamW(
            groups: ParameterGroup.splitByWeightDecay([("w.weight", weight), ("w.bias", bias)], weightDecay: 0.1),
            learningRate: 0.1, weightDecay: 0.5)
        try adamW.step()
        expectClose(weight.values, [2 * (1 - 0.1 * 0.1) - 0.1 * 0.5 / (0.5 + 1e-8)])   // 1.88
        expectClose(bias.values, [2 - 0.1 * 0.5 / (0.5 + 1e-8)])                     // 1.9
    }

    @Test func discriminativeRatesDivideByFactorPerLayer() throws {
        let keys = [
            "embeddings.weight", "blocks.0.mlp.weight", "blocks.0.ln.bias",
            "blocks.1.mlp.weight", "final_norm.weight", "head.weight",
        ]
        let parameters = try keys.map { (key: $0, tensor: try optimizerTestParameter([1])) }
        let groups = try ParameterGroup.discriminative(parameters, factor: 2.6)
        #expect(groups.map(\.name) == ["head", "blocks.1", "blocks.0", "embeddings"])
        #expect(groups[0].parameters.map(\.key) == ["final_norm.weight", "head.weight"])
        #expect(groups[2].parameters.map(\.key) == ["blocks.0.mlp.weight", "blocks.0.ln.bias"])
        // head 1, blocks.1 1/2.6, blocks.0 1/2.6², embeddings 1/2.6³
        expectClose(groups.map(\.learningRateMultiplier), [1, 1 / 2.6, 1 / (2.6 * 2.6), 1 / (2.6 * 2.6 * 2.6)])

        let split = try ParameterGroup.discriminative(parameters, factor: 2.6, weightDecay: 0.01)
        #expect(split.map(\.name) == [
            "head decay", "head no decay", "blocks.1 decay", "blocks.0 decay", "blocks.0 no decay",
            "embeddings decay",
        ])
        expectClose(split[4].learningRateMultiplier, 1 / (2.6 * 2.6))
        #expect(split[4].weightDecay == 0)
        #expect(throws: OptimizerError.self) { try ParameterGroup.discriminative(parameters, factor: 0) }
    }

    @Test func discriminativeWithoutBlocksIsOneLayer() throws {
        let parameters = try ["linear.weight", "linear.bias"].map { (key: $0, tensor: try optimizerTestParameter([1])) }
        let groups = try ParameterGroup.discriminative(parameters)
        #expect(groups.map(\.name) == ["parameters"])
        #expect(groups[0].learningRateMultiplier == 1)
        let split = try ParameterGroup.discriminative(parameters, weightDecay: 0.01)
        #expect(split.map(\.name) == ["decay", "no decay"])
        #expect(split.map(\.weightDecay) == [0.01, 0])
    }
}
