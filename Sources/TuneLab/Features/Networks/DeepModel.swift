import TuneEngine
import TuneModels

/// A deep network on the spiral task, kept in the session as a model (`mlp new m1 layers=9`).
///
/// Training is full-batch on 200 training points; accuracy is measured on 200 other points.
/// After every step (and `mlp profile`) it keeps each Linear layer's gradient norm and each
/// activation layer's statistics, so depth problems can be seen layer by layer.
public final class DeepModel: ModuleHolder {
    public let kind = SessionObjectKind.model
    public let name: String
    public let network: DeepNetwork
    public let training: SpiralTask
    public let test: SpiralTask
    public let initialization: DeepNetwork.Initialization
    public var inspection = InspectionState()
    public private(set) var lastStepReport: StepReport?
    /// Training loss before each step taken (the loss the step's gradient came from).
    public private(set) var losses: [Double] = []
    /// Test accuracy after each `train` command, with the step count it was measured at.
    public private(set) var accuracyHistory: [(step: Int, accuracy: Double)] = []
    /// Gradient norm of each Linear layer's weight, first to last, from the latest backward pass.
    public private(set) var gradientNorms: [Double] = []
    /// The gradient norms measured when the network was made, before any training.
    public private(set) var startGradientNorms: [Double] = []
    private var optimizer: Optimizer?
    private var optimizerSetting: (name: String, learningRate: Double)?

    public var module: Module { network }
    public var stepCount: Int { losses.count }

    public init(name: String, layers: Int, width: Int, activation: ActivationKind, residual: Bool, norm: Bool,
                initialization: DeepNetwork.Initialization = .pytorch, generator: RandomGenerator) throws {
        self.name = name
        self.initialization = initialization
        var weightGenerator = generator.derived(1)
        var trainingGenerator = generator.derived(2)
        var testGenerator = generator.derived(3)
        network = DeepNetwork(layers: layers, width: width, inputs: 2, classes: SpiralTask.classCount,
                              activation: activation, residual: residual, norm: norm, initialization: initialization,
                              generator: &weightGenerator)
        training = SpiralTask(perArm: 100, generator: &trainingGenerator)
        test = SpiralTask(perArm: 100, generator: &testGenerator)
        try measure()
        startGradientNorms = gradientNorms
    }

    public var summary: String {
        // Every block is `width` wide, and the head reads that width.
        "\(network.linearLayers.count) layers of width \(network.blocks.isEmpty ? 0 : network.head.inputSize), "
            + "\(network.activation.rawValue)\(network.residual ? ", residual" : "")\(network.usesNorm ? ", layer norm" : "")"
            + "\(initialization == .he ? ", He initialization" : ""); "
            + "two spirals, \(training.count) training and \(test.count) test points; \(stepCount) steps"
    }

    // MARK: - Passes

    /// Cross-entropy on the training points, with gradients.
    public func referenceLoss() throws -> Tensor? {
        try Loss.crossEntropy(logits: try network(try training.batch()), targets: training.labels)
    }

    public var referenceRowCount: Int? { training.count }

    /// A traced forward and backward pass on the training points: fills the gradient profile
    /// and the activation statistics. Gradients are left in place; the weights do not change.
    public func measure() throws {
        let task = SpiralTrainingTask(model: self)
        let trainer = try Trainer(task: task, options: TrainingOptions(length: .steps(1), batchSize: training.count, gradientClipping: nil))
        try trainer.measureGradients()
        recordProfile(of: task)
    }

    /// The gradient norm of each Linear layer and the activation statistics of the last traced pass.
    private func recordProfile(of task: SpiralTrainingTask) {
        gradientNorms = network.linearLayers.map { TensorStatistics($0.weight.gradient ?? []).norm }
        let rows = training.count
        let records = task.lastTrace
        inspection.activations = LayerActivationStatistics.of(trace: records, in: network) { position in
            let count = records[position].values.count
            return count % rows == 0 ? count / rows : nil
        }
    }

    /// `steps` full-batch steps with `optimizerName` ("sgd" or "adam") at `learningRate`,
    /// through the `Trainer`; `shouldStop` is polled between steps and `afterStep` is
    /// told each step's number (from 1). Returns the steps taken.
    @discardableResult
    public func train(steps: Int, optimizerName: String, learningRate: Double, shouldStop: () -> Bool = { false },
                      afterStep: ((Int) -> Void)? = nil) throws -> Int {
        if optimizer == nil || optimizerSetting?.name != optimizerName || optimizerSetting?.learningRate != learningRate {
            let parameters = network.namedParameters()
            let made: Optimizer = optimizerName == "adam"
                ? try Adam(parameters: parameters, learningRate: Float(learningRate))
                : try SGD(parameters: parameters, learningRate: Float(learningRate))
            made.collectsStatistics = true
            // Keep Adam's moments when only the learning rate changes.
            if let previous = optimizer, previous.name == made.name { try made.importState(previous.exportState()) }
            optimizer = made
            optimizerSetting = (optimizerName, learningRate)
        }
        // Full batch: every step trains on all training points, at one fixed rate.
        let task = SpiralTrainingTask(model: self)
        var options = TrainingOptions(length: .steps(steps), batchSize: training.count, gradientClipping: nil)
        options.collectsParameterStatistics = true
        let trainer = try Trainer(task: task, options: options, learningRates: .perStep { _ in learningRate }, optimizer: optimizer!)
        var taken = 0
        do {
            try trainer.fit(progress: { progress in
                self.recordProfile(of: task)
                self.lastStepReport = progress.report
                self.losses.append(Double(progress.loss))
                taken = progress.step
                afterStep?(progress.step)
            }, shouldStop: shouldStop)
        } catch TrainingError.diverged(_, let loss, _, _) {
            try Loss.checkFinite(try Tensor(shape: [], values: [loss]), step: stepCount + 1)
            throw TrainingError.diverged(step: stepCount + 1, loss: loss, learningRate: Float(learningRate), history: trainer.history)
        }
        return taken
    }

