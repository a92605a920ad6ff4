import TuneEngine

/// How many parameters a model has and how many training will change: shown before
/// every fit, so a learner sees what a strategy (freezing, LoRA) really trains.
public struct ParameterReport: Sendable, Equatable {
    /// One top-level part of the model ("trunk", "head", ...).
    public struct Part: Sendable, Equatable {
        public var name: String
        public var total: Int
        public var trainable: Int
    }

    public var total: Int
    public var trainable: Int
    /// By top-level module, in the model's order; a nested part is split one level
    /// deeper ("trunk.blocks.0") so frozen and trainable blocks show separately.
    public var parts: [Part]

    /// trainable / total × 100.
    public var trainablePercentage: Double { total == 0 ? 0 : 100 * Double(trainable) / Double(total) }

    /// Counts `module`'s parameters, grouped by the first `depth` components of their keys
    /// (a component that is a number, such as a block index, does not count towards the depth).
    public init(_ module: Module, depth: Int = 2) {
        var parts: [Part] = []
        var indexByName: [String: Int] = [:]
        for (key, tensor) in module.namedParameters() {
            var name: [Substring] = []
            var named = 0
            for component in key.split(separator: ".").dropLast() where named < depth {
                name.append(component)
                if Int(component) == nil { named += 1 }
            }
            let partName = name.isEmpty ? String(key) : name.joined(separator: ".")
            if indexByName[partName] == nil {
                indexByName[partName] = parts.count
                parts.append(Part(name: partName, total: 0, trainable: 0))
            }
            parts[indexByName[partName]!].total += tensor.count
            if tensor.requiresGradient { parts[indexByName[partName]!].trainable += tensor.count }
        }
        self.parts = parts
        total = parts.reduce(0) { $0 + $1.total }
        trainable = parts.reduce(0) { $0 + $1.trainable }
    }
}
