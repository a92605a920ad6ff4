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
