import TuneEngine
import TuneModels

/// A single neuron and its little dataset, kept in the session as a model (`neuron new n1`).
///
/// Each `step` trains on one point (the next in turn) with its loss (squared error, or
/// cross-entropy for a sigmoid neuron) and plain gradient descent, and records everything
/// it computed, so it can be printed in full.
public final class NeuronModel: ModuleHolder {
    public let kind = SessionObjectKind.model
    public let name: String
    public let neuron: SingleNeuron
    public let points: NeuronPoints
    public let loss: NeuronLoss
    public var inspection = InspectionState()
    public private(set) var lastStepReport: StepReport?
    /// Loss over all points after each step (index 0: before any step).
    public private(set) var datasetLosses: [Double] = []
    /// What the most recent step computed.
    public private(set) var lastStep: NeuronStep?
    public private(set) var stepCount = 0
    private var optimizer: SGD?

    public var module: Module { neuron }

    public init(name: String, inputs: Int, activation: ActivationKind, loss: NeuronLoss = .squared, pointCount: Int = 8,
                seed generator: RandomGenerator) throws {
        self.name = name
        self.loss = loss
        var weightGenerator = generator.derived(1)
        var dataGenerator = generator.derived(2)
        neuron = SingleNeuron(inputs: inputs, activation: activation, generator: &weightGenerator)
        points = NeuronPoints(count: pointCount, inputCount: inputs, generator: &dataGenerator)
        datasetLosses.append(try datasetLoss())
    }

    public var summary: String {
        "one neuron, \(neuron.weight.count) inputs, \(neuron.activation.rawValue), loss \(loss.formula); \(points.count) points (\(NeuronPoints.rule)); \(stepCount) steps"
    }

    // MARK: - Measuring

    /// The mean loss over all points.
    public func datasetLoss() throws -> Double {
        try GradientMode.withoutGradients { Double(try referenceLoss()!.scalar) }
    }

    /// Fraction of points on the right side: output above the midpoint of the activation's
    /// range means "1" (0.5 for sigmoid and identity, 0 for tanh, and > 0.5 for relu).
    public func accuracy() throws -> Double {
        let outputs = try GradientMode.withoutGradients { try neuron(try points.batch()).values }
        let threshold: Float = neuron.activation == .tanh ? 0 : 0.5
        let right = zip(outputs, points.targets).filter { ($0 > threshold) == ($1 > 0.5) }.count
        return Double(right) / Double(points.count)
    }

    /// The mean loss over every point, with gradients (for `gradcheck`).
    public func referenceLoss() throws -> Tensor? {
        try loss(try neuron(try points.batch()), try points.targetColumn())
    }

    public var referenceRowCount: Int? { points.count }

    // MARK: - One step

    /// Forward, loss, backward and update on the next point, with learning rate `learningRate`.
    @discardableResult
    public func step(learningRate: Double) throws -> NeuronStep {
        let index = stepCount % points.count
        let x = points.inputs[index]
        let target = points.targets[index]
        let weightsBefore = neuron.weight.values, biasBefore = neuron.bias.values[0]

        neuron.zeroGradients()
        let input = try Tensor(shape: [1, x.count], values: x)  // [1, inputs]
        let z = try neuron.preActivation(input)  // [1, 1]
        let y = neuron.activation.apply(z)  // [1, 1]
        let loss = try self.loss(y, try Tensor(shape: [1, 1], values: [target]))  // (y − t)², or −ln of y's chance of t
        try loss.backward()
        let weightGradient = neuron.weight.gradient ?? Array(repeating: 0, count: x.count)
        let biasGradient = neuron.bias.gradient?[0] ?? 0

        // Plain gradient descent keeps no state, so one optimizer serves every step; it counts them.
        let optimizer = try self.optimizer ?? SGD(parameters: neuron.namedParameters(), learningRate: Float(learningRate))
        optimizer.learningRate = Float(learningRate)
        optimizer.collectsStatistics = true
        self.optimizer = optimizer
        lastStepReport = try optimizer.step(loss: loss.scalar)
        stepCount += 1

        let record = NeuronStep(
            number: stepCount, pointIndex: index, input: x.map(Double.init), target: Double(target),
            weightsBefore: weightsBefore.map(Double.init), biasBefore: Double(biasBefore),
            preActivation: Double(z.scalar), output: Double(y.scalar), loss: Double(loss.scalar),
            weightGradient: weightGradient.map(Double.init), biasGradient: Double(biasGradient),
            learningRate: learningRate,
            weightsAfter: neuron.weight.values.map(Double.init), biasAfter: Double(neuron.bias.values[0]),
            activation: neuron.activation, lossKind: self.loss)
        lastStep = record
        datasetLosses.append(try datasetLoss())
        return record
    }

