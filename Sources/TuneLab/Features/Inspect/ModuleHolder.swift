import TuneEngine

/// A session object that holds a TuneEngine `Module`: what `weights`, `grads`,
/// `activations`, `params` and `gradcheck` work on.
///
/// A model object adopts it by exposing its module, keeping an `inspection` record for
/// the inspect commands to fill, and (optionally) its last optimizer step report, its last
/// traced pass, and a loss on a fixed real batch:
///
///     final class TinyModel: ModuleHolder {
///         var module: Module { network }
///         var inspection = InspectionState()
///         func referenceLoss() throws -> Tensor? { try Loss.crossEntropy(logits: network(batch), targets: labels) }
///         func value(at path: [String]) -> Double? { ownValue(at: path) ?? inspectionValue(at: path) }
///     }
public protocol ModuleHolder: SessionObject {
    /// The model's layers and parameters.
    var module: Module { get }
    /// Where the inspect commands keep what they measured (gradient checks, activation statistics).
    var inspection: InspectionState { get set }
    /// The report of the most recent optimizer step, collected with statistics, or nil.
    /// `grads` shows its update-to-weight ratios.
    var lastStepReport: StepReport? { get }
    /// The loss on a fixed, real batch, computed with gradients enabled and without
    /// randomness (same weights, same loss), or nil when the object has no batch.
    /// `gradcheck` differentiates it; `activations` traces it.
    func referenceLoss() throws -> Tensor?
    /// How many rows (examples, or tokens) the reference batch has, so that `activations`
    /// can tell units apart in a layer's output; nil when unknown.
    var referenceRowCount: Int? { get }
}

extension ModuleHolder {
    public var lastStepReport: StepReport? { nil }
    public func referenceLoss() throws -> Tensor? { nil }
    public var referenceRowCount: Int? { nil }

    /// Values the inspect commands publish for checks: `gradcheck.maxRelativeError`,
    /// `gradcheck.count`, `gradcheck.agrees` (1 or 0, the verdict), `parameters.total`, `parameters.trainable`, and from the last
    /// training step (what `grads` shows): `update.median` and `update.max` (update/weight
    /// ratios over the parameters it updated) and `update.learningRate`. A holder's
    /// `value(at:)` falls back to this.
    public func inspectionValue(at path: [String]) -> Double? {
        switch path {
        case ["parameters", "total"]: return Double(module.parameterCount)
        case ["parameters", "trainable"]: return Double(module.trainableParameterCount)
        case ["gradcheck", "maxRelativeError"]: return inspection.gradientCheck.map { $0.maximumRelativeError }
        case ["gradcheck", "count"]: return inspection.gradientCheck.map { Double($0.pairs.count) }
        case ["gradcheck", "agrees"]: return inspection.gradientCheck.map { $0.agrees ? 1 : 0 }
        case ["update", "median"]: return updateRatios.map { Double($0[$0.count / 2]) }
        case ["update", "max"]: return updateRatios.map { Double($0.last!) }
        case ["update", "learningRate"]: return lastStepReport.map { Double($0.learningRate) }
        default: return nil
        }
    }

    /// The last step's finite update/weight ratios, sorted; nil before a step with statistics.
    private var updateRatios: [Float]? {
        let ratios = (lastStepReport?.parameters ?? []).map(\.updateToWeightRatio).filter(\.isFinite).sorted()
        return ratios.isEmpty ? nil : ratios
    }

    /// The paths `inspectionValue(at:)` answers now (gradient-check paths once one ran).
    public var inspectionPaths: [[String]] {
        var paths: [[String]] = [["parameters", "total"], ["parameters", "trainable"]]
        if inspection.gradientCheck != nil {
            paths += [["gradcheck", "maxRelativeError"], ["gradcheck", "count"], ["gradcheck", "agrees"]]
        }
        if updateRatios != nil {
            paths += [["update", "median"], ["update", "max"], ["update", "learningRate"]]
        }
        return paths
    }
}

/// What the inspect commands measured on one model, kept on the model object.
public struct InspectionState {
    /// The latest `gradcheck` result.
    public var gradientCheck: GradientCheckResult?
    /// Per-layer statistics of the latest traced forward pass.
    public var activations: [LayerActivationStatistics]?

    public init() {}
}
