/// Attention written with ordinary tensor ops, the way nanoGPT writes it. Read this
/// first: `Attention.scaledDotProduct` (Attention+Op.swift) computes the same thing
/// in one fused kernel, and a test holds the two together (values and gradients).
extension Attention {
    /// softmax(QKᵀ/√D + mask)·V for `query`, `key`, `value` [B, T, C], C = heads·D.
    /// Returns [B, T, C]. Slow (it materializes every intermediate), but plain.
    public static func reference(
        query: Tensor, key: Tensor, value: Tensor, heads: Int, mask: AttentionMask
    ) throws -> Tensor {
        guard query.rank == 3, key.shape == query.shape, value.shape == query.shape else {
            throw TensorError.shapeMismatch(operation: "attention", left: query.shape, right: key.shape, reason: "query, key and value must all be [B, T, C]")
        }
        let shape = try Shape(query.shape, heads: heads, mask: mask)
        let (b, t, c, d) = (shape.batch, shape.time, shape.channels, shape.headSize)
        // [B, T, C] → [B, T, H, D] → [B, H, T, D]: each head its own sequence of D-vectors.
        func splitHeads(_ x: Tensor) throws -> Tensor {
            try x.reshaped([b, t, heads, d]).permuted([0, 2, 1, 3])
        }
        let q = try splitHeads(query), k = try splitHeads(key), v = try splitHeads(value)
        let scores = try q.matmul(k, transposingOther: true) * (1 / Float(d).squareRoot())  // [B, H, T, T]
        let masked = try scores + mask.additive(batch: b, time: t)  // [B, 1, T, T] broadcast over heads
        let weights = try masked.softmax()  // [B, H, T, T], each row sums to 1
        let attended = try weights.matmul(v)  // [B, H, T, D]
        return try attended.permuted([0, 2, 1, 3]).reshaped([b, t, c])  // [B, T, H, D] → [B, T, C]
    }
}

extension AttentionMask {
    /// The mask as a tensor to add to the scores, [B, 1, T, T]: 0 where query t may
    /// look at key s, −∞ where it may not (a later position when causal, a padding key).
    public func additive(batch: Int, time: Int) -> Tensor {
        var values = [Float](repeating: 0, count: batch * time * time)
        for b in 0..<batch {
            for t in 0..<time {
                for s in 0..<time {
                    let future = causal && s > t
                    let padding = keyPadding.map { $0[b][s] == 0 } ?? false
                    if future || padding { values[(b * time + t) * time + s] = -.infinity }
                }
            }
        }
        return Tensor(unchecked: [batch, 1, time, time], values: values)
    }
}
