import Testing
import TuneEngine

/// Values of the forward ops, checked against hand-worked examples and references.
@Suite struct TensorTests {
    @Test func creationValidatesCounts() throws {
        #expect(throws: TensorError.valueCountMismatch(shape: [2, 3], expected: 6, got: 5)) {
            try Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5])
        }
        #expect(throws: TensorError.self) { try Tensor(shape: [-1, 2], values: []) }
        #expect(throws: TensorError.self) { try Tensor(rows: [[1, 2], [3]]) }
        let t = try Tensor(rows: [[1, 2, 3], [4, 5, 6]])
        #expect(t.shape == [2, 3] && t.values == [1, 2, 3, 4, 5, 6])
        #expect(Tensor.zeros([2, 2]).values == [0, 0, 0, 0])
        #expect(Tensor.full([3], value: 7).values == [7, 7, 7])
    }

    @Test func initializersHaveTheirStatedSpread() {
        var g = RandomGenerator(seed: 3)
        let kaiming = Tensor.kaimingNormal([256, 512], using: &g)
        let std = (kaiming.values.map { $0 * $0 }.reduce(0, +) / Float(kaiming.count)).squareRoot()
        #expect(abs(std - (2.0 / 512).squareRoot()) < 0.002)
        let xavier = Tensor.xavierUniform([100, 300], using: &g)
        let limit = (6.0 / 400).squareRoot()
        #expect(xavier.values.allSatisfy { abs($0) <= Float(limit) })
        #expect(xavier.values.contains { abs($0) > Float(limit) * 0.95 })
    }

    @Test func broadcastingArithmetic() throws {
        let a = try Tensor(rows: [[1, 2, 3], [4, 5, 6]])
        let row = Tensor([10, 20, 30])
        let column = try Tensor(shape: [2, 1], values: [100, 200])
        #expect(try (a + row).values == [11, 22, 33, 14, 25, 36])
        #expect(try (a + column).values == [101, 102, 103, 204, 205, 206])
        #expect(try (a * Tensor(2)).values == [2, 4, 6, 8, 10, 12])
        #expect(try (column - row).shape == [2, 3])
        #expect(try (column - row).values == [90, 80, 70, 190, 180, 170])
        #expect(try (a / row).values[0] == 0.1)
        #expect(throws: TensorError.self) { try a + Tensor([1, 2]) }
    }

    @Test func shapeMismatchErrorsSayWhatAndWhere() {
        do {
            _ = try Tensor.zeros([2, 3]).matmul(Tensor.zeros([4, 5]))
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("matmul"))
            #expect("\(error)".contains("[2, 3]") && "\(error)".contains("[4, 5]"))
            #expect("\(error)".contains("inner sizes 3 and 4"))
        }
        #expect(throws: TensorError.self) { try Tensor.zeros([2]).sum(axis: 3) }
        #expect(throws: TensorError.self) { try Tensor.zeros([4, 2]).indexSelect([4]) }
        #expect(throws: TensorError.self) { try Tensor.zeros([4, 2]).reshaped([3, 3]) }
        #expect(throws: TensorError.self) { try Loss.crossEntropy(logits: Tensor.zeros([2, 3]), targets: [0, 3]) }
        #expect(throws: TensorError.self) { try Loss.crossEntropy(logits: Tensor.zeros([2, 3]), targets: [0]) }
    }

    @Test func matmulMatchesTheReferenceForManyShapes() throws {
        var g = RandomGenerator(seed: 11)
        for (m, k, n) in [(1, 1, 1), (3, 5, 2), (17, 33, 9), (64, 128, 65), (128, 64, 256)] {
            let a = Tensor.normal([m, k], using: &g), b = Tensor.normal([k, n], using: &g)
            let fast = try a.matmul(b), slow = try Tensor.referenceMatmul(a, b)
            #expect(fast.shape == [m, n])
            #expect(allClose(fast.values, slow.values, tolerance: 1e-4 * Float(k).squareRoot()))
            // The transposed form multiplies by the transpose without copying it.
            let bt = try b.transposed()
            let viaTranspose = try a.matmul(try Tensor(shape: bt.shape, values: bt.values), transposingOther: true)
            #expect(allClose(viaTranspose.values, slow.values, tolerance: 1e-4 * Float(k).squareRoot()))
        }
    }

    @Test func linearOpEqualsMatmulPlusBias() throws {
        var g = RandomGenerator(seed: 12)
        let x = Tensor.normal([2, 3, 8], using: &g), w = Tensor.normal([5, 8], using: &g), b = Tensor.normal([5], using: &g)
        let fused = try x.linear(weight: w, bias: b)
        let composed = try x.matmul(w, transposingOther: true) + b
        #expect(fused.shape == [2, 3, 5])
        #expect(allClose(fused.values, composed.values, tolerance: 1e-5))
    }

    @Test func reductionsAndShapes() throws {
        let a = try Tensor(rows: [[1, 5, 3], [4, 2, 6]])
        #expect(a.sum().scalar == 21)
        #expect(try a.sum(axis: 0).values == [5, 7, 9])
        #expect(try a.sum(axis: -1, keepingAxis: true).shape == [2, 1])
        #expect(try a.mean(axis: 1).values == [3, 4])
        #expect(try a.max(axis: 1).values == [5, 6])
        #expect(try a.argmax(axis: 1) == [1, 2])
        #expect(try a.variance(axis: 1).values.map { ($0 * 1000).rounded() } == [2667, 2667])
        #expect(try a.transposed().values == [1, 4, 5, 2, 3, 6])
        #expect(try a.slice(axis: 1, 1..<3).values == [5, 3, 2, 6])
        #expect(try Tensor.concatenate([a, a], axis: 0).shape == [4, 3])
        #expect(try Tensor.concatenate([a, a], axis: 1).values == [1, 5, 3, 1, 5, 3, 4, 2, 6, 4, 2, 6])
        #expect(try a.indexSelect([1, 1, 0]).values == [4, 2, 6, 4, 2, 6, 1, 5, 3])
        let p = try Tensor(shape: [2, 3, 4], values: (0..<24).map(Float.init)).permuted([2, 0, 1])
        #expect(p.shape == [4, 2, 3])
        #expect(Array(p.values.prefix(6)) == [0, 4, 8, 12, 16, 20])
    }

    @Test func softmaxIsStableAndSumsToOne() throws {
        let logits = try Tensor(rows: [[1000, 1001, 1002], [-5, 0, 5]])
        let p = try logits.softmax()
        #expect(p.values.allSatisfy { $0.isFinite })
        #expect(abs(p.values[0..<3].reduce(0, +) - 1) < 1e-6)
        #expect(abs(p.values[2] - 0.665241) < 1e-5)
        let logP = try logits.logSoftmax()
        // Near 1002 a Float's spacing is 6e-5, so that is the best agreement possible.
        #expect(abs(logP.values[2] - (-0.407606)) < 1e-4)
        #expect(abs(logP.values[5] - (-0.0067604)) < 1e-6)
    }

    @Test func crossEntropyMatchesHandComputedValueAndIgnoresPadding() throws {
        // Uniform logits over 4 classes: the loss is ln 4 whatever the target.
        let uniform = Tensor.zeros([3, 4])
        #expect(abs(try Loss.crossEntropy(logits: uniform, targets: [0, 1, 3]).scalar - Float(1.3862944)) < 1e-6)
        // Row 0: logits [2, 0]; target 0: ln(1 + e^-2) = 0.126928. Row 1 is padding.
        let logits = try Tensor(rows: [[2, 0], [0, 9]])
        let loss = try Loss.crossEntropy(logits: logits, targets: [0, -1], ignoreIndex: -1)
        #expect(abs(loss.scalar - 0.126928) < 1e-5)
        #expect(throws: TensorError.self) { try Loss.crossEntropy(logits: logits, targets: [-1, -1], ignoreIndex: -1) }
    }

    @Test func nonFiniteLossIsNamed() {
        #expect(throws: TensorError.self) { try Loss.checkFinite(Tensor(Float.nan), step: 12) }
        do { try Loss.checkFinite(Tensor(Float.infinity), step: 12) } catch { #expect("\(error)".contains("step 12")) }
    }

    @Test func gradientsAccumulateAcrossUses() throws {
        let x = try Tensor(shape: [2], values: [1, 2], requiresGradient: true)
        // y = Σ (x·x + x) : dy/dx = 2x + 1
        try (try x * x + x).sum().backward()
        #expect(x.gradient == [3, 5])
        // A second backward adds to the first until the gradient is cleared.
        try (x * 3).sum().backward()
        #expect(x.gradient == [6, 8])
        x.zeroGradient()
        #expect(x.gradient == nil)
    }

    @Test func backwardNeedsAScalarThatDependsOnParameters() {
        #expect(throws: TensorError.self) { try Tensor.zeros([2]).backward() }
        #expect(throws: TensorError.self) { try Tensor(1).backward() }
    }

    @Test func noGradientScopeBuildsNoGraph() throws {
        let w = try Tensor(shape: [2], values: [1, 2], requiresGradient: true)
        let y = try GradientMode.withoutGradients { try (w * w).sum() }
        #expect(!y.requiresGradient)
        #expect(GradientMode.isEnabled)
        #expect(throws: TensorError.self) { try y.backward() }
        let detached = (w * 2).detached()
        #expect(!detached.requiresGradient)
    }

    @Test func attentionIsCausalAndRespectsPadding() throws {
        var g = RandomGenerator(seed: 40)
        let q = Tensor.normal([1, 4, 4], using: &g), k = Tensor.normal([1, 4, 4], using: &g)
        let v = Tensor.normal([1, 4, 4], using: &g)
        let (_, weights) = try Attention.scaledDotProduct(query: q, key: k, value: v, heads: 2, mask: AttentionMask(causal: true), keepWeights: true)
        let p = weights!  // [1, 2, 4, 4]
        for head in 0..<2 {
            for t in 0..<4 {
                let row = Array(p[(head * 16 + t * 4)..<(head * 16 + t * 4 + 4)])
                #expect(abs(row.reduce(0, +) - 1) < 1e-5)
                for s in (t + 1)..<max(t + 1, 4) { #expect(row[s] == 0, "position \(t) sees the future \(s)") }
            }
        }
        let padded = try Attention.scaledDotProduct(query: q, key: k, value: v, heads: 1, mask: AttentionMask(causal: false, keyPadding: [[1, 1, 0, 0]]), keepWeights: true)
        for t in 0..<4 { #expect(padded.weights![t * 4 + 2] == 0 && padded.weights![t * 4 + 3] == 0) }
    }

    @Test func sameSeedGivesBitIdenticalTraining() throws {
        func run() throws -> [Float] {
            var g = RandomGenerator(seed: 5)
            let block = TransformerBlock(width: 16, heads: 2, hiddenSize: 32, causal: true, dropout: 0.1, generator: &g)
            let x = Tensor.normal([2, 6, 16], using: &g)
            var losses: [Float] = []
            for _ in 0..<5 {
                let loss = try block(x).power(2).mean()
                try loss.backward()
                for (_, p) in block.namedParameters() {
                    if let grad = p.gradient { for i in 0..<p.count { p.values[i] -= 0.1 * grad[i] } }
                }
                block.zeroGradients()
                losses.append(loss.scalar)
            }
            return losses
        }
        let first = try run(), second = try run()
        #expect(first == second)
        #expect(first.last! < first.first!)
    }

    @Test func modulesNameParametersLikeStateDictKeys() throws {
        var g = RandomGenerator(seed: 1)
        let block = TransformerBlock(width: 8, heads: 2, hiddenSize: 16, causal: true, generator: &g)
        let keys = block.namedParameters().map(\.key)
        #expect(keys.contains("attention.query.weight"))
        #expect(keys.contains("mlp.hidden.bias"))
        #expect(keys.contains("attentionNorm.weight"))
        let sequential = Sequential([Linear(4, 3, generator: &g), Activation(.relu), Linear(3, 2, generator: &g)])
        #expect(sequential.namedParameters().map(\.key) == ["layers.0.weight", "layers.0.bias", "layers.2.weight", "layers.2.bias"])
        #expect(sequential.parameterCount == 4 * 3 + 3 + 3 * 2 + 2)
        #expect(sequential.freeze(prefix: "layers.0") == 2)
        #expect(sequential.trainableParameterCount == 3 * 2 + 2)
        sequential.unfreeze()
        #expect(sequential.trainableParameterCount == sequential.parameterCount)
    }

    @Test func loadingChecksKeysAndShapes() throws {
        var g = RandomGenerator(seed: 2)
        let linear = Linear(3, 2, generator: &g)
        #expect(throws: ModuleError.self) { try linear.load(["weight": ([2, 3], [Float](repeating: 1, count: 6))]) }
        #expect(throws: ModuleError.self) { try linear.load(["weight": ([3, 2], [Float](repeating: 1, count: 6)), "bias": ([2], [0, 0])]) }
        try linear.load(["weight": ([2, 3], [Float](repeating: 1, count: 6)), "bias": ([2], [5, 6])])
        #expect(linear.bias!.values == [5, 6])
    }

    @Test func dropoutIsOffInEvaluationMode() throws {
        let dropout = Dropout(0.5, generator: RandomGenerator(seed: 1))
        let x = Tensor.ones([1000])
        let trained = try dropout(x)
        let zeros = trained.values.filter { $0 == 0 }.count
        #expect(zeros > 400 && zeros < 600)
        #expect(trained.values.allSatisfy { $0 == 0 || $0 == 2 })
        dropout.evaluationMode()
        #expect(try dropout(x).values == x.values)
    }
}

@Suite struct ActivationTraceTests {
    @Test func tracedPassRecordsEachActivationOnce() throws {
        var g = RandomGenerator(seed: 3)
        let network = Sequential([Linear(4, 8, generator: &g), Activation(.relu), Linear(8, 8, generator: &g), Activation(.sigmoid)])
        let x = Tensor.normal([5, 4], using: &g)
        let (output, records) = try ActivationTrace.collect { try network(x) }
        #expect(records.count == 2)
        #expect(records[0].kind == .relu && records[0].values.allSatisfy { $0 >= 0 })
        #expect(records[1].values == output.values)
        // Outside collect, nothing is kept.
        _ = try network(x)
        let (_, again) = ActivationTrace.collect { 0 }
        #expect(again.isEmpty)
    }
}
