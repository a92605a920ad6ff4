import Foundation
import Testing
import TuneEngine
import TuneModels
import TuneText

@Suite struct ClassifierTests {
    @Test(arguments: Pooling.allCases)
    func paddingDoesNotChangeAnyScore(pooling: Pooling) throws {
        let model = try tinyLanguageModel()
        let classifier = try SequenceClassifier(trunk: model.gpt, labels: ["negative", "positive"], pooling: pooling, seed: 2)
        classifier.evaluationMode()
        let short = try model.encode("the soup was bad")
        let long = try model.encode("overall , the film was good . the battery was good")
        let alone = try classifier.logits([short]).values
        let together = try classifier.logits([short, long]).values  // short is padded to 11 tokens
        #expect(allClose(alone, Array(together[0..<2]), tolerance: 1e-5))
    }

    @Test func lastTokenPoolingPicksTheLastRealPosition() throws {
        let hidden = try Tensor(shape: [2, 3, 1], values: [1, 2, 3, 4, 5, 6])
        #expect(try Pooling.lastToken.pool(hidden, lengths: [2, 3]).values == [2, 6])
        #expect(try Pooling.mean.pool(hidden, lengths: [2, 3]).values == [1.5, 5])
        #expect(throws: (any Error).self) { try Pooling.mean.pool(hidden, lengths: [0, 3]) }
    }

    @Test(arguments: Pooling.allCases)
    func headAndTrunkGradientsMatchFiniteDifferences(pooling: Pooling) throws {
        let model = try tinyLanguageModel()
        let classifier = try SequenceClassifier(trunk: model.gpt, labels: ["a", "b", "c"], pooling: pooling, seed: 3)
        // A head with larger weights so the loss is not flat in them.
        var generator = RandomGenerator(seed: 4)
        classifier.head.weight.values = Tensor.normal(classifier.head.weight.shape, standardDeviation: 0.5, using: &generator).values
        let sequences = [try model.encode("the soup was bad ."), try model.encode("the film"), try model.encode("it was good")]
        let loss = { try classifier.loss(sequences, labels: [0, 2, 1]) }
        #expect(try finiteDifferenceError(classifier.head.weight, loss: loss) < 1e-2)
        #expect(try finiteDifferenceError(classifier.head.bias!, loss: loss) < 1e-2)
        #expect(try finiteDifferenceError(classifier.trunk.finalNorm.weight, loss: loss) < 2e-2)
    }

    @Test func metricsCountTheConfusionMatrix() throws {
        let metrics = try ClassificationMetrics(labels: ["neg", "pos"], truths: [0, 0, 0, 1, 1], predictions: [0, 1, 0, 1, 1])
        #expect(metrics.confusion == [[2, 1], [0, 2]])
        #expect(metrics.accuracy == 0.8)
        let negative = metrics.perClass[0], positive = metrics.perClass[1]
        #expect(negative.precision == 1 && negative.recall == 2.0 / 3 && negative.support == 3)
        #expect(positive.precision == 2.0 / 3 && positive.recall == 1)
        #expect(abs(metrics.macroF1 - 0.8) < 1e-9)
        #expect(throws: TrainingError.self) { try ClassificationMetrics(labels: ["a"], truths: [0], predictions: [1]) }
    }

