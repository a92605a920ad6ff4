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
        var weights = [Float](repeating: 0, count: batch * heads * time * time)
        var out = [Float](repeating: 0, count: query.count)

        query.values.withUnsafeBufferPointer { q in
        key.values.withUnsafeBufferPointer { k in
        value.values.withUnsafeBufferPointer { v in
        weights.withUnsafeMutableBufferPointer { p in
        out.withUnsafeMutableBufferPointer { o in
            // Batch entries are independent: split them across cores.
            Parallel.forEachChunk(batch, cost: heads * time * time * d) { entries in
            for b in entries {
                for h in 0..<heads {
                    let column = b * time * channels + h * d  // first element of this head's block
                    let pBase = p.baseAddress! + ((b * heads + h) * time * time)
                    // S = Q·Kᵀ · scale
                    BLAS.multiply(
                        transposeA: false, transposeB: true, m: time, n: time, k: d, alpha: scale,
                        a: q.baseAddress! + column, leadingA: channels,
                        b: k.baseAddress! + column, leadingB: channels,
                        c: pBase, leadingC: time)
                    for t in 0..<time {
                        let row = pBase + t * time
                        if mask.causal { for s in (t + 1)..<Swift.max(t + 1, time) { row[s] = -.infinity } }
                        if let padding = mask.keyPadding?[b] {
                            for s in 0..<time where padding[s] == 0 { row[s] = -.infinity }
                        }
                        Tensor.softmaxRow(row, time)
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
            var dQuery = [Float](repeating: 0, count: query.count)
            var dKey = [Float](repeating: 0, count: query.count)
            var dValue = [Float](repeating: 0, count: query.count)
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
                        for t in 0..<time {
                            var dot: Float = 0
                            for s in 0..<time { dot += dp[t * time + s] * pBase[t * time + s] }
                            for s in 0..<time { dp[t * time + s] = pBase[t * time + s] * (dp[t * time + s] - dot) * scale }
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
