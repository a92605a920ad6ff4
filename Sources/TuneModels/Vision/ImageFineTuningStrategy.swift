import Foundation
import TuneEngine

/// Which weights of a pre-trained LeNet-5 learn on the new task, and how fast (its head
/// is always new).
public enum ImageFineTuningStrategy: Sendable, Equatable {
    /// Every weight trains.
    case full
    /// Only the new head (fc3) trains: a linear classifier on the frozen 84 features.
    case headOnly
    /// The lowest `layers` of conv1, conv2, fc1, fc2 stay frozen; the rest trains.
    case freezeLayers(Int)
    /// Start with only the head; at the start of every `everyEpochs`-th epoch one more
    /// trunk layer, from the top down (fc2, fc1, conv2, conv1), is unfrozen.
    case gradualUnfreezing(everyEpochs: Int)
    /// Every weight trains; each layer from the head down learns `factor` times more
    /// slowly than the one above: fc3 × 1, fc2 ÷ factor, fc1 ÷ factor², conv2 ÷ factor³,
    /// conv1 ÷ factor⁴.
    case discriminative(factor: Float)

    /// A short name for reports.
    public var name: String {
        switch self {
        case .full: return "full fine-tuning"
        case .headOnly: return "head only (frozen trunk)"
        case .freezeLayers(let count): return "frozen " + LeNet5.trunkLayers.prefix(count).joined(separator: ", ")
        case .gradualUnfreezing(let every): return "gradual unfreezing (one layer every \(every) epoch\(every == 1 ? "" : "s"))"
        case .discriminative(let factor): return "discriminative learning rates (÷\(factor) per layer)"
        }
    }

    /// Freezes what this strategy keeps fixed in `network` at the start (unfreezing
    /// everything else), after checking the strategy's number.
    public func prepare(_ network: LeNet5) throws {
        network.unfreeze()
        switch self {
        case .full:
            break
        case .headOnly:
            for layer in LeNet5.trunkLayers { network.freeze(prefix: layer) }
        case .freezeLayers(let count):
            guard (0...LeNet5.trunkLayers.count).contains(count) else {
                throw TrainingError.invalidOption(
                    name: "freeze", value: "\(count)", accepts: "0 to \(LeNet5.trunkLayers.count) (of \(LeNet5.trunkLayers.joined(separator: ", ")))")
            }
            for layer in LeNet5.trunkLayers.prefix(count) { network.freeze(prefix: layer) }
        case .gradualUnfreezing(let every):
            guard every >= 1 else {
                throw TrainingError.invalidOption(name: "every", value: "\(every)", accepts: "at least 1 epoch")
            }
            for layer in LeNet5.trunkLayers { network.freeze(prefix: layer) }
        case .discriminative(let factor):
            guard factor >= 1, factor.isFinite else {
                throw TrainingError.invalidOption(name: "factor", value: "\(factor)", accepts: "a number ≥ 1 (2.6 is customary)")
            }
        }
    }

    /// The optimizer's parameter groups for `network`: with discriminative rates one
    /// layer per group, head first (multiplier 1, then ÷ factor per layer downwards), each
    /// split into decay (`weightDecay`) and no decay; nil for the other strategies (one
    /// rate for every weight, the trainer's own groups).
    public func parameterGroups(_ network: LeNet5, weightDecay: Float) -> [ParameterGroup]? {
        guard case .discriminative(let factor) = self else { return nil }
        let parameters = network.namedParameters()
        // Depth 0 is the head; conv1, the first layer, is deepest below it.
        return (LeNet5.trunkLayers + ["fc3"]).reversed().enumerated().flatMap { depth, layer in
            ParameterGroup.splitByWeightDecay(
                parameters.filter { $0.key.hasPrefix(layer + ".") }, weightDecay: weightDecay,
                learningRateMultiplier: 1 / Float(pow(Double(factor), Double(depth))), namePrefix: layer)
        }
    }

    /// With gradual unfreezing, the trainer's epoch hook (`Trainer.onEpochStart`) that
    /// opens one more trunk layer of `network` every `everyEpochs` epochs, from the top
    /// down; nil for the other strategies.
    public func epochHook(_ network: LeNet5) -> ((Int) -> Void)? {
        guard case .gradualUnfreezing(let every) = self else { return nil }
        let layers = LeNet5.trunkLayers
        return { [weak network] epoch in
            guard let network, epoch > 0, epoch % every == 0 else { return }
            let opened = epoch / every  // trunk layers open now, counted from the top
            guard opened <= layers.count else { return }
            network.unfreeze(prefix: layers[layers.count - opened])
        }
    }
}
