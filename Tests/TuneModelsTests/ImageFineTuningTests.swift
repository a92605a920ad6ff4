import Foundation
import Testing
import TuneEngine
import TuneImages
import TuneModels

/// Transfer of a LeNet-5 to new classes: what each strategy trains, what it leaves
/// exactly as it was, and the old head put back for measuring forgetting.
@Suite struct ImageFineTuningTests {
    /// `count` random 28×28 images in `classes` classes (class k brighter in band k), seeded.
    static func images(_ count: Int, classes: Int, seed: UInt64) throws -> ImageSet {
        var generator = RandomGenerator(seed: seed)
        let labels = (0..<count).map { $0 % classes }
        let pictures = labels.map { label in
            GrayImage(width: 28, height: 28, pixels: (0..<784).map { index in
                (index / 28) / (28 / classes) == label ? 0.8 : 0.1 * generator.nextUniform()
            })
        }
        return try ImageSet(name: "bands", labels: (0..<classes).map { "c\($0)" }, images: pictures, labelIndices: labels)
    }

    static func pretrained() -> LeNet5 {
        var generator = RandomGenerator(seed: 1)
        return LeNet5(classes: 6, generator: &generator)
    }

    static func values(_ network: LeNet5, _ prefix: String) -> [[Float]] {
        network.namedParameters().filter { $0.key.hasPrefix(prefix) }.map(\.tensor.values)
    }

    static let options = TrainingOptions(length: .steps(4), batchSize: 8, learningRate: 0.01, evaluateEvery: Int.max)

