/// Records the attention weights of every `MultiHeadAttention` during one forward
/// pass, so the lab can draw attention maps. It shares `ActivationTrace`'s channel
/// (one task-local store): nothing is kept unless a pass runs inside
/// `AttentionTrace.collect`, and the modules carry no inspection state.
public enum AttentionTrace {
    /// One attention layer's weights in the traced pass.
    public struct Record: Sendable {
        /// The `MultiHeadAttention` that produced them (compare with `ObjectIdentifier(layer)`).
        public let module: ObjectIdentifier
        public let heads: Int
        /// P = softmax(QKᵀ/√d + mask), [B, H, T, T] row-major.
        public let weights: [Float]
    }

    /// Runs `body` and returns the attention weights recorded meanwhile, in the order
    /// the pass visited the layers.
    public static func collect<T>(_ body: () throws -> T) rethrows -> (result: T, records: [Record]) {
        let (result, store) = try ActivationTrace.traced(keepsAttention: true, body)
        return (result, store.attention)
    }

    /// Whether a pass is being traced for attention (attention then keeps its weights).
    static var isCollecting: Bool { ActivationTrace.store?.keepsAttention ?? false }

    /// Called by `MultiHeadAttention`; a no-op outside `collect`.
    static func record(_ module: Module, heads: Int, _ weights: [Float]) {
        guard isCollecting else { return }
        ActivationTrace.store?.append(Record(module: ObjectIdentifier(module), heads: heads, weights: weights))
    }
}
