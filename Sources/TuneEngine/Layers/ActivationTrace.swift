import Synchronization

/// Records what layers output during one forward pass, so the lab can show
/// activation statistics per layer (mean, spread, dead or saturated units).
///
/// Nothing is recorded unless a pass runs inside `ActivationTrace.collect`; then
/// each recording layer adds its output, in the order the pass visits them.
public enum ActivationTrace {
    /// One layer's output in the traced pass.
    public struct Record: Sendable {
        /// The module that produced it (match with `namedModules()` for its key).
        public let module: ObjectIdentifier
        /// What the values are ("activation" after a nonlinearity, "output" of a block).
        public let role: String
        public let kind: ActivationKind?
        /// The output's shape: [N, features] for a dense layer, [N, H, W, C] for a
        /// convolution, [B, T, width] for a sequence; its last axis holds the units.
        public let shape: [Int]
        public let values: [Float]
    }

    /// What a traced pass collects: layer outputs, and (for `AttentionTrace`)
    /// attention weights. One task-local store serves both traces.
    final class Store: Sendable {
        let keepsAttention: Bool
        // A pass records from the thread that runs it; the lock makes the store safe to
        // hand to any task (a task-local value must be Sendable) and costs nothing next
        // to copying a layer's output.
        private let recorded = Mutex<(layers: [Record], attention: [AttentionTrace.Record])>(([], []))
        init(keepsAttention: Bool) { self.keepsAttention = keepsAttention }

        var records: [Record] { recorded.withLock { $0.layers } }
        var attention: [AttentionTrace.Record] { recorded.withLock { $0.attention } }
        func append(_ record: Record) { recorded.withLock { $0.layers.append(record) } }
        func append(_ record: AttentionTrace.Record) { recorded.withLock { $0.attention.append(record) } }
    }

    @TaskLocal static var store: Store?

    /// Runs `body` and returns what the layers recorded meanwhile.
    public static func collect<T>(_ body: () throws -> T) rethrows -> (result: T, records: [Record]) {
        let (result, store) = try traced(keepsAttention: false, body)
        return (result, store.records)
    }

    /// Runs `body` with a fresh store and returns it.
    static func traced<T>(keepsAttention: Bool, _ body: () throws -> T) rethrows -> (T, Store) {
        let store = Store(keepsAttention: keepsAttention)
        let result = try $store.withValue(store) { try body() }
        return (result, store)
    }

    /// Called by layers (and by models whose forward pass applies its nonlinearities
    /// itself); a no-op outside `collect`: nothing is copied unless a trace collects.
    package static func record(_ module: Module, role: String, kind: ActivationKind? = nil, _ tensor: Tensor) {
        guard let store else { return }
        store.append(Record(module: ObjectIdentifier(module), role: role, kind: kind, shape: tensor.shape, values: tensor.values))
    }
}
