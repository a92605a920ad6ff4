/// What went wrong while updating parameters, said so that a learner can find it:
/// the parameter key, the step, and what was expected.
public enum OptimizerError: Error, CustomStringConvertible, Equatable {
    /// A gradient holds NaN or ±Inf. `step` is the step that was about to be taken
    /// (nil when the check ran outside an optimizer, as in standalone clipping);
    /// `index` is the first bad position in the flattened gradient.
    case nonFiniteGradient(key: String, step: Int?, index: Int, value: Float)
    /// A gradient's length differs from its parameter's number of values.
    case gradientCountMismatch(key: String, expected: Int, got: Int)
    /// A hyperparameter is outside the range the update rule accepts.
    case invalidHyperparameter(name: String, value: Float, accepts: String)
    /// Two parameters share one key, so their optimizer state could not be told apart.
    case duplicateParameterKey(String)
    /// Imported optimizer state does not fit these parameters.
    case stateMismatch(reason: String)

    public var description: String {
        switch self {
        case .nonFiniteGradient(let key, let step, let index, let value):
            let when = step.map { " at step \($0)" } ?? ""
            return "gradient of '\(key)' is \(value) at index \(index)\(when): training diverged "
                + "(weights were left unchanged; try a smaller learning rate or gradient clipping)"
        case .gradientCountMismatch(let key, let expected, let got):
            return "gradient of '\(key)' holds \(got) values, but the parameter holds \(expected)"
        case .invalidHyperparameter(let name, let value, let accepts):
            return "\(name) = \(value) is not accepted: \(name) must be \(accepts)"
        case .duplicateParameterKey(let key):
            return "parameter key '\(key)' appears more than once; every parameter needs its own key"
        case .stateMismatch(let reason):
            return "optimizer state does not fit: \(reason)"
        }
    }
}
