import Foundation
import TuneCheckpoint
import TuneEngine

/// LoRA adapters of an `EncoderClassifier`, saved apart from the base model in the layout
/// PEFT uses for a BERT model:
///
///     adapter_model.safetensors
///       base_model.model.encoder.layer.3.attention.self.query.lora_A.weight   [r, 384]
///       base_model.model.encoder.layer.3.attention.self.query.lora_B.weight   [384, r]
///       base_model.model.classifier.weight / .bias                            (the trained head)
///     adapter_config.json   {"peft_type": "LORA", "r": 8, "lora_alpha": 16, "target_modules": ["query", "value"], ...}
///
/// Loading attaches adapters of the saved rank to the named layers and copies the values
/// unchanged (a round trip is bit-identical).
public enum EncoderLoRACheckpoint {
    public static let weightsFile = "adapter_model.safetensors"
    public static let configFile = "adapter_config.json"
    static let prefix = "base_model.model."

    /// The saved name of one of the classifier's adapter or head keys, nil for others:
    /// `encoder.layers.3.attention.query.adapter.down` → `base_model.model.encoder.layer.3.attention.self.query.lora_A.weight`.
    public static func savedName(forKey key: String) -> String? {
        if key.hasPrefix("head.") { return prefix + EncoderClassifier.headCheckpointPrefix + key.dropFirst("head.".count) }
        for (suffix, leaf) in [(".adapter.down", "lora_A"), (".adapter.up", "lora_B")] where key.hasSuffix(suffix) && key.hasPrefix("encoder.") {
            let layer = String(key.dropFirst("encoder.".count).dropLast(suffix.count))
            guard let name = BERTModel.checkpointName(forKey: layer + ".weight") else { return nil }
            return prefix + name.dropLast(".weight".count) + "." + leaf + ".weight"
        }
        return nil
    }

    /// PEFT's target names (the checkpoint module's last part: "query") for ours ("attention.query").
    static func savedTargets(_ targets: [String]) -> [String] {
        targets.map { target in
            let checkpoint = BERTModel.blockNames.first { $0.ours == target }?.checkpoint ?? target
            return String(checkpoint.split(separator: ".").last ?? Substring(checkpoint))
        }
    }

    /// Our target names for PEFT's: every block module whose checkpoint name ends with one.
    static func ourTargets(_ saved: [String], file: String) throws -> [String] {
        try saved.map { target in
            guard let pair = BERTModel.blockNames.first(where: { $0.checkpoint == target || $0.checkpoint.hasSuffix("." + target) }) else {
                throw PretrainedModelError.invalidConfiguration(
                    file: file, field: "target_modules", value: "\"\(target)\"",
                    accepts: "names of BERT block layers: " + BERTModel.blockNames.map { String($0.checkpoint.split(separator: ".").last!) }.joined(separator: ", "))
            }
            return pair.ours
        }
    }

    /// The fields written; reading needs only peft_type, r, lora_alpha and target_modules.
    struct Config: Codable {
        var peft_type: String
        var task_type: String?
        var r: Int
        var lora_alpha: Float
        var lora_dropout: Float?
        var bias: String?
        var target_modules: [String]
        var modules_to_save: [String]?
    }

    /// Writes `classifier`'s adapters (made by `configuration`) and its head to `folder`.
    public static func save(_ classifier: EncoderClassifier, configuration: LoRAConfiguration, to folder: URL) throws {
        var tensors: [(name: String, shape: [Int], values: [Float])] = []
        for (key, tensor) in classifier.namedParameters() {
            guard LoRAConfiguration.isAdapterKey(key) || key.hasPrefix("head."), let name = savedName(forKey: key) else { continue }
            tensors.append((name, tensor.shape, tensor.values))
        }
        guard tensors.contains(where: { $0.name.hasSuffix(".lora_A.weight") }) else {
            throw PretrainedTaskError.invalidArgument(name: "classifier", value: "without adapters", accepts: "a classifier fine-tuned with LoRA")
        }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try writeSafetensors(tensors, metadata: ["format": "pt"], to: folder.appendingPathComponent(weightsFile))
        let config = Config(
            peft_type: "LORA", task_type: "SEQ_CLS", r: configuration.rank, lora_alpha: configuration.alpha, lora_dropout: 0,
            bias: "none", target_modules: savedTargets(configuration.targetModules), modules_to_save: ["classifier"])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(config).write(to: folder.appendingPathComponent(configFile), options: .atomic)
    }

    /// Attaches adapters as `folder`'s config says and loads them and the head into
    /// `classifier`. Every saved tensor must match a parameter, and every adapter and head
    /// parameter must be saved. Returns the configuration.
    @discardableResult
    public static func load(into classifier: EncoderClassifier, from folder: URL) throws -> LoRAConfiguration {
        let configURL = folder.appendingPathComponent(configFile)
        let weightsURL = folder.appendingPathComponent(weightsFile)
        for url in [configURL, weightsURL] where !FileManager.default.fileExists(atPath: url.path) {
            throw PretrainedModelError.missingFile(name: url.lastPathComponent, source: folder.path)
        }
        let config: Config
        do {
            config = try JSONDecoder().decode(Config.self, from: Data(contentsOf: configURL))
        } catch {
            throw PretrainedModelError.invalidJSON(file: configURL.path, reason: "not a LoRA adapter config (\(error))")
        }
        guard config.peft_type == "LORA" else {
            throw PretrainedModelError.invalidConfiguration(file: configURL.path, field: "peft_type", value: config.peft_type, accepts: "\"LORA\"")
        }
        let configuration = try LoRAConfiguration(
            rank: config.r, alpha: config.lora_alpha, targetModules: ourTargets(config.target_modules, file: configURL.path))
        let file = try SafetensorsFile(contentsOf: weightsURL)
        LoRAConfiguration.detach(from: classifier)
        try configuration.attach(to: classifier.encoder, seed: 0)
        var byName: [String: Tensor] = [:]
        for (key, tensor) in classifier.namedParameters() where LoRAConfiguration.isAdapterKey(key) || key.hasPrefix("head.") {
            if let name = savedName(forKey: key) { byName[name] = tensor }
        }
        if let stray = file.names.first(where: { byName[$0] == nil }) {
            throw PretrainedModelError.unexpectedWeights(file: file.source, names: [stray])
        }
        let missing = byName.keys.filter { file.entry(named: $0) == nil }.sorted()
        if !missing.isEmpty { throw PretrainedModelError.missingWeights(file: file.source, names: missing) }
        for (name, tensor) in byName {
            let entry = try file.requireEntry(named: name)
            guard entry.shape == tensor.shape else {
                throw PretrainedModelError.weightShapeMismatch(file: file.source, name: name, expected: tensor.shape, found: entry.shape)
            }
        }
        for (name, tensor) in byName { tensor.values = try file.floats(named: name) }
        return configuration
    }
}
