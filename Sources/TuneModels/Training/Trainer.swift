import Foundation
import TuneEngine

/// Trains a task's model: the one loop behind pre-training and fine-tuning.
///
/// `fit` runs the whole schedule; `step()` takes one optimizer step at a time (the
/// lab's `step` command). Both share the state: a run may be stepped, then fitted.
/// What varies between callers plugs in: where the learning rate comes from
/// (`LearningRateSource`), how batches are chosen (`BatchOrder`), an optimizer the
/// caller keeps between runs, and the `progress`/`onEpochStart` callbacks.
public final class Trainer {
    public let task: TrainingTask
    public let options: TrainingOptions
    public let optimizer: any Optimizer
    /// Steps in the whole run (from `options.length`).
    public let totalSteps: Int
    /// Everything recorded so far.
    public private(set) var history = TrainingHistory()
    /// Called at the start of every epoch (0-based) before its first step:
    /// gradual unfreezing hooks in here.
    public var onEpochStart: ((Int) -> Void)?
    public let learningRateSource: LearningRateSource
    public let batchOrder: BatchOrder
    /// When true, every step's batch (the training item indices, in order) is kept in
    /// `batchesDrawn`, so that the run can be repeated elsewhere on the same batches.
    public var recordsBatches = false
    /// The batches of the steps taken so far (only with `recordsBatches`).
    public private(set) var batchesDrawn: [[Int]] = []

    private var generator: RandomGenerator
    private var order: [Int] = []  // this epoch's shuffled item indices
    private var position = 0  // next index into `order`
    private var epoch = -1
    private var bestWeights: [[Float]]?
    private var evaluationsWithoutImprovement = 0
    private var startTime: Date?

    /// A trainer for `task`. `parameterGroups` (e.g. discriminative learning rates)
    /// default to all of the model's parameters, split into decay / no-decay.
    /// `optimizer`, when given, is used as it is (its state kept) instead of one made
    /// from `options.optimizer`.
    public init(
        task: TrainingTask, options: TrainingOptions, parameterGroups: [ParameterGroup]? = nil,
        learningRates: LearningRateSource = .schedule, batchOrder: BatchOrder = .shuffledEachEpoch,
        optimizer: (any Optimizer)? = nil
    ) throws {
        try options.validate()
        guard task.itemsPerEpoch >= 1 else {
            throw TrainingError.invalidOption(name: "training data", value: "empty", accepts: "at least one training item")
        }
        self.task = task
        self.options = options
        let batchesPerEpoch = (task.itemsPerEpoch + options.batchSize - 1) / options.batchSize
        switch options.length {
        case .steps(let steps): totalSteps = steps
        case .epochs(let epochs): totalSteps = epochs * batchesPerEpoch
        }
        learningRateSource = learningRates
        self.batchOrder = batchOrder
        if case .schedule = learningRates {
            try options.learningRateSchedule(totalSteps: totalSteps).validate(totalSteps: totalSteps)
        }
        if let optimizer {
            self.optimizer = optimizer
        } else {
            let groups = parameterGroups ?? ParameterGroup.splitByWeightDecay(
                task.model.namedParameters(), weightDecay: options.weightDecay)
            switch options.optimizer {
            case .sgd: self.optimizer = try SGD(groups: groups, learningRate: options.learningRate, momentum: 0.9, weightDecay: options.weightDecay)
            case .adam: self.optimizer = try Adam(groups: groups, learningRate: options.learningRate, weightDecay: options.weightDecay)
            case .adamW: self.optimizer = try AdamW(groups: groups, learningRate: options.learningRate, weightDecay: options.weightDecay)
            }
            self.optimizer.collectsStatistics = options.collectsParameterStatistics
        }
        generator = RandomGenerator(seed: options.seed)
        history.itemUnit = task.itemUnit
    }

    /// Steps taken so far.
    public var stepsTaken: Int { history.steps }

    /// The epoch in progress, fractional (steps × batch / items per epoch).
    public var currentEpoch: Double {
        Double(history.steps * options.batchSize) / Double(task.itemsPerEpoch)
    }

    // MARK: - One step

    /// Takes one optimizer step and returns its report (loss, learning rate, gradient
    /// norms; per-parameter gradient norms and update-to-weight ratios when
    /// `collectsParameterStatistics` is on). Throws `TrainingError.diverged` on a
    /// NaN/Inf loss, leaving the weights as they were.
    @discardableResult
    public func step() throws -> StepReport {
        if startTime == nil { startTime = Date() }
        defer { history.elapsedSeconds = Date().timeIntervalSince(startTime!) }
        let stepNumber = history.steps + 1

        // -- the batch: the next items of this epoch's shuffled order (or, for a
        //    language model, a full batch of windows the task draws at random)
        let indices = nextBatch()
        if recordsBatches { batchesDrawn.append(indices) }

        // -- learning rate from the schedule (or the caller's source)
        let learningRate = learningRate(atStep: stepNumber - 1)
        optimizer.learningRate = learningRate

        // -- forward, backward
        task.model.trainingMode()
        optimizer.zeroGradients()
        let loss = try task.trainingLoss(indices: indices, generator: &generator)
        guard loss.scalar.isFinite else {
            throw TrainingError.diverged(step: stepNumber, loss: loss.scalar, learningRate: learningRate, history: history)
        }
        try loss.backward()

        // -- clip, update (a NaN/Inf gradient is the same divergence, caught one stage later)
        var normBefore: Float?
        var report: StepReport
        do {
            if let maxNorm = options.gradientClipping {
                normBefore = try GradientClipping.clipGlobalNorm(optimizer, maxNorm: maxNorm).normBefore
            }
            report = try optimizer.step(loss: loss.scalar)
        } catch OptimizerError.nonFiniteGradient(_, _, _, let value) {
            throw TrainingError.diverged(step: stepNumber, loss: value, learningRate: learningRate, history: history)
        }
        report.gradientNormBeforeClipping = normBefore

        // -- record
        history.trainLosses.append(loss.scalar)
        history.learningRates.append(learningRate)
        history.gradientNorms.append(normBefore ?? report.globalGradientNorm)
        history.itemsSeen += task.itemsSeen(batchSize: indices.count)
        return report
    }

