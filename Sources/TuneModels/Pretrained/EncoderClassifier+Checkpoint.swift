import Foundation
import TuneCheckpoint
import TuneEngine

/// Saving a fine-tuned classifier as a Hugging Face `BertForSequenceClassification`
/// checkpoint: the encoder's tensors under `bert.` + their BERT names
/// (`bert.encoder.layer.0.attention.self.query.weight`), the head as `classifier.weight`
/// and `classifier.bias`, and the position ids buffer.
extension EncoderClassifier {
    /// The checkpoint name of the head's tensors.
    public static let headCheckpointPrefix = "classifier."
    /// The prefix of the encoder's tensors inside a classifier checkpoint.
    public static let encoderCheckpointPrefix = "bert."

    /// Writes the encoder and head (adapters, if any, are not part of it: save those
    /// with `EncoderLoRACheckpoint`, or merge nothing and save the base as is).
    /// The labels go into the file's metadata, comma-separated.
    public func saveWeights(to url: URL) throws {
        var tensors = encoder.checkpointTensors().map { (name: Self.encoderCheckpointPrefix + $0.name, shape: $0.shape, values: $0.values) }
        tensors.append((Self.headCheckpointPrefix + "weight", head.weight.shape, head.weight.values))
        if let bias = head.bias { tensors.append((Self.headCheckpointPrefix + "bias", bias.shape, bias.values)) }
        let positions = encoder.configuration.maximumPositions
        try writeSafetensors(
            tensors,
            integerTensors: [(Self.encoderCheckpointPrefix + BERTModel.positionIDsName, [1, positions], (0..<positions).map { Int64($0) })],
            metadata: ["format": "pt", "labels": labels.joined(separator: ",")], to: url)
    }

    /// Loads a checkpoint written by `saveWeights` (encoder and head), strictly: every
    /// parameter needs a tensor of its shape and every tensor must be a parameter.
    /// Everything is checked before any value is copied.
    public func loadWeights(from url: URL) throws {
        let file = try SafetensorsFile(contentsOf: url)
        var parameters: [(name: String, tensor: Tensor)] = []
        for (key, tensor) in encoder.namedParameters() where !LoRAConfiguration.isAdapterKey(key) {
            guard let name = BERTModel.checkpointName(forKey: key) else { continue }
            parameters.append((Self.encoderCheckpointPrefix + name, tensor))
        }
        parameters.append((Self.headCheckpointPrefix + "weight", head.weight))
        if let bias = head.bias { parameters.append((Self.headCheckpointPrefix + "bias", bias)) }
        let known = Set(parameters.map(\.name) + [Self.encoderCheckpointPrefix + BERTModel.positionIDsName])
        let missing = parameters.map(\.name).filter { file.entry(named: $0) == nil }
        if !missing.isEmpty { throw PretrainedModelError.missingWeights(file: file.source, names: missing) }
        let unexpected = file.names.filter { !known.contains($0) }
        if !unexpected.isEmpty { throw PretrainedModelError.unexpectedWeights(file: file.source, names: unexpected) }
        for (name, tensor) in parameters {
            let entry = try file.requireEntry(named: name)
            guard entry.shape == tensor.shape else {
                throw PretrainedModelError.weightShapeMismatch(file: file.source, name: name, expected: tensor.shape, found: entry.shape)
            }
        }
        for (name, tensor) in parameters { tensor.values = try file.floats(named: name) }
    }
}
