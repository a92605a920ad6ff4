/// A layer or a whole model: something with parameters and child modules.
///
/// Parameters and children are found by reading the subclass's stored properties
/// (Swift's `Mirror`), so a layer just declares them:
///
///     final class Linear: Module { let weight: Tensor; let bias: Tensor? }
///
/// and their keys follow the property names, dotted, with array positions:
/// `blocks.0.attention.query.weight`. These keys are the names in a checkpoint.
open class Module {
    /// Training mode: dropout is active. `evaluationMode()` turns it off.
    public private(set) var isTraining = true

    public init() {}

    // MARK: - Discovery

    /// Every parameter with its dotted key, in declaration order.
    public func namedParameters() -> [(key: String, tensor: Tensor)] {
        var result: [(String, Tensor)] = []
        visit(prefix: "") { key, value in
            if let tensor = value as? Tensor { result.append((key, tensor)) }
        }
        return result
    }

    /// Every buffer (state saved in checkpoints but not trained, such as batch
    /// normalization's running statistics) with its dotted key, in declaration order.
    /// A buffer's key is its module's key and the buffer's own name: `bn1.running_mean`.
    public func namedBuffers() -> [(key: String, buffer: Buffer)] {
        var result: [(String, Buffer)] = []
        visit(prefix: "") { key, value in
            if let buffer = value as? Buffer {
                let owner = key.split(separator: ".").dropLast().joined(separator: ".")
                result.append((owner.isEmpty ? buffer.name : owner + "." + buffer.name, buffer))
            }
        }
        return result
    }

    /// This module and every module inside it, with dotted keys ("" for self).
    public func namedModules() -> [(key: String, module: Module)] {
        var result: [(String, Module)] = [("", self)]
        visit(prefix: "") { key, value in
            if let module = value as? Module { result.append((key, module)) }
        }
        return result
    }

    /// Walks stored properties (and superclass properties), recursing into child
    /// modules and arrays of them, calling `body` for each Tensor and Module found.
    private func visit(prefix: String, _ body: (String, Any) -> Void) {
        var mirror: Mirror? = Mirror(reflecting: self)
        while let current = mirror {
            for child in current.children {
                guard let label = child.label else { continue }
                let key = prefix.isEmpty ? label : prefix + "." + label
                Module.visitValue(child.value, key: key, body)
            }
            mirror = current.superclassMirror
        }
    }

    private static func visitValue(_ value: Any, key: String, _ body: (String, Any) -> Void) {
        if let tensor = value as? Tensor {
            tensor.label = tensor.label ?? key
            body(key, tensor)
        } else if let buffer = value as? Buffer {
            body(key, buffer)
        } else if let module = value as? Module {
            body(key, module)
            module.visit(prefix: key, body)
        } else if let modules = value as? [Module] {
            for (index, module) in modules.enumerated() {
                visitValue(module, key: key + ".\(index)", body)
            }
        }
    }

    // MARK: - Counting and freezing

    public var parameterCount: Int { namedParameters().reduce(0) { $0 + $1.tensor.count } }

    public var trainableParameterCount: Int {
        namedParameters().filter { $0.tensor.requiresGradient }.reduce(0) { $0 + $1.tensor.count }
    }

    /// The parameter with this key, if any.
    public func parameter(_ key: String) -> Tensor? {
        namedParameters().first { $0.key == key }?.tensor
    }

    /// Stops gradients for every parameter whose key starts with `prefix` ("" = all).
    /// Returns how many parameters changed.
    @discardableResult
    public func freeze(prefix: String = "") -> Int { setTrainable(false, prefix: prefix) }

    /// Lets gradients flow again into parameters whose key starts with `prefix`.
    @discardableResult
    public func unfreeze(prefix: String = "") -> Int { setTrainable(true, prefix: prefix) }

    private func setTrainable(_ trainable: Bool, prefix: String) -> Int {
        var changed = 0
        for (key, tensor) in namedParameters() where prefix.isEmpty || key == prefix || key.hasPrefix(prefix + ".") || key.hasPrefix(prefix) && prefix.hasSuffix(".") {
            if tensor.requiresGradient != trainable { changed += 1 }
            tensor.requiresGradient = trainable
            if !trainable { tensor.gradient = nil }
        }
        return changed
    }

    /// Clears every parameter's gradient.
    public func zeroGradients() {
        for (_, tensor) in namedParameters() { tensor.zeroGradient() }
    }

    // MARK: - Modes

    /// Turns dropout on (training) in this module and all inside it.
    public func trainingMode() { for (_, module) in namedModules() { module.isTraining = true } }

    /// Turns dropout off (evaluation) in this module and all inside it.
    public func evaluationMode() { for (_, module) in namedModules() { module.isTraining = false } }

    // MARK: - Loading values

    /// Copies values into parameters by key. With `strict`, every parameter must be
    /// given and every given key must exist; shapes must always match.
    /// Returns the keys of this module that were not given (non-strict).
    @discardableResult
    public func load(_ values: [String: (shape: [Int], values: [Float])], strict: Bool = true) throws -> [String] {
        let parameters = namedParameters()
        var missing: [String] = []
        for (key, tensor) in parameters {
            guard let given = values[key] else { missing.append(key); continue }
            guard given.shape == tensor.shape, given.values.count == tensor.count else {
                throw ModuleError.shapeMismatch(key: key, expected: tensor.shape, got: given.shape)
            }
            tensor.values = given.values
        }
        if strict {
            if !missing.isEmpty { throw ModuleError.missingKeys(missing) }
            let known = Set(parameters.map(\.key))
            let unexpected = values.keys.filter { !known.contains($0) }.sorted()
            if !unexpected.isEmpty { throw ModuleError.unexpectedKeys(unexpected) }
        }
        return missing
    }
}

/// A module that maps one tensor to another, so modules can be chained.
public protocol Layer: Module {
    func callAsFunction(_ input: Tensor) throws -> Tensor
}

/// Problems matching parameters by key, named so the fix is clear.
public enum ModuleError: Error, CustomStringConvertible {
    case shapeMismatch(key: String, expected: [Int], got: [Int])
    case missingKeys([String])
    case unexpectedKeys([String])

    public var description: String {
        switch self {
        case .shapeMismatch(let key, let expected, let got):
            return "parameter \(key) has shape \(expected), but the values given have shape \(got)"
        case .missingKeys(let keys):
            return "no values for \(keys.count) parameter(s): \(keys.prefix(5).joined(separator: ", "))\(keys.count > 5 ? ", …" : "")"
        case .unexpectedKeys(let keys):
            return "\(keys.count) key(s) match no parameter: \(keys.prefix(5).joined(separator: ", "))\(keys.count > 5 ? ", …" : "")"
        }
    }
}
