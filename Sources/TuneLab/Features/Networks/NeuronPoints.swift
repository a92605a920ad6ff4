import TuneEngine

/// The neuron's built-in task: points in the square [−1, 1]², each labelled 1 when it lies
/// above the line x₂ = 0.5·x₁ (that is, when −0.5·x₁ + x₂ > 0) and 0 below it.
///
/// A single neuron can draw exactly one straight line, so it can learn this rule.
/// With more than two inputs the rule uses the first two; the rest are distractions.
public struct NeuronPoints: Sendable {
    public let inputs: [[Float]]  // [count][inputCount]
    public let targets: [Float]  // [count], 0 or 1

    public var count: Int { targets.count }

    /// The rule in words, for printing.
    public static let rule = "target 1 when the point is above the line x2 = 0.5·x1, else 0"

    /// `count` points with `inputCount` coordinates each, drawn with `generator`.
    public init(count: Int, inputCount: Int, generator: inout RandomGenerator) {
        var inputs: [[Float]] = []
        var targets: [Float] = []
        for _ in 0..<count {
            // Two decimals, so the printed numbers are the numbers used.
            let point = (0..<inputCount).map { _ in (generator.nextUniform() * 2 - 1) * 100 }.map { $0.rounded() / 100 }
            inputs.append(point)
            let second = inputCount > 1 ? point[1] : 0
            targets.append(-0.5 * point[0] + second > 0 ? 1 : 0)
        }
        self.inputs = inputs
        self.targets = targets
    }

    /// Every point as one batch: [count, inputCount]
    public func batch() throws -> Tensor {
        try Tensor(shape: [count, inputs.first?.count ?? 0], values: inputs.flatMap { $0 })
    }

    /// The targets as a column: [count, 1]
    public func targetColumn() throws -> Tensor {
        try Tensor(shape: [count, 1], values: targets)
    }
}
