import TuneEngine

/// Classifying rows of numbers (points, a few features) with a `DeepNetwork`.
public final class FeatureClassificationTask: TrainingTask {
    public let classifier: DeepNetwork
    public let trainingFeatures: [[Float]]
    public let trainingLabels: [Int]
    public let validationFeatures: [[Float]]
    public let validationLabels: [Int]

    public var model: Module { classifier }

    public init(
        classifier: DeepNetwork, trainingFeatures: [[Float]], trainingLabels: [Int],
        validationFeatures: [[Float]] = [], validationLabels: [Int] = []
    ) throws {
        let width = classifier.linearLayers[0].inputSize
        let classes = classifier.head.outputSize
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
        let logits = try classifier(Self.matrix(indices.map { trainingFeatures[$0] }))
        return try Loss.crossEntropy(logits: logits, targets: indices.map { trainingLabels[$0] })
    }

    public func evaluate() throws -> (loss: Float, accuracy: Float?)? {
        guard !validationFeatures.isEmpty else { return nil }
        let logits = try classifier(Self.matrix(validationFeatures))
        let loss = try Loss.crossEntropy(logits: logits, targets: validationLabels).scalar
        let correct = try zip(logits.argmax(axis: -1), validationLabels).filter { $0 == $1 }.count
        return (loss, Float(correct) / Float(validationLabels.count))
    }
}