    // MARK: - Values for checks

    public func value(at path: [String]) -> Double? {
        switch path {
        case ["steps"]: return Double(stepCount)
        case ["loss"]: return datasetLosses.last
        case ["loss", "initial"]: return datasetLosses.first
        case ["accuracy"]: return try? accuracy()
        case ["bias"]: return Double(neuron.bias.values[0])
        case ["last", "loss"]: return lastStep?.loss
        case ["last", "output"]: return lastStep?.output
        case ["last", "target"]: return lastStep?.target
        case ["last", "gradient", "bias"]: return lastStep?.biasGradient
        case ["last", "chainRuleError"]: return lastStep?.chainRuleError
        default: break
        }
        if path.count == 2, path[0] == "weight", let index = Int(path[1]), neuron.weight.values.indices.contains(index) {
            return Double(neuron.weight.values[index])
        }
        if path.count == 4, path[0] == "last", path[1] == "gradient", path[2] == "weight", let index = Int(path[3]),
           let step = lastStep, step.weightGradient.indices.contains(index) {
            return step.weightGradient[index]
        }
        return inspectionValue(at: path)
    }

    public var publishedPaths: [[String]] {
        var paths: [[String]] = [["steps"], ["loss"], ["loss", "initial"], ["accuracy"]]
        paths += neuron.weight.values.indices.map { ["weight", String($0)] }
        paths.append(["bias"])
        if let step = lastStep {
            paths += [["last", "loss"], ["last", "output"], ["last", "target"], ["last", "chainRuleError"]]
            paths += step.weightGradient.indices.map { ["last", "gradient", "weight", String($0)] }
            paths.append(["last", "gradient", "bias"])
        }
        return paths + inspectionPaths
    }
}

/// Everything one neuron step computed, for printing.
public struct NeuronStep: Sendable {
    public var number: Int
    public var pointIndex: Int
    public var input: [Double]
    public var target: Double
    public var weightsBefore: [Double]
    public var biasBefore: Double
    public var preActivation: Double
    public var output: Double
    public var loss: Double
    /// dL/dwᵢ and dL/db as backward() computed them.
    public var weightGradient: [Double]
    public var biasGradient: Double
    public var learningRate: Double
    public var weightsAfter: [Double]
    public var biasAfter: Double
    public var activation: ActivationKind
    public var lossKind: NeuronLoss

    /// dL/dy: 2(y − t) for squared error, (y − t)/(y(1 − y)) for cross-entropy.
    public var lossSlope: Double { lossKind.slope(output: output, target: target) }
    /// dy/dz
    public var activationSlope: Double { activation.slope(preActivation: preActivation, output: output) }
    /// dL/dz = dL/dy · dy/dz
    public var preActivationSlope: Double { lossSlope * activationSlope }

    /// The largest difference between the chain rule by hand (dL/dz · xᵢ, dL/dz · 1) and autograd.
    public var chainRuleError: Double {
        let byHand = input.map { preActivationSlope * $0 } + [preActivationSlope]
        let autograd = weightGradient + [biasGradient]
        return zip(byHand, autograd).map { abs($0 - $1) }.max() ?? 0
    }
}