    /// Fraction of `task`'s points classified correctly.
    public func accuracy(on task: SpiralTask) throws -> Double {
        let predictions = try GradientMode.withoutGradients { try network(try task.batch()).argmax(axis: -1) }
        return Double(zip(predictions, task.labels).filter { $0 == $1 }.count) / Double(task.count)
    }

    func recordAccuracy() throws {
        accuracyHistory.append((stepCount, try accuracy(on: test)))
    }

    // MARK: - Values for checks

    public func value(at path: [String]) -> Double? {
        if path.first == "start", path.count > 1, path[1] == "gradientNorm" {
            return Self.profileValue(startGradientNorms, Array(path.dropFirst(2)))
        }
        if path.first == "gradientNorm", let value = Self.profileValue(gradientNorms, Array(path.dropFirst())) { return value }
        switch path {
        case ["steps"]: return Double(stepCount)
        case ["loss"]: return try? GradientMode.withoutGradients { try referenceLoss().map { Double($0.scalar) } }
        case ["loss", "first"]: return losses.first
        case ["accuracy"]: return try? accuracy(on: test)
        case ["trainAccuracy"]: return try? accuracy(on: training)
        case ["dead", "max"]: return inspection.activations?.compactMap(\.deadUnitFraction).max() ?? 0
        case ["zero", "max"]: return inspection.activations?.compactMap(\.zeroFraction).max() ?? 0
        case ["saturated", "max"]: return inspection.activations?.compactMap(\.saturatedFraction).max() ?? 0
        case ["std", "first"]: return inspection.activations?.first?.statistics.standardDeviation
        case ["std", "last"]: return inspection.activations?.last?.statistics.standardDeviation
        default: break
        }
        return inspectionValue(at: path)
    }

    /// `first`, `last`, `ratio` (first / last) or a layer number from 1, of a gradient profile.
    static func profileValue(_ norms: [Double], _ path: [String]) -> Double? {
        switch path {
        case ["first"]: return norms.first
        case ["last"]: return norms.last
        case ["ratio"]:
            guard let first = norms.first, let last = norms.last, last > 0 else { return nil }
            return first / last
        default:
            guard path.count == 1, let layer = Int(path[0]), (1...max(norms.count, 1)).contains(layer), layer <= norms.count else { return nil }
            return norms[layer - 1]
        }
    }

    public var publishedPaths: [[String]] {
        var paths: [[String]] = [["steps"], ["loss"]]
        if !losses.isEmpty { paths.append(["loss", "first"]) }
        paths += [["accuracy"], ["trainAccuracy"], ["gradientNorm", "first"], ["gradientNorm", "last"], ["gradientNorm", "ratio"]]
        paths += gradientNorms.indices.map { ["gradientNorm", String($0 + 1)] }
        paths += [["start", "gradientNorm", "first"], ["start", "gradientNorm", "last"], ["start", "gradientNorm", "ratio"]]
        paths += [["dead", "max"], ["zero", "max"], ["saturated", "max"], ["std", "first"], ["std", "last"]]
        return paths + inspectionPaths
    }
}

/// The spiral network's full-batch training pass as the `Trainer`'s task. The forward
/// pass is traced, so that after each step the lab can show every layer's activations.
final class SpiralTrainingTask: TrainingTask {
    unowned let deep: DeepModel
    /// The activation records of the latest training pass.
    private(set) var lastTrace: [ActivationTrace.Record] = []

    init(model: DeepModel) { deep = model }

    var model: Module { deep.network }
    var itemsPerEpoch: Int { deep.training.count }
    var itemUnit: String { "examples" }
    /// The task itself takes all points in their fixed order (full batch).
    var drawsRandomBatches: Bool { true }
    func itemsSeen(batchSize: Int) -> Int { batchSize }

    func trainingLoss(indices: [Int], generator: inout RandomGenerator) throws -> Tensor {
        let traced = try ActivationTrace.collect { try deep.referenceLoss()! }
        lastTrace = traced.records
        return traced.result
    }

    func evaluate() throws -> (loss: Float, accuracy: Float?)? { nil }
}
