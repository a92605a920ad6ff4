import TuneEngine

extension LeNet5 {
    /// The layers below the head, from the input up: what a fine-tuning strategy freezes.
    public static let trunkLayers = ["conv1", "conv2", "fc1", "fc2"]

    /// The number of classes the head (fc3) tells apart.
    public var classCount: Int { fc3.weight.shape[0] }

    /// A new network with a copy of this one's trunk (conv1 … fc2) and a fresh head of
    /// `classes` outputs drawn from `generator`: the start of fine-tuning on a new task.
    /// This network is not changed.
    public func transferred(classes: Int, generator: inout RandomGenerator) -> LeNet5 {
        let copy = LeNet5(imageSize: imageSize, inputChannels: conv1.weight.shape[1], classes: classes, generator: &generator)
        copy.copyParameters(from: self) { !$0.hasPrefix("fc3.") }
        return copy
    }

    /// A new network with this one's trunk and `other`'s head: what a fine-tuned trunk
    /// still knows of the task `other` was trained for (its forgetting, measured by
    /// putting the old head back).
    public func withHead(of other: LeNet5) -> LeNet5 {
        var generator = RandomGenerator(seed: 0)  // every weight is overwritten below
        let copy = LeNet5(imageSize: imageSize, inputChannels: conv1.weight.shape[1], classes: other.classCount, generator: &generator)
        copy.copyParameters(from: self) { !$0.hasPrefix("fc3.") }
        copy.copyParameters(from: other) { $0.hasPrefix("fc3.") }
        return copy
    }

    /// Copies the values of `source`'s parameters whose key `include` accepts (same
    /// keys and shapes: both are LeNet-5s of the same input size).
    private func copyParameters(from source: LeNet5, where include: (String) -> Bool) {
        let values = Dictionary(uniqueKeysWithValues: source.namedParameters().map { ($0.key, $0.tensor) })
        for (key, tensor) in namedParameters() where include(key) {
            guard let from = values[key], from.shape == tensor.shape else { continue }
            tensor.values = from.values
        }
    }
}
