import TuneEngine
import TuneImages

/// How a LeNet-5 learns a new image task: from a pre-trained network with a strategy,
/// or the same architecture from a random start ("scratch"), with the same trainer
/// options, so that the two differ only in where they start.
public struct ImageFineTuningRecipe: Sendable {
    /// nil: a fresh LeNet-5 (from scratch; every weight trains).
    public var strategy: ImageFineTuningStrategy?
    public var options: TrainingOptions
    /// Seeded shifts of the training images while training; nil: none.
    public var augmentation: ImageAugmentation?

    public init(strategy: ImageFineTuningStrategy?, options: TrainingOptions, augmentation: ImageAugmentation? = nil) {
        self.strategy = strategy
        self.options = options
        self.augmentation = augmentation
    }

    /// A short name for reports: the strategy's, or "from scratch".
    public var name: String { strategy?.name ?? "from scratch" }
}

/// One run's outcome.
public struct ImageFineTuningResult {
    public let network: LeNet5
    public let history: TrainingHistory
    /// Accuracies on the sets given to the run (nil where none was given).
    public let validationAccuracy: Double?
    public let testAccuracy: Double?
    /// The pre-trained network's own task (its head put back on the fine-tuned trunk),
    /// on the `oldTask` images given; nil from scratch or without them.
    public let oldTaskAccuracy: Double?
}

extension ImageFineTuningRecipe {
    /// Trains on `training` starting from `pretrained` (a copy with a new head; the
    /// original is not changed) or, with no strategy, from a fresh network drawn from
    /// `seed`; `seed` also sets the new head and the batch order. Reports accuracy on
    /// `validation`, `test` and, for a pre-trained start, on `oldTask` (the pre-trained
    /// network's own classes) with the old head on the new trunk.
    public func run(
        from pretrained: LeNet5, training: ImageSet, validation: ImageSet?, test: ImageSet?, oldTask: ImageSet? = nil,
        seed: UInt64, shouldStop: () -> Bool = { false }
    ) throws -> ImageFineTuningResult {
        // The head (and, from scratch, every layer) drawn from the seed; the seed's own
        // stream is left to the trainer's batch order.
        var generator = RandomGenerator(seed: seed).derived(0x4EAD)
        let classes = training.labels.count
        let network: LeNet5
        if let strategy {
            network = pretrained.transferred(classes: classes, generator: &generator)
            try strategy.prepare(network)
        } else {
            network = LeNet5(imageSize: pretrained.imageSize, inputChannels: pretrained.conv1.weight.shape[1], classes: classes, generator: &generator)
        }
        var options = self.options
        options.seed = seed
        let task = try ImageClassificationTask(network: network, training: training, validation: validation)
        task.augmentation = augmentation
        // From scratch every weight trains at one rate; a strategy may set per-layer rates
        // (discriminative) or open layers as epochs begin (gradual unfreezing).
        let trainer = try Trainer(task: task, options: options,
                                  parameterGroups: strategy?.parameterGroups(network, weightDecay: options.weightDecay))
        trainer.onEpochStart = strategy?.epochHook(network)
        let history = try trainer.fit(shouldStop: shouldStop)
        func accuracy(_ model: LeNet5, _ images: ImageSet?) throws -> Double? {
            guard let images, images.count > 0 else { return nil }
            return try Double(ImageClassificationTask.accuracy(of: model, on: images).accuracy)
        }
        return try ImageFineTuningResult(
            network: network, history: history, validationAccuracy: accuracy(network, validation),
            testAccuracy: accuracy(network, test),
            oldTaskAccuracy: strategy == nil ? nil : accuracy(network.withHead(of: pretrained), oldTask))
    }
}
