import TuneEngine
import TuneImages
import TuneModels

/// A LeNet-5 in the session, with what it was trained on and what was measured with it.
///
/// Checks read `cnn.valAccuracy`, `cnn.testAccuracy`, `cnn.seconds`, `cnn.steps`, and
/// few-shot results as `cnn.fewshot.relu4.w5s1.test.mean` (`.sd`, `.min`, `.max`).
/// It is a `ModuleHolder`, so `weights`, `grads`, `params`, `activations` and
/// `gradcheck` work on it as on a text model: the reference batch is the first 16
/// images it was last trained on.
public final class ImageModelObject: SessionObject, ModuleHolder {
    public let kind = SessionObjectKind.model
    public let name: String
    public let network: LeNet5
    public let labels: [String]
    public let trainedOn: String
    public internal(set) var numbers: [String: Double] = [:]
    /// The latest `vision train`, as `export script` repeats it.
    var lastTraining: ImageTrainingRecording?
    /// The report of the last optimizer step of the latest `vision train` (per-parameter statistics).
    public internal(set) var lastStepReport: StepReport?
    public var inspection = InspectionState()
    /// A fixed batch of real images and their classes ([N, H, W, 1], N labels).
    var referenceBatch: (input: Tensor, classes: [Int])?

    /// Every step's training loss in the latest `vision train` (empty before any).
    public var lastTrainingLosses: [Float] { lastTraining?.losses ?? [] }

    init(name: String, network: LeNet5, labels: [String], trainedOn: String) {
        self.name = name
        self.network = network
        self.labels = labels
        self.trainedOn = trainedOn
    }

    public var module: Module { network }

    /// Keeps the first (at most 16) images of `images` as the batch `gradcheck` and
    /// `activations` compute on.
    func keepReferenceBatch(from images: ImageSet) {
        let indices = Array(0..<min(16, images.count))
        guard !indices.isEmpty else { return }
        referenceBatch = (ImageClassificationTask.batch(images, indices), indices.map { images.labelIndices[$0] })
    }

    /// Mean cross-entropy on the reference batch (no dropout or batch statistics in a LeNet-5: no randomness).
    public func referenceLoss() throws -> Tensor? {
        guard let referenceBatch else { return nil }
        return try Loss.crossEntropy(logits: network(referenceBatch.input), targets: referenceBatch.classes)
    }

    public var referenceRowCount: Int? { referenceBatch?.classes.count }

    public var summary: String {
        let parameters = network.namedParameters().reduce(0) { $0 + $1.tensor.count }
        return "LeNet-5 (\(parameters) parameters), \(labels.count) classes, trained on \(trainedOn)"
    }

    public func value(at path: [String]) -> Double? { numbers[path.joined(separator: ".")] ?? inspectionValue(at: path) }
    public var publishedPaths: [[String]] {
        numbers.keys.sorted().map { $0.split(separator: ".").map(String.init) } + inspectionPaths
    }
}
