import TuneEngine

extension CommandInvocation {
    /// The session object named by the positional `name` as a `ModuleHolder`, or an error
    /// that says what was found instead.
    func moduleHolder(_ name: String = "model", in session: Session) throws -> ModuleHolder {
        guard let objectName = text(name) else { throw CommandError("\(spec.verb): missing \(name.uppercased()); usage: \(spec.usage)") }
        guard let object = session.object(named: objectName) else {
            throw CommandError("\(objectName): no such object in the session.")
        }
        guard let holder = object as? ModuleHolder else {
            let models = session.allObjects().filter { $0 is ModuleHolder }.map(\.name)
            throw CommandError("\(objectName) is a \(object.kind.name) without weights; \(spec.verb) needs a model"
                + (models.isEmpty ? " (the session has none yet)." : " (the session has \(models.joined(separator: ", "))."))
        }
        return holder
    }

    /// The parameters of `holder` that `key=` chooses (all of them without it), or an
    /// error naming the pattern and the keys it could have meant.
    func chosenParameters(of holder: ModuleHolder) throws -> [(key: String, tensor: Tensor)] {
        let pattern = text("key")
        let chosen = ParameterKeyPattern.matching(pattern, in: holder.module)
        guard !chosen.isEmpty else { throw ParameterKeyPattern.noMatch(pattern ?? "", in: holder) }
        return chosen
    }
}

/// Chooses parameter keys by a pattern: an exact key, a `*` wildcard pattern, or a part of a key.
enum ParameterKeyPattern {
    /// The parameters of `module` whose key matches `pattern` (all of them when nil).
    static func matching(_ pattern: String?, in module: Module) -> [(key: String, tensor: Tensor)] {
        let parameters = module.namedParameters()
        guard let pattern, !pattern.isEmpty else { return parameters }
        if let exact = parameters.first(where: { $0.key == pattern }) { return [exact] }
        if pattern.contains("*") {
            return parameters.filter { matchesWildcard($0.key, pattern) }
        }
        return parameters.filter { $0.key.contains(pattern) }
    }

    /// True when `text` matches `pattern`, where `*` stands for any run of characters.
    static func matchesWildcard(_ text: String, _ pattern: String) -> Bool {
        let parts = pattern.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
        var rest = Substring(text)
        for (index, part) in parts.enumerated() {
            if index == 0 {
                guard rest.hasPrefix(part) else { return false }
                rest = rest.dropFirst(part.count)
            } else if index == parts.count - 1 {
                return part.isEmpty || rest.hasSuffix(part)
            } else if let range = rest.range(of: part) {
                rest = rest[range.upperBound...]
            } else {
                return false
            }
        }
        return rest.isEmpty
    }

    /// The error for a pattern that matched nothing, listing a few keys that exist.
    static func noMatch(_ pattern: String, in holder: ModuleHolder) -> CommandError {
        let keys = holder.module.namedParameters().map(\.key)
        let shown = keys.prefix(8).joined(separator: ", ") + (keys.count > 8 ? ", …" : "")
        return CommandError("key=\(pattern) matches no parameter of \(holder.name); its keys are: \(shown)"
            + EditDistance.didYouMean(pattern, among: keys))
    }
}
