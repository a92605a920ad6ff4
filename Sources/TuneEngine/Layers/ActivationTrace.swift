/// Records what layers output during one forward pass, so the lab can show
/// activation statistics per layer (mean, spread, dead or saturated units).
///
/// Nothing is recorded unless a pass runs inside `ActivationTrace.collect`; then
/// each recording layer adds its output, in the order the pass visits them.
public enum ActivationTrace {
    /// One layer's output in the traced pass.
    public struct Record {
        /// The module that produced it (match with `namedModules()` for its key).
        public let module: ObjectIdentifier
        /// What the values are ("activation" after a nonlinearity, "output" of a block).
        public let role: String
        public let kind: ActivationKind?
        public let values: [Float]
    }

    final class Store { var records: [Record] = [] }

    @TaskLocal static var store: Store?

    /// Runs `body` and returns what the layers recorded meanwhile.
    public static func collect<T>(_ body: () throws -> T) rethrows -> (result: T, records: [Record]) {
        let store = Store()
        let result = try $store.withValue(store) { try body() }
        return (result, store.records)
    }

    /// Called by layers; a no-op outside `collect`.
    static func record(_ module: Module, role: String, kind: ActivationKind? = nil, _ tensor: Tensor) {
        guard let store else { return }
        store.records.append(Record(module: ObjectIdentifier(module), role: role, kind: kind, values: tensor.values))
    }
}