    @Test func transferKeepsTheTrunkAndDrawsANewHead() {
        let source = Self.pretrained()
        var generator = RandomGenerator(seed: 2)
        let copy = source.transferred(classes: 3, generator: &generator)
        #expect(copy.classCount == 3 && copy.fc3.weight.shape == [3, 84])
        for layer in LeNet5.trunkLayers { #expect(Self.values(copy, layer) == Self.values(source, layer), "\(layer)") }
        // A copy, not a view: changing it leaves the source alone.
        copy.conv1.weight.values[0] += 1
        #expect(copy.conv1.weight.values[0] != source.conv1.weight.values[0])

        let back = copy.withHead(of: source)
        #expect(back.classCount == 6)
        #expect(Self.values(back, "conv1") == Self.values(copy, "conv1"))
        #expect(Self.values(back, "fc3") == Self.values(source, "fc3"))
    }

    @Test func eachStrategyTrainsOnlyItsLayers() throws {
        let source = Self.pretrained()
        let training = try Self.images(12, classes: 3, seed: 3)
        let before = Dictionary(uniqueKeysWithValues: source.namedParameters().map { ($0.key, $0.tensor.values) })
        func changed(_ strategy: ImageFineTuningStrategy) throws -> Set<String> {
            let result = try ImageFineTuningRecipe(strategy: strategy, options: Self.options)
                .run(from: source, training: training, validation: nil, test: training, seed: 0)
            return Set(result.network.namedParameters().filter { $0.key.hasPrefix("fc3") || before[$0.key] != $0.tensor.values }
                .map { String($0.key.split(separator: ".")[0]) })
        }
        #expect(try changed(.headOnly) == ["fc3"])
        #expect(try changed(.freezeLayers(2)) == ["fc1", "fc2", "fc3"])
        #expect(try changed(.full) == ["conv1", "conv2", "fc1", "fc2", "fc3"])
        #expect(throws: TrainingError.self) { try ImageFineTuningStrategy.freezeLayers(5).prepare(source) }
        // The pre-trained network itself is never trained.
        for (key, tensor) in source.namedParameters() { #expect(before[key] == tensor.values, "\(key)") }
    }

    /// One group per layer, head first, each layer's rate the one above ÷ factor.
    @Test func discriminativeGroupsDivideTheRatePerLayerDownwards() throws {
        var generator = RandomGenerator(seed: 2)
        let network = Self.pretrained().transferred(classes: 3, generator: &generator)
        let strategy = ImageFineTuningStrategy.discriminative(factor: 2)
        try strategy.prepare(network)
        #expect(network.trainableParameterCount == network.parameterCount)
        let groups = try #require(strategy.parameterGroups(network, weightDecay: 0.01))
        var layers: [(name: String, multiplier: Float)] = []
        for group in groups {
            let layer = String(group.name.split(separator: " ")[0])
            if layers.last?.name != layer { layers.append((layer, group.learningRateMultiplier)) }
            #expect(group.learningRateMultiplier == layers.last?.multiplier, "\(group.name)")
        }
        #expect(layers.map(\.name) == ["fc3", "fc2", "fc1", "conv2", "conv1"])
        #expect(layers.map(\.multiplier) == [1, 0.5, 0.25, 0.125, 0.0625])  // powers of two: exact
        // Every parameter in exactly one group; biases not decayed.
        #expect(groups.flatMap { $0.parameters.map(\.key) }.sorted() == network.namedParameters().map(\.key).sorted())
        #expect(groups.filter { $0.name.hasSuffix("no decay") }.allSatisfy { $0.weightDecay == 0 && $0.parameters.allSatisfy { $0.key.hasSuffix(".bias") } })
        #expect(ImageFineTuningStrategy.full.parameterGroups(network, weightDecay: 0.01) == nil)
        #expect(ImageFineTuningStrategy.discriminative(factor: 2.6).name == "discriminative learning rates (÷2.6 per layer)")
        #expect(throws: TrainingError.self) { try ImageFineTuningStrategy.discriminative(factor: 0.5).prepare(network) }
    }

    /// Measured on one step: the head moves exactly as in full fine-tuning, conv1 moves
    /// factor⁴ times less (Adam's first step is the rate times the gradient's sign); and a
    /// longer run learns.
    @Test func discriminativeRatesSlowConv1AndStillTrain() throws {
        let source = Self.pretrained()
        let training = try Self.images(12, classes: 3, seed: 10)
        var one = Self.options
        one.length = .steps(1)
        let full = try ImageFineTuningRecipe(strategy: .full, options: one)
            .run(from: source, training: training, validation: nil, test: nil, seed: 3)
        let slowed = try ImageFineTuningRecipe(strategy: .discriminative(factor: 2.6), options: one)
            .run(from: source, training: training, validation: nil, test: nil, seed: 3)
        func meanChange(_ network: LeNet5, _ key: String) -> Double {
            let after = network.namedParameters().first { $0.key == key }!.tensor.values
            let before = source.namedParameters().first { $0.key == key }!.tensor.values
            return zip(after, before).reduce(0) { $0 + Double(abs($1.0 - $1.1)) } / Double(after.count)
        }
        let ratio = meanChange(slowed.network, "conv1.weight") / meanChange(full.network, "conv1.weight")
        let expected = 1 / pow(2.6, 4.0)  // ≈ 0.022
        #expect(ratio > 0.8 * expected && ratio < 1.2 * expected, "conv1 moved \(ratio) of full fine-tuning's step")
        #expect(LeNet5Tests.largestDifference(slowed.network.fc3.weight.values, full.network.fc3.weight.values) <= 1e-6)
        #expect(meanChange(slowed.network, "fc2.weight") < meanChange(full.network, "fc2.weight"))

        var longer = Self.options
        longer.length = .steps(30)
        let trained = try ImageFineTuningRecipe(strategy: .discriminative(factor: 2.6), options: longer)
            .run(from: source, training: training, validation: nil, test: training, seed: 3)
        let losses = trained.history.trainLosses
        let first: Float = losses.prefix(5).reduce(0, +), last: Float = losses.suffix(5).reduce(0, +)
        #expect(last < 0.5 * first, "\(losses)")
    }

    /// Gradual unfreezing starts with the head alone and opens fc2, fc1, conv2, conv1 in turn.
    @Test func gradualUnfreezingOpensOneLayerPerEpochFromTheTop() throws {
        var generator = RandomGenerator(seed: 2)
        let network = Self.pretrained().transferred(classes: 3, generator: &generator)
        let strategy = ImageFineTuningStrategy.gradualUnfreezing(everyEpochs: 2)
        try strategy.prepare(network)
        func open() -> [String] {
            (LeNet5.trunkLayers + ["fc3"]).filter { layer in
                network.namedParameters().filter { $0.key.hasPrefix(layer + ".") }.allSatisfy(\.tensor.requiresGradient)
            }
        }
        #expect(open() == ["fc3"])
        let hook = try #require(strategy.epochHook(network))
        hook(0); hook(1)
        #expect(open() == ["fc3"])
        hook(2)
        #expect(open() == ["fc2", "fc3"])
        hook(4); hook(6); hook(8); hook(10)
        #expect(open() == ["conv1", "conv2", "fc1", "fc2", "fc3"])
        #expect(ImageFineTuningStrategy.full.epochHook(network) == nil)
        #expect(throws: TrainingError.self) { try ImageFineTuningStrategy.gradualUnfreezing(everyEpochs: 0).prepare(network) }
        // A run with it: 12 images in batches of 8 is two steps an epoch; conv1 opens at epoch 4.
        let training = try Self.images(12, classes: 3, seed: 11)
        var options = Self.options
        options.length = .steps(4)
        let source = Self.pretrained()
        let result = try ImageFineTuningRecipe(strategy: .gradualUnfreezing(everyEpochs: 1), options: options)
            .run(from: source, training: training, validation: nil, test: nil, seed: 0)
        #expect(result.network.conv1.weight.values == source.conv1.weight.values)
        #expect(result.network.fc2.weight.values != source.fc2.weight.values)
    }

    @Test func headOnlyForgetsNothingAndFullFineTuningCan() throws {
        let source = Self.pretrained()
        let old = try Self.images(24, classes: 6, seed: 4)
        let new = try Self.images(12, classes: 3, seed: 5)
        let oldBefore = Double(try ImageClassificationTask.accuracy(of: source, on: old).accuracy)
        let head = try ImageFineTuningRecipe(strategy: .headOnly, options: Self.options)
            .run(from: source, training: new, validation: new, test: new, oldTask: old, seed: 0)
        #expect(head.oldTaskAccuracy == oldBefore)
        var fast = Self.options
        fast.learningRate = 0.05
        let full = try ImageFineTuningRecipe(strategy: .full, options: fast)
            .run(from: source, training: new, validation: new, test: new, oldTask: old, seed: 0)
        let oldAfter = try #require(full.oldTaskAccuracy)
        #expect((0...1).contains(oldAfter))
        // The old head on the new trunk: exactly what `withHead(of:)` computes.
        #expect(oldAfter == Double(try ImageClassificationTask.accuracy(of: full.network.withHead(of: source), on: old).accuracy))
    }

    @Test func scratchStartsFromTheSeedAndRepeats() throws {
        let source = Self.pretrained()
        let training = try Self.images(12, classes: 3, seed: 6)
        let recipe = ImageFineTuningRecipe(strategy: nil, options: Self.options)
        let first = try recipe.run(from: source, training: training, validation: nil, test: training, oldTask: training, seed: 7)
        let again = try recipe.run(from: source, training: training, validation: nil, test: training, seed: 7)
        let other = try recipe.run(from: source, training: training, validation: nil, test: training, seed: 8)
        #expect(first.oldTaskAccuracy == nil)
        #expect(first.network.conv1.weight.values != source.conv1.weight.values)
        #expect(first.network.conv1.weight.values == again.network.conv1.weight.values)
        #expect(first.network.conv1.weight.values != other.network.conv1.weight.values)
        #expect(first.history.steps == 4)
    }

    @Test func augmentationMovesTrainingImagesOnly() throws {
        let training = try Self.images(8, classes: 2, seed: 9)
        var generator = RandomGenerator(seed: 0)
        let network = LeNet5(classes: 2, generator: &generator)
        let task = try ImageClassificationTask(network: network, training: training, validation: training)
        var a = RandomGenerator(seed: 1), b = RandomGenerator(seed: 1)
        let plain = try task.trainingLoss(indices: [0, 1, 2], generator: &a).scalar
        #expect(a.state == b.state)  // no augmentation: nothing drawn
        task.augmentation = ImageAugmentation(shift: 3)
        let moved = try task.trainingLoss(indices: [0, 1, 2], generator: &b).scalar
        #expect(b.state != a.state && moved != plain)
        // Evaluation sees the images as stored.
        task.augmentation = nil
        let reference = try task.evaluate()
        task.augmentation = ImageAugmentation(shift: 3)
        #expect(try task.evaluate()?.loss == reference?.loss)
    }
}
