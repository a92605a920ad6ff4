import TuneEngine

/// A plain multi-layer network for small non-text tasks (points, a few features):
/// Linear → activation, repeated, then a Linear to one logit per class.
///
/// With `residual`, each hidden layer of equal width adds its input back
/// (x + f(x)); with `normalized`, each hidden layer's output is layer-normalized.
/// Those two switches are what the depth lesson turns on to make nine layers train.
public final class MLPClassifier: Module {
    public let layers: [Linear]
    public let norms: [LayerNorm]
    public let output: Linear
    public let activation: ActivationKind
    public let residual: Bool

    /// - Parameters:
    ///   - hiddenSizes: the width of every hidden layer, input side first.
    public init(
        inputSize: Int, hiddenSizes: [Int], classCount: Int, activation: ActivationKind = .relu,
        residual: Bool = false, normalized: Bool = false, seed: UInt64
    ) throws {
        guard inputSize >= 1 else { throw TrainingError.invalidOption(name: "inputSize", value: "\(inputSize)", accepts: "at least 1") }
        guard classCount >= 2 else { throw TrainingError.invalidOption(name: "classCount", value: "\(classCount)", accepts: "at least 2") }
        guard hiddenSizes.allSatisfy({ $0 >= 1 }) else {
            throw TrainingError.invalidOption(name: "hiddenSizes", value: "\(hiddenSizes)", accepts: "positive widths")
        }
        var generator = RandomGenerator(seed: seed)
        var layers: [Linear] = []
        var width = inputSize
        for size in hiddenSizes {
            layers.append(Linear(width, size, generator: &generator))
            width = size
        }
        self.layers = layers
        norms = normalized ? hiddenSizes.map { LayerNorm($0) } : []
        output = Linear(width, classCount, generator: &generator)
        self.activation = activation
        self.residual = residual
        super.init()
    }

    /// features [N, inputSize] → logits [N, classCount]
    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        var x = input
        for (index, layer) in layers.enumerated() {
            var y = activation.apply(try layer(x))
            if !norms.isEmpty { y = try norms[index](y) }
            x = residual && y.shape == x.shape ? try x + y : y
        }
        return try output(x)
    }

    /// The most likely class of each row, without gradients.
    public func predict(_ input: Tensor) throws -> [Int] {
        try GradientMode.withoutGradients { try self(input).argmax(axis: -1) }
    }
}

/// Classifying rows of numbers with an `MLPClassifier`: the training task of the
/// first and the depth lessons.
public final class FeatureClassificationTask: TrainingTask {
    public let classifier: MLPClassifier
    public let trainingFeatures: [[Float]]
    public let trainingLabels: [Int]
    public let validationFeatures: [[Float]]
    public let validationLabels: [Int]

    public var model: Module { classifier }

    public init(
        classifier: MLPClassifier, trainingFeatures: [[Float]], trainingLabels: [Int],
        validationFeatures: [[Float]] = [], validationLabels: [Int] = []
    ) throws {
        let width = classifier.layers.first?.inputSize ?? classifier.output.inputSize
        let classes = classifier.output.outputSize
        for (name, rows, labels) in [("training", trainingFeatures, trainingLabels), ("validation", validationFeatures, validationLabels)] {
            guard rows.count == labels.count else {
                throw TrainingError.invalidOption(name: "\(name) labels", value: "\(labels.count)", accepts: "one per row (\(rows.count))")
            }
            if let row = rows.firstIndex(where: { $0.count != width }) {
                throw TrainingError.invalidOption(name: "\(name) row \(row)", value: "\(rows[row].count) features", accepts: "\(width) features")
            }
            if let bad = labels.first(where: { $0 < 0 || $0 >= classes }) {
                throw TrainingError.invalidOption(name: "\(name) label", value: "\(bad)", accepts: "a class in 0..<\(classes)")
            }
        }
        self.classifier = classifier
        self.trainingFeatures = trainingFeatures
        self.trainingLabels = trainingLabels
        self.validationFeatures = validationFeatures
        self.validationLabels = validationLabels
    }

    public var itemsPerEpoch: Int { trainingFeatures.count }
    public var itemUnit: String { "examples" }
    public func itemsSeen(batchSize: Int) -> Int { batchSize }

    static func matrix(_ rows: [[Float]]) throws -> Tensor {
        try Tensor(shape: [rows.count, rows.first?.count ?? 0], values: rows.flatMap { $0 })
    }

    public func trainingLoss(indices: [Int], generator: inout RandomGenerator) throws -> Tensor {
        let logits = try classifier(try Self.matrix(indices.map { trainingFeatures[$0] }))
        return try Loss.crossEntropy(logits: logits, targets: indices.map { trainingLabels[$0] })
    }

    public func evaluate() throws -> (loss: Float, accuracy: Float?)? {
        guard !validationFeatures.isEmpty else { return nil }
        let logits = try classifier(try Self.matrix(validationFeatures))
        let loss = try Loss.crossEntropy(logits: logits, targets: validationLabels).scalar
        let correct = zip(try logits.argmax(axis: -1), validationLabels).filter { $0 == $1 }.count
        return (loss, Float(correct) / Float(validationLabels.count))
    }
}
