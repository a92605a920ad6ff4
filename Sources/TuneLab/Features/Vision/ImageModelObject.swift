import TuneImages
import TuneModels

/// A LeNet-5 in the session, with what it was trained on and what was measured with it.
///
/// Checks read `cnn.valAccuracy`, `cnn.testAccuracy`, `cnn.seconds`, `cnn.steps`, and
/// few-shot results as `cnn.fewshot.relu4.w5s1.test.mean` (`.sd`, `.min`, `.max`).
public final class ImageModelObject: SessionObject {
    public let kind = SessionObjectKind.model
    public let name: String
    public let network: LeNet5
    public let labels: [String]
    public let trainedOn: String
    public internal(set) var numbers: [String: Double] = [:]
    /// The latest `vision train`, as `export script` repeats it.
    var lastTraining: ImageTrainingRecording?

    /// Every step's training loss in the latest `vision train` (empty before any).
    public var lastTrainingLosses: [Float] { lastTraining?.losses ?? [] }

    init(name: String, network: LeNet5, labels: [String], trainedOn: String) {
        self.name = name
        self.network = network
        self.labels = labels
        self.trainedOn = trainedOn
    }

    public var summary: String {
        let parameters = network.namedParameters().reduce(0) { $0 + $1.tensor.count }
        return "LeNet-5 (\(parameters) parameters), \(labels.count) classes, trained on \(trainedOn)"
    }

    public func value(at path: [String]) -> Double? { numbers[path.joined(separator: ".")] }
    public var publishedPaths: [[String]] { numbers.keys.sorted().map { $0.split(separator: ".").map(String.init) } }
}
