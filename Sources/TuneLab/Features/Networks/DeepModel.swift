import TuneEngine

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
                generator: RandomGenerator) throws {
        self.name = name
        var weightGenerator = generator.derived(1)
        var trainingGenerator = generator.derived(2)
        var testGenerator = generator.derived(3)
        network = DeepNetwork(layers: layers, width: width, inputs: 2, classes: SpiralTask.classCount,
                              activation: activation, residual: residual, norm: norm, generator: &weightGenerator)
        training = SpiralTask(perArm: 100, generator: &trainingGenerator)
        test = SpiralTask(perArm: 100, generator: &testGenerator)
        try measure()
        startGradientNorms = gradientNorms
    }

    public var summary: String {
        "\(network.linearLayers.count) layers of width \(network.blocks.first.map { ($0.layers[0] as! Linear).outputSize } ?? 0), "
            + "\(network.activation.rawValue)\(network.residual ? ", residual" : "")\(network.usesNorm ? ", layer norm" : ""); "
            + "two spirals, \(training.count) training and \(test.count) test points; \(stepCount) steps"
    }

    // MARK: - Passes

    /// Cross-entropy on the training points, with gradients.
    public func referenceLoss() throws -> Tensor? {
        try Loss.crossEntropy(logits: try network(try training.batch()), targets: training.labels)
    }

    public var referenceRowCount: Int? { training.count }

    /// A traced forward and backward pass on the training points: fills the gradient profile
    /// and the activation statistics, and returns the loss. Gradients are left in place.
    @discardableResult
    func tracedBackward() throws -> Double {
        network.zeroGradients()
        let traced = try ActivationTrace.collect { try referenceLoss()! }
        try traced.result.backward()
        gradientNorms = network.linearLayers.map { TensorStatistics($0.weight.gradient ?? []).norm }
        let rows = training.count
        inspection.activations = LayerActivationStatistics.of(trace: traced.records, in: network) { position in
            let count = traced.records[position].values.count
            return count % rows == 0 ? count / rows : nil
        }
        return Double(traced.result.scalar)
    }

    /// Measures gradients and activations at the current weights without changing them.
    public func measure() throws {
        try tracedBackward()
    }

    /// One full-batch step with `optimizerName` ("sgd" or "adam") at `learningRate`.
    public func step(optimizerName: String, learningRate: Double) throws {
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
        let loss = try tracedBackward()
        try Loss.checkFinite(try Tensor(shape: [], values: [Float(loss)]), step: stepCount + 1)
        lastStepReport = try optimizer!.step(loss: Float(loss))
        losses.append(loss)
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
