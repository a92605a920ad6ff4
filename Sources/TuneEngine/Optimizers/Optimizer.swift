/// Updates parameters from their gradients, one step at a time.
///
/// A training step is: `zeroGradients()`, forward, `loss.backward()`, optionally
/// clip, then `step()`. Every optimizer here follows PyTorch's update rules exactly,
/// so numbers can be checked against it.
///
/// `step()` skips parameters that are frozen (`requiresGradient == false`) or have
/// no gradient (nil means zero and nothing to do). It first checks every gradient;
/// if one holds NaN or Inf it throws `OptimizerError.nonFiniteGradient` naming the
/// parameter and the step, and no weight is changed.
public protocol Optimizer: AnyObject {
    /// "SGD", "Adam", "AdamW": also the kind recorded in exported state.
    var name: String { get }
    /// The parameters, in groups with their own rate multipliers and weight decay.
    var parameterGroups: [ParameterGroup] { get }
    /// The base learning rate; each group uses `learningRate × its multiplier`.
    /// A schedule sets this before every step.
    var learningRate: Float { get set }
    /// How many steps have been taken (0 before the first).
    var stepCount: Int { get }
    /// Whether `step()` measures per-parameter statistics (gradient, weight and
    /// update norms). Off by default: it costs a little in a hot loop.
    var collectsStatistics: Bool { get set }
    /// The report of the most recent step, nil before the first.
    var lastReport: StepReport? { get }

    /// Applies one update from the current gradients and reports what it did.
    /// `loss`, if given, is copied into the report.
    @discardableResult
    func step(loss: Float?) throws -> StepReport

    /// Clears every parameter's gradient (sets it to nil, which means zero).
    func zeroGradients()

    /// The optimizer's running state (moment buffers, step counts) as named tensors,
    /// for a checkpoint. Hyperparameters are not included: they belong to the run's
    /// configuration.
    func exportState() -> OptimizerState

    /// Replaces the running state with `state` (copied). Parameters that `state`
    /// does not mention start fresh. Throws if the state is from another kind of
    /// optimizer, names an unknown parameter, or has a buffer of the wrong size.
    func importState(_ state: OptimizerState) throws
}

extension Optimizer {
    /// One update from the current gradients, without a loss in the report.
    @discardableResult
    public func step() throws -> StepReport { try step(loss: nil) }

    public func zeroGradients() {
        for group in parameterGroups {
            for parameter in group.parameters { parameter.tensor.zeroGradient() }
        }
    }

    /// Every parameter of every group, in order.
    public var parameters: [(key: String, tensor: Tensor)] {
        parameterGroups.flatMap(\.parameters)
    }
}

/// An optimizer's running state, as named tensors for a checkpoint.
///
/// Names are `<buffer>.<parameter key>`, e.g. `momentum.blocks.0.mlp.weight`,
/// `first_moment.head.bias`, `step.head.bias`. Buffers have their parameter's shape;
/// `step` buffers hold one value, the parameter's own step count (exact up to 2²⁴).
public struct OptimizerState {
    /// The optimizer kind that wrote this state ("SGD", "Adam", "AdamW").
    public var optimizerName: String
    /// The optimizer's `stepCount` when the state was exported.
    public var stepCount: Int
    /// The buffers, by name.
    public var tensors: [String: Tensor]

    public init(optimizerName: String, stepCount: Int, tensors: [String: Tensor]) {
        self.optimizerName = optimizerName
        self.stepCount = stepCount
        self.tensors = tensors
    }

    /// Buffer names in sorted order (a stable order for writing files).
    public var sortedNames: [String] { tensors.keys.sorted() }
}
