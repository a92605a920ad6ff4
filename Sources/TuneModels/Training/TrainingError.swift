/// What stopped a training run or refused its settings, said so the fix is clear.
public enum TrainingError: Error, CustomStringConvertible {
    /// An option outside what it accepts.
    case invalidOption(name: String, value: String, accepts: String)
    /// The loss became NaN or infinite. The history up to the last good step is kept.
    case diverged(step: Int, loss: Float, learningRate: Float, history: TrainingHistory)

    public var description: String {
        switch self {
        case .invalidOption(let name, let value, let accepts):
            return "\(name) = \(value) is not accepted: \(name) must be \(accepts)"
        case .diverged(let step, let loss, let learningRate, _):
            return "the training loss became \(loss) at step \(step) (learning rate \(learningRate)): "
                + "training diverged; try a smaller learning rate (e.g. \(learningRate / 10)), warmup, or gradient clipping"
        }
    }
}
