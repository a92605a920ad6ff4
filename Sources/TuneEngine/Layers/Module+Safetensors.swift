import Foundation
import TuneCheckpoint

/// Saving and loading a module's parameters as safetensors, keyed by the module's
/// dotted parameter keys (`blocks.0.attention.query.weight`), so a checkpoint
/// opens in PyTorch with `safetensors.torch.load_file` under the same names.
extension Module {
    /// Writes every parameter as F32, with optional string metadata, atomically.
    /// `renaming` maps a module key to the name stored in the file (for formats
    /// such as Hugging Face BERT whose names differ); nil drops the parameter.
    public func saveSafetensors(
        to url: URL, metadata: [String: String] = [:], renaming: ((String) -> String?)? = nil
    ) throws {
        var writer = SafetensorsWriter(metadata: metadata)
        for (key, tensor) in namedParameters() {
            guard let name = renaming.map({ $0(key) }) ?? key else { continue }
            try writer.add(name: name, shape: tensor.shape, floats: tensor.values)
        }
        // Buffers (running statistics) go beside the parameters, as in a PyTorch state_dict.
        for (key, buffer) in namedBuffers() {
            guard let name = renaming.map({ $0(key) }) ?? key else { continue }
            switch buffer.storage {
            case .float: try writer.add(name: name, shape: buffer.shape, floats: buffer.values)
            case .integer: try writer.add(name: name, shape: buffer.shape, int64s: buffer.values.map { Int64($0) })
            }
        }
        try writer.write(to: url)
    }

    /// Loads parameters from a safetensors file. With `strict`, every parameter must
    /// be in the file and every float tensor in the file must be a parameter;
    /// shapes must always match. Errors name the file and the key.
    /// Returns the keys that were not found (non-strict).
    @discardableResult
    public func loadSafetensors(
        _ file: SafetensorsFile, strict: Bool = true, renaming: ((String) -> String?)? = nil
    ) throws -> [String] {
        var values: [String: (shape: [Int], values: [Float])] = [:]
        var fileNameForKey: [String: String] = [:]
        for (key, _) in namedParameters() {
            guard let name = renaming.map({ $0(key) }) ?? key else { continue }
            fileNameForKey[key] = name
            guard let entry = file.entry(named: name) else { continue }
            values[key] = try (entry.shape, file.floats(named: name))
        }
        // Buffers load like parameters: same names, shapes must match.
        var missingBuffers: [String] = []
        for (key, buffer) in namedBuffers() {
            guard let name = renaming.map({ $0(key) }) ?? key else { continue }
            fileNameForKey[key] = name
            guard let entry = file.entry(named: name) else { missingBuffers.append(key); continue }
            guard entry.shape == buffer.shape else {
                throw CheckpointError(source: file.source, underlying: .shapeMismatch(key: name, expected: buffer.shape, got: entry.shape))
            }
            buffer.values = try entry.dtype == .int64 ? file.int64s(named: name).map { Float($0) } : file.floats(named: name)
        }
        do {
            let missing = try load(values, strict: false) + missingBuffers
            if strict {
                if !missing.isEmpty {
                    throw ModuleError.missingKeys(missing.map { fileNameForKey[$0] ?? $0 })
                }
                let expected = Set(fileNameForKey.values)
                let unexpected = file.names.filter {
                    !expected.contains($0) && SafetensorsFile.floatConvertibleDTypes.contains(file.entry(named: $0)!.dtype)
                }
                if !unexpected.isEmpty { throw ModuleError.unexpectedKeys(unexpected) }
            }
            return missing
        } catch let error as ModuleError {
            throw CheckpointError(source: file.source, underlying: error)
        }
    }
}

/// A checkpoint that does not fit the module, with the file it came from.
public struct CheckpointError: Error, CustomStringConvertible {
    public let source: String
    public let underlying: ModuleError
    public var description: String { "\(source): \(underlying)" }
}
