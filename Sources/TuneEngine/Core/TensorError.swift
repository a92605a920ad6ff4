/// What went wrong in a tensor operation, said so that a learner can find it:
/// the op, the shapes involved and what was expected.
public enum TensorError: Error, CustomStringConvertible, Equatable {
    case invalidShape([Int], reason: String)
    case valueCountMismatch(shape: [Int], expected: Int, got: Int)
    case shapeMismatch(operation: String, left: [Int], right: [Int], reason: String)
    case wrongRank(operation: String, shape: [Int], expected: String)
    case axisOutOfRange(operation: String, axis: Int, rank: Int)
    case indexOutOfRange(operation: String, index: Int, size: Int)
    case notFinite(what: String, value: Float)
    case notScalar(operation: String, shape: [Int])
    case invalidArgument(operation: String, reason: String)

    public var description: String {
        switch self {
        case .invalidShape(let shape, let reason):
            return "invalid shape \(shape): \(reason)"
        case .valueCountMismatch(let shape, let expected, let got):
            return "shape \(shape) holds \(expected) values, but \(got) were given"
        case .shapeMismatch(let operation, let left, let right, let reason):
            return "\(operation): shapes \(left) and \(right) do not fit: \(reason)"
        case .wrongRank(let operation, let shape, let expected):
            return "\(operation): got shape \(shape), expected \(expected)"
        case .axisOutOfRange(let operation, let axis, let rank):
            return "\(operation): axis \(axis) is out of range for a rank-\(rank) tensor"
        case .indexOutOfRange(let operation, let index, let size):
            return "\(operation): index \(index) is out of range 0..<\(size)"
        case .notFinite(let what, let value):
            return "\(what) is \(value): training diverged (try a smaller learning rate or gradient clipping)"
        case .notScalar(let operation, let shape):
            return "\(operation) needs a one-element tensor, got shape \(shape)"
        case .invalidArgument(let operation, let reason):
            return "\(operation): \(reason)"
        }
    }
}
