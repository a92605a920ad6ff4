import TuneEngine

/// How lesson 1's neuron measures how wrong it is, with the formulas the step printout shows.
public enum NeuronLoss: String, Sendable, CaseIterable {
    /// L = (y − t)²: the squared distance between output and target.
    case squared
    /// L = −[t·ln y + (1 − t)·ln(1 − y)]: −ln of the probability given to the right answer.
    case crossEntropy = "crossentropy"

    /// The mean loss of outputs `y` against targets `t` (same shape), with gradients.
    func callAsFunction(_ y: Tensor, _ t: Tensor) throws -> Tensor {
        switch self {
        case .squared: return try Loss.meanSquaredError(y, t)
        case .crossEntropy: return try Loss.binaryCrossEntropy(y, t)
        }
    }

    /// dL/dy at output y and target t.
    func slope(output y: Double, target t: Double) -> Double {
        switch self {
        case .squared: return 2 * (y - t)
        // d/dy of −[t ln y + (1 − t) ln(1 − y)] = −t/y + (1 − t)/(1 − y) = (y − t) / (y(1 − y))
        case .crossEntropy: return (y - t) / (y * (1 - y))
        }
    }

    var formula: String {
        switch self {
        case .squared: return "(y − t)²"
        case .crossEntropy: return "−[t·ln y + (1 − t)·ln(1 − y)]"
        }
    }

    var slopeFormula: String {
        switch self {
        case .squared: return "2(y − t)"
        case .crossEntropy: return "(y − t) / (y(1 − y))"
        }
    }
}
