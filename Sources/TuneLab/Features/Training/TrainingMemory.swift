import Foundation
import TuneEngine
import TuneModels

/// An up-front estimate of the memory a language-model training run needs, so a run the
/// machine cannot hold is refused before it starts, with the numbers, instead of being
/// killed by the system halfway.
///
/// It counts the parts that grow with the settings:
///   - parameters: weights, gradients and Adam's two moments, 4 floats each
///   - activations kept for the backward pass, per layer and position: about 20·width
///     floats (layer norms, Q/K/V, attention output, the 4×-wide MLP before and after GELU,
///     residuals) plus 2·heads·context (attention scores and probabilities)
///   - logits and their gradient: 3·vocabulary floats per position
/// It is an estimate (the allocator keeps freed buffers too). Measured once: 2 layers, width
/// 128, context 128, batch 256 is estimated at 1.64 GB and peaked at 1.76 GB resident.
public struct TrainingMemory {
    public var parameterBytes: Double
    public var activationBytes: Double
    public var totalBytes: Double { parameterBytes + activationBytes }

    public init(configuration c: GPTConfiguration, parameterCount: Int, batchSize: Int) {
        let float = 4.0
        parameterBytes = Double(parameterCount) * 4 * float
        let positions = Double(batchSize * c.contextLength)
        let perLayer = Double(20 * c.width + 2 * c.heads * c.contextLength)
        activationBytes = positions * (Double(c.layers) * perLayer + 3 * Double(c.vocabularySize)) * float
    }

    /// Memory the system says it can give (MemAvailable in /proc/meminfo), in bytes; nil
    /// where there is no /proc.
    public static func availableBytes() -> Double? {
        guard let info = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) else { return nil }
        for line in info.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
            if let kilobytes = line.split(separator: " ").compactMap({ Double($0) }).first { return kilobytes * 1024 }
        }
        return nil
    }

    /// Throws when the estimate exceeds 80 % of the available memory (`available`, by
    /// default what the system reports); the message gives the estimate and what to change.
    public func check(modelName: String, batchSize: Int, available: Double? = TrainingMemory.availableBytes()) throws {
        guard let available, totalBytes > 0.8 * available else { return }
        throw CommandError("train \(modelName): this run needs about \(NumberFormatting.bytes(totalBytes)) of memory "
            + "(\(NumberFormatting.bytes(parameterBytes)) for weights, gradients and Adam's moments; \(NumberFormatting.bytes(activationBytes)) "
            + "of activations for \(batchSize) windows a step), and the machine has \(NumberFormatting.bytes(available)) available. "
            + "Use a smaller batch (batch=), or a model with a shorter context or fewer layers.")
    }

}
