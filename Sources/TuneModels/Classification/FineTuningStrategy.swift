import Foundation
import TuneEngine

/// Which parameters fine-tuning changes, and how fast.
public enum FineTuningStrategy: Sendable, Equatable {
    /// Every parameter trains at the same rate.
    case full
    /// Only the head trains; the trunk is frozen (a linear probe on its features).
    case headOnly
    /// These trunk blocks (0 = the lowest) and the embeddings when `embeddings` is true
    /// stay frozen; everything else trains.
    case freezeBlocks([Int], embeddings: Bool)
    /// Start with only the head; at the start of every `everyEpochs`-th epoch one more
    /// block, from the top down, is unfrozen (then the embeddings and final norm).
    case gradualUnfreezing(everyEpochs: Int)
    /// Everything trains; each block from the top down learns `factor` times more slowly
    /// than the one above (head × 1, top block ÷ factor, …, embeddings slowest).
    case discriminative(factor: Float)
    /// Low-rank adapters on the projections whose key ends with one of `targets`
    /// (default: the attention query and value); the base model is frozen, the head trains.
    case lora(LoRAConfiguration)

    /// A short name for reports.
    public var name: String {
        switch self {
        case .full: return "full fine-tuning"
        case .headOnly: return "head only (frozen trunk)"
        case .freezeBlocks(let blocks, let embeddings):
            return "frozen blocks \(blocks.map(String.init).joined(separator: ","))\(embeddings ? " and embeddings" : "")"
        case .gradualUnfreezing(let every): return "gradual unfreezing (one block every \(every) epoch\(every == 1 ? "" : "s"))"
        case .discriminative(let factor): return "discriminative learning rates (÷\(factor) per block)"
        case .lora(let configuration): return "LoRA r=\(configuration.rank) α=\(configuration.alpha) on \(configuration.targetModules.joined(separator: ", "))"
        }
    }
}

/// What a strategy set up on a classifier: the optimizer's parameter groups and,
/// for gradual unfreezing, the hook that unfreezes blocks as epochs begin.
public struct PreparedFineTuning {
    public let groups: [ParameterGroup]
    public let onEpochStart: ((Int) -> Void)?
    /// The trainable-parameter report after the strategy was applied.
    public let report: ParameterReport
}

extension FineTuningStrategy {
    /// Freezes, unfreezes or adapts `classifier` for this strategy and returns the
    /// parameter groups to train (weight decay split off biases and norms).
    public func prepare(_ classifier: SequenceClassifier, weightDecay: Float, seed: UInt64 = 0) throws -> PreparedFineTuning {
        let trunk = "trunk"
        let blockCount = classifier.trunk.blocks.count
        classifier.unfreeze()
        var onEpochStart: ((Int) -> Void)?
        var groups: [ParameterGroup]?
        switch self {
        case .full:
            break
        case .headOnly:
            classifier.freeze(prefix: trunk)
        case .freezeBlocks(let blocks, let embeddings):
            for block in blocks {
                guard block >= 0, block < blockCount else {
                    throw TrainingError.invalidOption(name: "block", value: "\(block)", accepts: "a block index in 0..<\(blockCount)")
                }
                classifier.freeze(prefix: "\(trunk).blocks.\(block)")
            }
            if embeddings {
                classifier.freeze(prefix: "\(trunk).tokenEmbedding")
                classifier.freeze(prefix: "\(trunk).positionEmbedding")
            }
        case .gradualUnfreezing(let every):
            guard every >= 1 else {
                throw TrainingError.invalidOption(name: "everyEpochs", value: "\(every)", accepts: "at least 1")
            }
            classifier.freeze(prefix: trunk)
            // The final norm sits between the top block and the head: it opens with the head.
            classifier.unfreeze(prefix: "\(trunk).finalNorm")
            onEpochStart = { [weak classifier] epoch in
                guard let classifier, epoch > 0, epoch % every == 0 else { return }
                let opened = epoch / every  // blocks to open, from the top
                if opened <= blockCount {
                    classifier.unfreeze(prefix: "\(trunk).blocks.\(blockCount - opened)")
                } else {
                    classifier.unfreeze(prefix: trunk)
                }
            }
        case .discriminative(let factor):
            guard factor >= 1, factor.isFinite else {
                throw TrainingError.invalidOption(name: "factor", value: "\(factor)", accepts: "a number ≥ 1 (2.6 is customary)")
            }
            groups = Self.discriminativeGroups(classifier, factor: factor, weightDecay: weightDecay)
        case .lora(let configuration):
            try configuration.attach(to: classifier, seed: seed)
            classifier.freeze()
            classifier.unfreeze(prefix: "head")
            for (key, tensor) in classifier.namedParameters() where LoRAConfiguration.isAdapterKey(key) {
                tensor.requiresGradient = true
            }
        }
        let allGroups = groups ?? ParameterGroup.splitByWeightDecay(classifier.namedParameters(), weightDecay: weightDecay)
        return PreparedFineTuning(groups: allGroups, onEpochStart: onEpochStart, report: ParameterReport(classifier))
    }

    /// Head and final norm × 1, top block ÷ factor, the next ÷ factor², …, embeddings slowest.
    static func discriminativeGroups(_ classifier: SequenceClassifier, factor: Float, weightDecay: Float) -> [ParameterGroup] {
        let blockCount = classifier.trunk.blocks.count
        var layers: [(name: String, depth: Int, parameters: [(key: String, tensor: Tensor)])] = []
        func add(_ name: String, _ depth: Int, _ key: String, _ tensor: Tensor) {
            if let index = layers.firstIndex(where: { $0.name == name }) {
                layers[index].parameters.append((key, tensor))
            } else {
                layers.append((name, depth, [(key, tensor)]))
            }
        }
        for (key, tensor) in classifier.namedParameters() {
            let parts = key.split(separator: ".")
            if parts.count > 2, parts[0] == "trunk", parts[1] == "blocks", let block = Int(parts[2]) {
                add("trunk.blocks.\(block)", blockCount - block, key, tensor)
            } else if key.hasPrefix("trunk.tokenEmbedding") || key.hasPrefix("trunk.positionEmbedding") {
                add("embeddings", blockCount + 1, key, tensor)
            } else {
                add("head", 0, key, tensor)
            }
        }
        return layers.sorted { $0.depth < $1.depth }.flatMap { layer in
            ParameterGroup.splitByWeightDecay(
                layer.parameters, weightDecay: weightDecay,
                learningRateMultiplier: 1 / Float(pow(Double(factor), Double(layer.depth))), namePrefix: layer.name)
        }
    }
}
