import TuneEngine

/// Where and how big the LoRA adapters are.
public struct LoRAConfiguration: Sendable, Equatable, Codable {
    /// r: the adapters' inner size.
    public var rank: Int
    /// α: the adapter's output is scaled by α/r.
    public var alpha: Float
    /// Linear layers whose key ends with one of these get an adapter.
    public var targetModules: [String]

    public init(rank: Int = 4, alpha: Float = 8, targetModules: [String] = ["attention.query", "attention.value"]) {
        self.rank = rank
        self.alpha = alpha
        self.targetModules = targetModules
    }

    /// Whether a parameter key belongs to an adapter.
    public static func isAdapterKey(_ key: String) -> Bool { key.contains(".adapter.") }

    /// The Linear layers of `module` this configuration targets, with their keys.
    public func targets(in module: Module) -> [(key: String, layer: Linear)] {
        module.namedModules().compactMap { key, child in
            guard let layer = child as? Linear,
                  targetModules.contains(where: { key == $0 || key.hasSuffix("." + $0) }) else { return nil }
            return (key, layer)
        }
    }

    /// Adds a fresh adapter (B = 0, so outputs are unchanged) to every targeted layer
    /// that has none. Throws if nothing matches.
    public func attach(to module: Module, seed: UInt64) throws {
        guard rank >= 1 else {
            throw TrainingError.invalidOption(name: "rank", value: "\(rank)", accepts: "at least 1")
        }
        guard alpha.isFinite, alpha > 0 else {
            throw TrainingError.invalidOption(name: "alpha", value: "\(alpha)", accepts: "a positive number")
        }
        let layers = targets(in: module)
        guard !layers.isEmpty else {
            throw TrainingError.invalidOption(
                name: "targetModules", value: "\(targetModules)",
                accepts: "key endings of Linear layers in the model, such as attention.query, attention.value, mlp.hidden")
        }
        var generator = RandomGenerator(seed: seed)
        for (_, layer) in layers where layer.adapter == nil {
            layer.adapter = LoRAAdapter(
                inputSize: layer.inputSize, outputSize: layer.outputSize, rank: rank, alpha: alpha, generator: &generator)
        }
    }

    /// Removes every adapter from `module` (the base model is left as it was).
    public static func detach(from module: Module) {
        for (_, child) in module.namedModules() { (child as? Linear)?.adapter = nil }
    }
}
