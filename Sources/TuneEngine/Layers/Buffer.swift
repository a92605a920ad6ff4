/// State a layer keeps that no gradient trains: batch normalization's running mean
/// and variance, and how many batches it has seen. PyTorch calls these buffers.
///
/// A buffer is saved in checkpoints (under its module's key and its own `name`,
/// PyTorch's buffer name: `bn1.running_mean`) but is never a parameter: optimizers,
/// parameter counts, `weights` and `grads` do not see it.
public final class Buffer {
    /// How the values are stored in a checkpoint.
    public enum Storage: Sendable {
        /// F32, like parameters.
        case float
        /// I64, as PyTorch keeps counters such as `num_batches_tracked`.
        case integer
    }

    /// The last part of the key: `running_mean`, `running_var`, `num_batches_tracked`.
    public let name: String
    public let shape: [Int]
    /// Row-major values (a counter holds whole numbers).
    public var values: [Float]
    public let storage: Storage

    public init(name: String, shape: [Int], values: [Float], storage: Storage = .float) {
        precondition(values.count == shape.reduce(1, *), "buffer \(name): \(values.count) values for shape \(shape)")
        self.name = name
        self.shape = shape
        self.values = values
        self.storage = storage
    }
}