    /// Forward and backward on the next batch without an update: the gradients the
    /// next step would use, left in place for inspection (the lab's gradient
    /// profiles). Returns the loss.
    @discardableResult
    public func measureGradients() throws -> Float {
        task.model.trainingMode()
        optimizer.zeroGradients()
        let loss = try task.trainingLoss(indices: nextBatch(), generator: &generator)
        try loss.backward()
        return loss.scalar
    }

    /// The learning rate of 0-based step `step`.
    public func learningRate(atStep step: Int) -> Float {
        switch learningRateSource {
        case .schedule:
            return options.learningRateSchedule(totalSteps: totalSteps).learningRate(atStep: step, totalSteps: totalSteps)
        case .perStep(let rate):
            return Float(rate(step))
        }
    }

    /// The item indices of the next batch.
    private func nextBatch() -> [Int] {
        if task.drawsRandomBatches {
            let epochNow = history.steps * options.batchSize / task.itemsPerEpoch
            if epochNow > epoch { epoch = epochNow; onEpochStart?(epoch) }
            return Array(0..<options.batchSize)
        }
        if batchOrder == .drawnWithReplacement {
            return (0..<options.batchSize).map { _ in generator.nextInt(below: task.itemsPerEpoch) }
        }
        if position >= order.count { startNextEpoch() }
        let indices = Array(order[position..<min(position + options.batchSize, order.count)])
        position += indices.count
        return indices
    }

    private func startNextEpoch() {
        epoch += 1
        if batchOrder != .reshuffledEachEpoch || order.isEmpty { order = Array(0..<task.itemsPerEpoch) }
        order.shuffle(using: &generator)
        position = 0
        onEpochStart?(epoch)
    }

    // MARK: - Evaluation

    /// Evaluates now and records it; updates the best value and, with
    /// `keepBestWeights`, the saved best weights. Returns nil without held-out data.
    @discardableResult
    public func evaluate() throws -> TrainingHistory.Evaluation? {
        let result: (loss: Float, accuracy: Float?)? = try GradientMode.withoutGradients {
            task.model.evaluationMode()
            defer { task.model.trainingMode() }
            return try task.evaluate()
        }
        guard let result else { return nil }
        let evaluation = TrainingHistory.Evaluation(
            step: history.steps, epoch: currentEpoch, loss: result.loss, accuracy: result.accuracy)
        history.evaluations.append(evaluation)
        let value: Float, better: Bool
        switch options.monitor {
        case .validationLoss:
            value = result.loss
            better = history.bestValue.map { value < $0 } ?? true
        case .validationAccuracy:
            value = result.accuracy ?? -result.loss
            better = history.bestValue.map { value > $0 } ?? true
        }
        if better {
            history.bestValue = value
            history.bestStep = history.steps
            evaluationsWithoutImprovement = 0
            if options.keepBestWeights { bestWeights = task.model.namedParameters().map { $0.tensor.values } }
        } else {
            evaluationsWithoutImprovement += 1
        }
        return evaluation
    }

    // MARK: - The whole run

    /// Trains to the end of the schedule, or until early stopping or `shouldStop()`
    /// (polled between steps) says so; returns the history. On divergence it throws
    /// `TrainingError.diverged`, whose history holds everything up to that step.
    @discardableResult
    public func fit(
        progress: ((TrainingProgress) -> Void)? = nil, shouldStop: () -> Bool = { false }
    ) throws -> TrainingHistory {
        let batchesPerEpoch = max(1, (task.itemsPerEpoch + options.batchSize - 1) / options.batchSize)
        let evaluateEvery = options.evaluateEvery ?? batchesPerEpoch
        while history.steps < totalSteps {
            // -- stop on request (Ctrl-C in the lab)
            if shouldStop() { history.stop = .stoppedByRequest; break }

            // -- one step: learning rate, forward, backward, update, record
            let report = try step()

            // -- evaluate every N steps and at the end; keep the best
            var evaluation: TrainingHistory.Evaluation?
            if history.steps % evaluateEvery == 0 || history.steps == totalSteps {
                evaluation = try evaluate()
            }
            progress?(TrainingProgress(
                step: history.steps, totalSteps: totalSteps, epoch: currentEpoch,
                loss: history.trainLosses.last!, learningRate: report.learningRate,
                gradientNorm: history.gradientNorms.last!, evaluation: evaluation, report: report))

            // -- early stopping
            if let patience = options.earlyStoppingPatience, evaluationsWithoutImprovement >= patience {
                history.stop = .earlyStopping
                break
            }
        }
        // -- restore the best weights
        if options.keepBestWeights, let bestWeights, history.bestStep != history.steps {
            for ((_, tensor), values) in zip(task.model.namedParameters(), bestWeights) { tensor.values = values }
            history.restoredBestWeights = true
        }
        task.model.evaluationMode()
        return history
    }
}
