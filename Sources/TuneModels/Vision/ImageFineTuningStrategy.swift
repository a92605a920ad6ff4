import TuneEngine

/// Which weights of a pre-trained LeNet-5 learn on the new task (its head is always new).
public enum ImageFineTuningStrategy: Sendable, Equatable {
    /// Every weight trains.
    case full
    /// Only the new head (fc3) trains: a linear classifier on the frozen 84 features.
    case headOnly
    /// The lowest `layers` of conv1, conv2, fc1, fc2 stay frozen; the rest trains.
    case freezeLayers(Int)

    /// A short name for reports.
    public var name: String {
        switch self {
        case .full: return "full fine-tuning"
        case .headOnly: return "head only (frozen trunk)"
        case .freezeLayers(let count): return "frozen " + LeNet5.trunkLayers.prefix(count).joined(separator: ", ")
        }
    }

    /// Freezes what this strategy keeps fixed in `network` (unfreezing everything else).
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
        }
    }
}
