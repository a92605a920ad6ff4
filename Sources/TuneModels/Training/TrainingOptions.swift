import TuneEngine

/// How long and how a model is trained. Every field has a default that works for
/// the lessons' small models; the lab's `train` command sets them by name.
public struct TrainingOptions: Sendable {
    /// Train for a number of optimizer steps, or of passes over the training data.
    public enum Length: Sendable, Equatable {
        case steps(Int)
        case epochs(Int)
    }

    /// The shape of the learning rate over the run (the peak is `learningRate`).
    public enum Schedule: String, Sendable, CaseIterable {
        /// warmup (if any), then constant
        case constant
        /// warmup, then cosine decay to 10% of the peak
        case cosine
        /// warmup, then linear decay to 0
        case linear
        /// cosine up over the first 30% of steps, then cosine down (warmup is ignored)
        case oneCycle = "one-cycle"
    }

    /// Which update rule.
    public enum OptimizerKind: String, Sendable, CaseIterable {
        case sgd, adam, adamW = "adamw"
    }

    /// Which evaluation value decides "best" and early stopping.
    public enum Monitor: String, Sendable {
        case validationLoss = "loss"
        case validationAccuracy = "accuracy"
    }

    public var length: Length = .steps(300)
    public var batchSize = 16
    /// The peak learning rate.
    public var learningRate: Float = 3e-3
    public var schedule: Schedule = .cosine
    public var warmupSteps = 0
    public var optimizer: OptimizerKind = .adamW
    /// Decoupled weight decay (AdamW) or L2 (SGD, Adam); biases and norms get none.
    public var weightDecay: Float = 0.01
    /// Clip the global gradient norm to this; nil = no clipping.
    public var gradientClipping: Float? = 1
    public var seed: UInt64 = 0
    /// Evaluate every N steps; nil = at the end of every epoch (and at the end).
    public var evaluateEvery: Int?
    /// Stop after this many evaluations without improvement; nil = never.
    public var earlyStoppingPatience: Int?
    /// At the end, put back the weights of the best evaluation.
    public var keepBestWeights = false
    public var monitor: Monitor = .validationLoss
    /// Collect per-parameter statistics (gradient norms, update-to-weight ratios) at every step.
    public var collectsParameterStatistics = false

    public init() {}

    /// The options with a few fields changed, for one-line presets.
    public init(
        length: Length, batchSize: Int = 16, learningRate: Float = 3e-3, schedule: Schedule = .cosine,
        warmupSteps: Int = 0, weightDecay: Float = 0.01, gradientClipping: Float? = 1, seed: UInt64 = 0,
        evaluateEvery: Int? = nil, earlyStoppingPatience: Int? = nil, keepBestWeights: Bool = false,
        monitor: Monitor = .validationLoss
    ) {
        self.length = length
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.schedule = schedule
        self.warmupSteps = warmupSteps
        self.weightDecay = weightDecay
        self.gradientClipping = gradientClipping
        self.seed = seed
        self.evaluateEvery = evaluateEvery
        self.earlyStoppingPatience = earlyStoppingPatience
        self.keepBestWeights = keepBestWeights
        self.monitor = monitor
    }

    /// Checks every option; the error names the option and what it accepts.
    public func validate() throws {
        func require(_ ok: Bool, _ name: String, _ value: Any, _ accepts: String) throws {
            if !ok { throw TrainingError.invalidOption(name: name, value: "\(value)", accepts: accepts) }
        }
        switch length {
        case .steps(let steps): try require(steps >= 1, "steps", steps, "at least 1")
        case .epochs(let epochs): try require(epochs >= 1, "epochs", epochs, "at least 1")
        }
        try require(batchSize >= 1, "batchSize", batchSize, "at least 1")
        try require(learningRate.isFinite && learningRate > 0, "learningRate", learningRate, "a positive number such as 0.001")
        try require(warmupSteps >= 0, "warmupSteps", warmupSteps, "0 or more")
        try require(weightDecay.isFinite && weightDecay >= 0, "weightDecay", weightDecay, "0 or more")
        if let gradientClipping {
            try require(gradientClipping.isFinite && gradientClipping > 0, "gradientClipping", gradientClipping, "a positive number, or none")
        }
        if let evaluateEvery { try require(evaluateEvery >= 1, "evaluateEvery", evaluateEvery, "at least 1 step") }
        if let earlyStoppingPatience {
            try require(earlyStoppingPatience >= 1, "earlyStoppingPatience", earlyStoppingPatience, "at least 1 evaluation")
        }
    }

    /// The engine's schedule for a run of `totalSteps`.
    public func learningRateSchedule(totalSteps: Int) -> LearningRateSchedule {
        let warmup = min(warmupSteps, totalSteps)
        switch schedule {
        case .constant: return .linearWarmup(peakRate: learningRate, warmupSteps: warmup)
        case .cosine: return .warmupCosineDecay(peakRate: learningRate, warmupSteps: warmup, minimumFraction: 0.1)
        case .linear: return .warmupLinearDecay(peakRate: learningRate, warmupSteps: warmup)
        case .oneCycle: return .oneCycle(maximumRate: learningRate)
        }
    }
}
