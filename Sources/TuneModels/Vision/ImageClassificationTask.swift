import TuneEngine
import TuneImages

/// Training a LeNet-5 on labelled images: the `Trainer`'s task for images.
///
/// Each batch is [N, H, W, 1] brightness (NHWC) with the class of each image; the loss
/// is the mean cross-entropy of the logits. Evaluation reports loss and accuracy on the
/// validation images, in evaluation mode without gradients. With `augmentation`, every
/// training image is moved at random (from the trainer's seeded generator) each time it
/// is drawn; evaluation always sees the images as they are.
public final class ImageClassificationTask: TrainingTask {
    public let network: LeNet5
    public let training: ImageSet
    public let validation: ImageSet?
    /// Applied to training batches only; nil trains on the images as stored.
    public var augmentation: ImageAugmentation?

    public init(network: LeNet5, training: ImageSet, validation: ImageSet?) throws {
        guard training.width == network.imageSize, training.height == network.imageSize else {
            throw ImageError.invalidArgument(
                name: "images", value: "\(training.width)×\(training.height)", accepts: "\(network.imageSize)×\(network.imageSize), the model's input")
        }
        self.network = network
        self.training = training
        self.validation = validation
    }

    public var model: Module { network }
    public var itemsPerEpoch: Int { training.count }
    public var itemUnit: String { "images" }
    public func itemsSeen(batchSize: Int) -> Int { batchSize }

    /// The images at `indices` as one [N, H, W, 1] tensor.
    public static func batch(_ images: ImageSet, _ indices: [Int]) -> Tensor {
        try! Tensor(shape: [indices.count, images.height, images.width, 1], values: indices.flatMap { images.images[$0].pixels })
    }

    public func trainingLoss(indices: [Int], generator: inout RandomGenerator) throws -> Tensor {
        let input: Tensor  // [N, H, W, 1]
        if let augmentation {
            var moved: [Float] = []
            moved.reserveCapacity(indices.count * training.height * training.width)
            for index in indices { moved += augmentation.apply(training.images[index], generator: &generator).pixels }
            input = try Tensor(shape: [indices.count, training.height, training.width, 1], values: moved)
        } else {
            input = Self.batch(training, indices)
        }
        let logits = try network(input)  // [N, classes]
        return try Loss.crossEntropy(logits: logits, targets: indices.map { training.labelIndices[$0] })
    }

    public func evaluate() throws -> (loss: Float, accuracy: Float?)? {
        guard let validation, validation.count > 0 else { return nil }
        let result = try Self.accuracy(of: network, on: validation)
        return (result.loss, result.accuracy)
    }

    /// Mean loss and accuracy of `network` on `images`, in batches of 256, without gradients.
    public static func accuracy(of network: LeNet5, on images: ImageSet) throws -> (loss: Float, accuracy: Float, predictions: [Int]) {
        let wasTraining = network.isTraining
        network.evaluationMode()
        defer { if wasTraining { network.trainingMode() } }
        var lossSum: Float = 0, predictions: [Int] = []
        try GradientMode.withoutGradients {
            for start in stride(from: 0, to: images.count, by: 256) {
                let indices = Array(start..<min(images.count, start + 256))
                let logits = try network(batch(images, indices))
                lossSum += try Loss.crossEntropy(logits: logits, targets: indices.map { images.labelIndices[$0] }).scalar * Float(indices.count)
                predictions += try logits.argmax(axis: -1)
            }
        }
        let correct = zip(predictions, images.labelIndices).filter { $0 == $1 }.count
        return (lossSum / Float(max(images.count, 1)), Float(correct) / Float(max(images.count, 1)), predictions)
    }
}
