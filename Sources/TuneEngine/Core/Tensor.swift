/// An n-dimensional array of Float32 values that remembers how it was computed,
/// so that gradients can flow back through it.
///
/// Storage is contiguous and row-major: the last axis varies fastest. A tensor of
/// shape [2, 3] stores its six values as row 0 (3 values) then row 1.
///
/// A tensor is a reference type (a class) because the computation graph links
/// results to the tensors they came from; two names for one tensor share its
/// values and its gradient.
public final class Tensor {
    /// The size of each axis, outermost first. A scalar has shape [].
    public let shape: [Int]

    /// The values, row-major. Optimizers update parameters in place through this.
    public var values: [Float]

    /// d(loss)/d(values), filled in by `backward()`; nil until then.
    public var gradient: [Float]?

    /// Whether gradients should flow into this tensor. Parameters start true;
    /// freezing a layer sets it false.
    public var requiresGradient: Bool

    /// An optional label (a parameter's key) used in error messages and reports.
    public var label: String?

    // MARK: - Graph links (set by ops; empty for leaves such as parameters and data)

    /// The tensors this one was computed from.
    var parents: [Tensor] = []

    /// Adds this tensor's gradient, pushed through the op that made it, into the
    /// parents' gradients. Called once by `backward()`, in reverse topological order.
    var propagateGradient: ((_ gradient: [Float]) -> Void)?

    /// The op's name, for error messages and graph inspection ("matmul", "gelu").
    public internal(set) var operation: String = "leaf"

    // MARK: - Creation

    /// A tensor with the given shape and values. The count must match.
    public init(shape: [Int], values: [Float], requiresGradient: Bool = false) throws {
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw TensorError.invalidShape(shape, reason: "sizes must not be negative")
        }
        let count = shape.reduce(1, *)
        guard values.count == count else {
            throw TensorError.valueCountMismatch(shape: shape, expected: count, got: values.count)
        }
        self.shape = shape
        self.values = values
        self.requiresGradient = requiresGradient
    }

    /// The op constructor: shapes were checked by the op, so no validation here.
    init(unchecked shape: [Int], values: [Float]) {
        self.shape = shape
        self.values = values
        self.requiresGradient = false
    }

    /// A scalar (shape []).
    public convenience init(_ scalar: Float) {
        self.init(unchecked: [], values: [scalar])
    }

    /// A 1-D tensor from an array.
    public convenience init(_ values: [Float]) {
        self.init(unchecked: [values.count], values: values)
    }

    /// A 2-D tensor from rows of equal length.
    public convenience init(rows: [[Float]]) throws {
        let width = rows.first?.count ?? 0
        guard rows.allSatisfy({ $0.count == width }) else {
            throw TensorError.invalidShape([rows.count, width], reason: "rows have different lengths")
        }
        self.init(unchecked: [rows.count, width], values: rows.flatMap { $0 })
    }

    public static func zeros(_ shape: [Int]) -> Tensor {
        Tensor(unchecked: shape, values: [Float](repeating: 0, count: shape.reduce(1, *)))
    }

    public static func ones(_ shape: [Int]) -> Tensor {
        full(shape, value: 1)
    }

    public static func full(_ shape: [Int], value: Float) -> Tensor {
        Tensor(unchecked: shape, values: [Float](repeating: value, count: shape.reduce(1, *)))
    }

    /// Values drawn from N(mean, std²) with a seeded generator.
    public static func normal(
        _ shape: [Int], mean: Float = 0, standardDeviation: Float = 1,
        using generator: inout RandomGenerator
    ) -> Tensor {
        let count = shape.reduce(1, *)
        var values = [Float](repeating: 0, count: count)
        for i in 0..<count { values[i] = mean + standardDeviation * generator.nextNormal() }
        return Tensor(unchecked: shape, values: values)
    }

    /// Values drawn uniformly from [low, high) with a seeded generator.
    public static func uniform(
        _ shape: [Int], low: Float = 0, high: Float = 1, using generator: inout RandomGenerator
    ) -> Tensor {
        let count = shape.reduce(1, *)
        var values = [Float](repeating: 0, count: count)
        for i in 0..<count { values[i] = low + (high - low) * generator.nextUniform() }
        return Tensor(unchecked: shape, values: values)
    }

    /// Kaiming (He) normal initialization for a weight of shape [fanOut, fanIn]:
    /// std = sqrt(2 / fanIn) keeps activations' variance steady through ReLU layers.
    public static func kaimingNormal(_ shape: [Int], using generator: inout RandomGenerator) -> Tensor {
        let fanIn = shape.count > 1 ? shape.dropFirst().reduce(1, *) : shape.first ?? 1
        return normal(shape, standardDeviation: (2 / Float(Swift.max(fanIn, 1))).squareRoot(), using: &generator)
    }

    /// Xavier (Glorot) uniform initialization for a weight of shape [fanOut, fanIn]:
    /// limit = sqrt(6 / (fanIn + fanOut)) balances forward and backward variance.
    public static func xavierUniform(_ shape: [Int], using generator: inout RandomGenerator) -> Tensor {
        let fanOut = shape.first ?? 1
        let fanIn = shape.count > 1 ? shape.dropFirst().reduce(1, *) : 1
        let limit = (6 / Float(Swift.max(fanIn + fanOut, 1))).squareRoot()
        return uniform(shape, low: -limit, high: limit, using: &generator)
    }

    // MARK: - Facts

    /// The number of values: the product of the shape.
    public var count: Int { values.count }

    /// The number of axes.
    public var rank: Int { shape.count }

    /// The single value of a one-element tensor (a loss, say).
    public var scalar: Float {
        precondition(values.count == 1, "scalar needs a one-element tensor, got shape \(shape)")
        return values[0]
    }

    /// A new leaf holding the same values, cut off from the graph: no gradient flows
    /// through it.
    public func detached() -> Tensor {
        Tensor(unchecked: shape, values: values)
    }
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        let shown = values.prefix(8).map { String(format: "%.4g", Double($0)) }.joined(separator: ", ")
        return "Tensor(shape: \(shape), values: [\(shown)\(values.count > 8 ? ", …" : "")])"
    }
}
