import Foundation
import TuneCheckpoint
import TuneEngine

/// Saves and loads LoRA adapters apart from the base model, in the layout other
/// tools use: `adapter_model.safetensors` with keys
/// `base_model.model.<module path>.lora_A.weight` / `.lora_B.weight` (plus any
/// trained non-adapter module such as the head, as `base_model.model.<key>`), and
/// `adapter_config.json` with r, lora_alpha and target_modules.
public enum LoRACheckpoint {
    public static let weightsFile = "adapter_model.safetensors"
    public static let configFile = "adapter_config.json"
    static let prefix = "base_model.model."

    /// The saved name of a module key: `…query.adapter.down` → `base_model.model.…query.lora_A.weight`.
    public static func savedName(forKey key: String) -> String {
        if key.hasSuffix(".adapter.down") { return prefix + key.dropLast(".adapter.down".count) + ".lora_A.weight" }
        if key.hasSuffix(".adapter.up") { return prefix + key.dropLast(".adapter.up".count) + ".lora_B.weight" }
        return prefix + key
    }

    /// The on-disk config (the fields other tools read).
    struct Config: Codable {
        var peft_type = "LORA"
        var r: Int
        var lora_alpha: Float
        var target_modules: [String]
        var modules_to_save: [String]
        var bias = "none"
        var lora_dropout: Float = 0
    }

    /// Writes the adapters of `module` (and the parameters of `modulesToSave`, such as
    /// a classifier's "head") to `folder`.
    public static func save(
        _ module: Module, configuration: LoRAConfiguration, modulesToSave: [String] = ["head"], to folder: URL
    ) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var tensors: [(name: String, shape: [Int], values: [Float])] = []
        for (key, tensor) in module.namedParameters()
        where LoRAConfiguration.isAdapterKey(key) || modulesToSave.contains(where: { key.hasPrefix($0 + ".") }) {
            tensors.append((savedName(forKey: key), tensor.shape, tensor.values))
        }
        guard tensors.contains(where: { $0.name.hasSuffix("lora_A.weight") }) else {
            throw ModelFolderError.mismatch(what: "model", reason: "it has no LoRA adapters to save")
        }
        try writeSafetensors(tensors, metadata: ["format": "pt"], to: folder.appendingPathComponent(weightsFile))
        let config = Config(
            r: configuration.rank, lora_alpha: configuration.alpha, target_modules: configuration.targetModules,
            modules_to_save: modulesToSave)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(config).write(to: folder.appendingPathComponent(configFile), options: .atomic)
    }

    /// Reads `folder`'s adapter config, attaches adapters to `module` accordingly and
    /// loads their values (and the saved modules'). Returns the configuration.
    @discardableResult
    public static func load(into module: Module, from folder: URL) throws -> LoRAConfiguration {
        let configURL = folder.appendingPathComponent(configFile)
        let weightsURL = folder.appendingPathComponent(weightsFile)
        for url in [configURL, weightsURL] where !FileManager.default.fileExists(atPath: url.path) {
            throw ModelFolderError.missingFile(path: url.path)
        }
        let config: Config
        do {
            config = try JSONDecoder().decode(Config.self, from: Data(contentsOf: configURL))
        } catch {
            throw ModelFolderError.unreadable(path: configURL.path, reason: "\(error)")
        }
        let configuration = LoRAConfiguration(rank: config.r, alpha: config.lora_alpha, targetModules: config.target_modules)
        try configuration.attach(to: module, seed: 0)
        let file = try SafetensorsFile(contentsOf: weightsURL)
        let byName = Dictionary(uniqueKeysWithValues: module.namedParameters().map { (savedName(forKey: $0.key), $0.tensor) })
        for name in file.names {
            guard let tensor = byName[name] else {
                throw ModelFolderError.mismatch(what: weightsURL.lastPathComponent, reason: "\(name) matches no parameter of the model")
            }
            let values = try file.floats(named: name)
            guard values.count == tensor.count else {
                throw ModelFolderError.mismatch(what: name, reason: "\(values.count) values for a parameter of shape \(tensor.shape)")
            }
            tensor.values = values
        }
        return configuration
    }
}