    @Test func deepNetworkLearnsAnXORPattern() throws {
        let features: [[Float]] = (0..<64).map { i in [Float(i % 8) / 3.5 - 1, Float(i / 8) / 3.5 - 1] }
        let labels = features.map { $0[0] * $0[1] > 0 ? 1 : 0 }
        let classifier = pointNetwork(layers: 3, width: 16, seed: 5)
        let task = try FeatureClassificationTask(
            classifier: classifier, trainingFeatures: features, trainingLabels: labels,
            validationFeatures: features, validationLabels: labels)
        let history = try Trainer(task: task, options: TrainingOptions(length: .epochs(150), batchSize: 16, learningRate: 1e-2, seed: 1)).fit()
        #expect(history.lastEvaluation!.accuracy! >= 0.95)
        #expect(throws: TrainingError.self) {
            try FeatureClassificationTask(classifier: classifier, trainingFeatures: [[1]], trainingLabels: [0])
        }
    }

    @Test func deepResidualNormalizedNetworkBuilds() throws {
        var generator = RandomGenerator(seed: 1)
        let deep = DeepNetwork(layers: 10, width: 8, inputs: 4, classes: 3, activation: .sigmoid, residual: true, norm: true,
                               generator: &generator)
        #expect(deep.linearLayers.count == 10 && deep.blocks.count == 9)
        #expect(deep.blocks.allSatisfy { $0.layers[1] is LayerNorm })
        #expect(try deep(Tensor.zeros([5, 4])).shape == [5, 3])
    }

    /// He initialization keeps a ReLU signal's size through nine layers; PyTorch's default shrinks it.
    @Test func heInitializationKeepsTheSignalSize() throws {
        func lastBlockSpread(_ initialization: DeepNetwork.Initialization) throws -> Float {
            var generator = RandomGenerator(seed: 3)
            let network = DeepNetwork(layers: 9, width: 64, inputs: 64, classes: 2, activation: .relu, residual: false,
                                      norm: false, initialization: initialization, generator: &generator)
            var x = Tensor.normal([256, 64], using: &generator)  // unit variance: E[x²] = 1
            for block in network.blocks { x = try block(x) }
            let meanSquare = x.values.reduce(0) { $0 + $1 * $1 } / Float(x.count)
            return meanSquare.squareRoot()
        }
        var generator = RandomGenerator(seed: 3)
        let he = DeepNetwork(layers: 3, width: 64, inputs: 64, classes: 2, activation: .relu, residual: false,
                             norm: false, initialization: .he, generator: &generator)
        let weights = he.blocks[1].layers[0] as! Linear
        let variance = weights.weight.values.reduce(0) { $0 + $1 * $1 } / Float(weights.weight.count)
        #expect(abs(variance - 2.0 / 64) < 0.1 * 2.0 / 64)  // N(0, 2/fanIn), 4,096 draws
        #expect(he.linearLayers.allSatisfy { $0.bias!.values.allSatisfy { $0 == 0 } })

        // E[relu(z)²] = Var(z)/2 for each layer: He keeps it near 1, the default multiplies it by
        // 64 · (1/192) · 1/2 = 1/6 per layer until the biases' own variance (1/192) is all that is left.
        let heSpread = try lastBlockSpread(.he), defaultSpread = try lastBlockSpread(.pytorch)
        #expect(heSpread > 0.4 && heSpread < 2.5)
        #expect(defaultSpread < 0.1 && heSpread > 10 * defaultSpread)
    }

    @Test func strategiesFreezeWhatTheySay() throws {
        let model = try tinyLanguageModel()
        let classifier = try SequenceClassifier(trunk: model.gpt, labels: ["negative", "positive"], seed: 1)
        let headOnly = try FineTuningStrategy.headOnly.prepare(classifier, weightDecay: 0.01)
        #expect(headOnly.report.trainable == classifier.head.weight.count + classifier.head.bias!.count)
        #expect(headOnly.report.parts.first { $0.name == "head" }!.trainable == headOnly.report.trainable)

        let frozen = try FineTuningStrategy.freezeBlocks([0], embeddings: true).prepare(classifier, weightDecay: 0.01)
        #expect(classifier.trunk.blocks[0].attention.query.weight.requiresGradient == false)
        #expect(classifier.trunk.blocks[1].attention.query.weight.requiresGradient)
        #expect(classifier.trunk.tokenEmbedding.weight.requiresGradient == false)
        #expect(frozen.report.trainable < frozen.report.total)
        #expect(throws: TrainingError.self) { try FineTuningStrategy.freezeBlocks([5], embeddings: false).prepare(classifier, weightDecay: 0) }

        let gradual = try FineTuningStrategy.gradualUnfreezing(everyEpochs: 1).prepare(classifier, weightDecay: 0.01)
        #expect(classifier.trunk.blocks[1].mlp.hidden.weight.requiresGradient == false)
        gradual.onEpochStart!(1)
        #expect(classifier.trunk.blocks[1].mlp.hidden.weight.requiresGradient)
        #expect(classifier.trunk.blocks[0].mlp.hidden.weight.requiresGradient == false)
        gradual.onEpochStart!(2)
        #expect(classifier.trunk.blocks[0].mlp.hidden.weight.requiresGradient)
        gradual.onEpochStart!(3)
        #expect(classifier.trunk.tokenEmbedding.weight.requiresGradient)

        let discriminative = try FineTuningStrategy.discriminative(factor: 2).prepare(classifier, weightDecay: 0.01)
        let multiplier = { (key: String) in discriminative.groups.first { $0.parameters.contains { $0.key == key } }!.learningRateMultiplier }
        #expect(multiplier("head.weight") == 1)
        #expect(multiplier("trunk.blocks.1.mlp.hidden.weight") == 0.5)
        #expect(multiplier("trunk.blocks.0.mlp.hidden.weight") == 0.25)
        #expect(multiplier("trunk.tokenEmbedding.weight") == 0.125)
        #expect(discriminative.report.trainable == discriminative.report.total)
    }
}

func allClose(_ a: [Float], _ b: [Float], tolerance: Float) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance }
}

/// A ReLU network for points in the plane: `layers` Linear layers of `width`, two classes.
func pointNetwork(layers: Int, width: Int, seed: UInt64) -> DeepNetwork {
    var generator = RandomGenerator(seed: seed)
    return DeepNetwork(layers: layers, width: width, inputs: 2, classes: 2, activation: .relu, residual: false, norm: false,
                       generator: &generator)
}
