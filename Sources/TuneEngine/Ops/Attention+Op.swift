import Foundation

/// Multi-head scaled dot-product attention as one op.
///
/// Inputs are [B, T, C] with C = heads · D: head h owns columns h·D ..< (h+1)·D.
/// BLAS reads that column block directly through its row stride (leading
/// dimension C), so the heads are never copied into a [B, H, T, D] layout.
///
/// For one batch entry and head:
///   S = Q·Kᵀ / √D            [T, T]  how much each query matches each key
///   S += mask                        −∞ for future positions (causal) or padding
///   P = softmax(S) per row   [T, T]  attention weights; each row sums to 1
///   O = P·V                  [T, D]
public struct AttentionMask {
    /// Position t may not look at positions after t (a language model).
    public var causal: Bool
    /// [B, T]: 1 for real tokens, 0 for padding keys that nobody may attend to.
    public var keyPadding: [[Int]]?

    public init(causal: Bool, keyPadding: [[Int]]? = nil) {
        self.causal = causal
        self.keyPadding = keyPadding
    }
}

public enum Attention {
    /// Returns the attended values [B, T, C] and, if `keepWeights`, the attention
    /// weights P as [B, H, T, T] for inspection (attention maps in the lab).
    public static func scaledDotProduct(
        query: Tensor, key: Tensor, value: Tensor, heads: Int, mask: AttentionMask,
        keepWeights: Bool = false
    ) throws -> (output: Tensor, weights: [Float]?) {
        guard query.rank == 3, key.shape == query.shape, value.shape == query.shape else {
            throw TensorError.shapeMismatch(operation: "attention", left: query.shape, right: key.shape, reason: "query, key and value must all be [B, T, C]")
        }
        let (batch, time, channels) = (query.shape[0], query.shape[1], query.shape[2])
        guard heads > 0, channels % heads == 0 else {
            throw TensorError.invalidArgument(operation: "attention", reason: "width \(channels) does not split into \(heads) heads")
        }
        if let padding = mask.keyPadding, padding.count != batch || padding.contains(where: { $0.count != time }) {
            throw TensorError.invalidArgument(operation: "attention", reason: "the padding mask must be [\(batch), \(time)]")
        }
        let d = channels / heads
        let scale = 1 / Float(d).squareRoot()
        // P for every (batch, head): [B, H, T, T], kept for the backward pass.
        // P is kept for every (batch, head) only when backward or the caller needs it;
        // otherwise each worker reuses one [T, T] scratch (inference at T = 256 would
        // otherwise hold B·H·T·T floats per layer).
        let needsGraph = GradientMode.isEnabled && (query.requiresGradient || key.requiresGradient || value.requiresGradient)
        let keepsAll = needsGraph || keepWeights
        // Both are written in full below (every head's block, every row), so they
        // start uninitialized rather than zero-filled.
        var weights = [Float](unsafeUninitializedCapacity: keepsAll ? batch * heads * time * time : 0) { $1 = $0.count }
        var out = [Float](unsafeUninitializedCapacity: query.count) { $1 = $0.count }

        query.values.withUnsafeBufferPointer { q in
        key.values.withUnsafeBufferPointer { k in
        value.values.withUnsafeBufferPointer { v in
        weights.withUnsafeMutableBufferPointer { p in
        out.withUnsafeMutableBufferPointer { o in
            // Batch entries are independent: split them across cores.
            Parallel.forEachChunk(batch, cost: heads * time * time * d) { entries in
            let scratch = keepsAll ? nil : UnsafeMutablePointer<Float>.allocate(capacity: time * time)
            defer { scratch?.deallocate() }
            for b in entries {
                for h in 0..<heads {
                    let column = b * time * channels + h * d  // first element of this head's block
                    let pBase = scratch ?? p.baseAddress! + ((b * heads + h) * time * time)
                    // S = Q·Kᵀ · scale
                    BLAS.multiply(
                        transposeA: false, transposeB: true, m: time, n: time, k: d, alpha: scale,
                        a: q.baseAddress! + column, leadingA: channels,
                        b: k.baseAddress! + column, leadingB: channels,
                        c: pBase, leadingC: time)
                    let padding = mask.keyPadding?[b]
                    for t in 0..<time {
                        let row = pBase + t * time
                        // A causal row t sees keys 0...t: softmax over those, zeros after.
                        let visible = mask.causal ? t + 1 : time
                        if let padding {
                            for s in 0..<visible where padding[s] == 0 { row[s] = -.infinity }
                        }
                        Tensor.softmaxRow(row, visible)
                        if visible < time { (row + visible).update(repeating: 0, count: time - visible) }
                    }
                    // O = P·V
                    BLAS.multiply(
                        transposeA: false, transposeB: false, m: time, n: d, k: time,
                        a: pBase, leadingA: time,
                        b: v.baseAddress! + column, leadingB: channels,
                        c: o.baseAddress! + column, leadingC: channels)
                }
            }
            }
        }}}}}

        let result = Tensor(unchecked: query.shape, values: out)
        result.recording("attention", parents: [query, key, value]) { g in
            // Written in full (beta 0, every head's block), so not zero-filled first.
            var dQuery = [Float](unsafeUninitializedCapacity: query.count) { $1 = $0.count }
            var dKey = [Float](unsafeUninitializedCapacity: query.count) { $1 = $0.count }
            var dValue = [Float](unsafeUninitializedCapacity: query.count) { $1 = $0.count }
            g.withUnsafeBufferPointer { dO in
            query.values.withUnsafeBufferPointer { q in
            key.values.withUnsafeBufferPointer { k in
            value.values.withUnsafeBufferPointer { v in
            weights.withUnsafeBufferPointer { p in
            dQuery.withUnsafeMutableBufferPointer { dq in
            dKey.withUnsafeMutableBufferPointer { dk in
            dValue.withUnsafeMutableBufferPointer { dv in
              Parallel.forEachChunk(batch, cost: heads * time * time * d * 2) { entries in
                // Scratch for one head's dP [T, T], one per chunk of batch entries.
                let dp = UnsafeMutableBufferPointer<Float>.allocate(capacity: time * time)
                defer { dp.deallocate() }
                for b in entries {
                    for h in 0..<heads {
                        let column = b * time * channels + h * d
                        let pBase = p.baseAddress! + ((b * heads + h) * time * time)
                        // dV = Pᵀ·dO
                        BLAS.multiply(
                            transposeA: true, transposeB: false, m: time, n: d, k: time,
                            a: pBase, leadingA: time, b: dO.baseAddress! + column, leadingB: channels,
                            c: dv.baseAddress! + column, leadingC: channels)
                        // dP = dO·Vᵀ
                        BLAS.multiply(
                            transposeA: false, transposeB: true, m: time, n: time, k: d,
                            a: dO.baseAddress! + column, leadingA: channels,
                            b: v.baseAddress! + column, leadingB: channels,
                            c: dp.baseAddress!, leadingC: time)
                        // dS = P ⊙ (dP − rowsum(dP ⊙ P)) · scale   (softmax backward, scaled)
                        // Past a causal row's last visible key P is 0, and so is dS.
                        for t in 0..<time {
                            let visible = mask.causal ? t + 1 : time
                            let dpRow = dp.baseAddress! + t * time, pRow = UnsafePointer(pBase + t * time)
                            let dot = VectorKernels.dot(dpRow, pRow, visible)
                            for s in 0..<visible { dpRow[s] = pRow[s] * (dpRow[s] - dot) * scale }
                            if visible < time { (dpRow + visible).update(repeating: 0, count: time - visible) }
                        }
                        // dQ = dS·K ; dK = dSᵀ·Q
                        BLAS.multiply(
                            transposeA: false, transposeB: false, m: time, n: d, k: time,
                            a: dp.baseAddress!, leadingA: time, b: k.baseAddress! + column, leadingB: channels,
                            c: dq.baseAddress! + column, leadingC: channels)
                        BLAS.multiply(
                            transposeA: true, transposeB: false, m: time, n: d, k: time,
                            a: dp.baseAddress!, leadingA: time, b: q.baseAddress! + column, leadingB: channels,
                            c: dk.baseAddress! + column, leadingC: channels)
                    }
                }
              }
            }}}}}}}}
            query.accumulateGradient(dQuery)
            key.accumulateGradient(dKey)
            value.accumulateGradient(dValue)
        }
        return (result, keepWeights ? weights : nil)
    }
}
