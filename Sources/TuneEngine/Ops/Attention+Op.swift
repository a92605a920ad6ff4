import Foundation

/// Multi-head scaled dot-product attention as one op.
///
/// The reference form, `Attention.reference` (Attention+Reference.swift), computes
/// the same with ordinary tensor ops and shape comments; read it first.
///
/// Inputs are [B, T, C] with C = heads · D: head h owns columns h·D ..< (h+1)·D.
/// The products read that column block directly through its row stride (C), so
/// the heads are never copied into a [B, H, T, D] layout. They are small (T × D
/// and T × T per head), so they run on `SmallMatrix`, not BLAS.
/// Q, K and V may also come side by side in one [B, T, 3C] tensor (the output of
/// one fused projection); the row stride is then 3C and nothing else changes.
///
/// For one batch entry and head:
///   S = Q·Kᵀ / √D            [T, T]  how much each query matches each key
///   S += mask                        −∞ for future positions (causal) or padding
///   P = softmax(S) per row   [T, T]  attention weights; each row sums to 1
///   O = P·V                  [T, D]
public struct AttentionMask: Sendable {
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
        let shape = try Shape(query.shape, heads: heads, mask: mask)
        let needsGraph = GradientMode.isEnabled && (query.requiresGradient || key.requiresGradient || value.requiresGradient)
        let (out, weights) = withBuffers(query.values, key.values, value.values) { q, k, v in
            forward(Layout(query: q.baseAddress, key: k.baseAddress, value: v.baseAddress, rowStride: shape.channels),
                    shape, mask: mask, keepsAll: needsGraph || keepWeights)
        }
        let result = Tensor(unchecked: query.shape, values: out)
        result.recording("attention", parents: [query, key, value]) { g in
            // Three separate gradients (query, key and value may even be one tensor),
            // each written in full by beta-0 products, then accumulated.
            var dQuery = [Float](unsafeUninitializedCapacity: query.count) { $1 = $0.count }
            var dKey = [Float](unsafeUninitializedCapacity: query.count) { $1 = $0.count }
            var dValue = [Float](unsafeUninitializedCapacity: query.count) { $1 = $0.count }
            withBuffers(query.values, key.values, value.values,
                        writing: &dQuery, &dKey, &dValue) { q, k, v, dq, dk, dv in
                backward(
                    g, weights: weights,
                    Layout(query: q.baseAddress, key: k.baseAddress, value: v.baseAddress, rowStride: shape.channels),
                    into: GradientLayout(query: dq.baseAddress, key: dk.baseAddress, value: dv.baseAddress,
                                         rowStride: shape.channels, beta: 0),
                    shape, mask: mask)
            }
            query.accumulateGradient(dQuery)
            key.accumulateGradient(dKey)
            value.accumulateGradient(dValue)
        }
        return (result, keepWeights ? weights : nil)
    }

    /// Attention over Q, K and V packed side by side in `projected` [B, T, 3C]
    /// (columns 0..<C are Q, C..<2C are K, 2C..<3C are V), as one fused projection
    /// of the input makes them. Returns [B, T, C] and, if `keepWeights`, P.
    /// The gradient comes back as one [B, T, 3C] tensor, written straight into place.
    public static func scaledDotProduct(
        packed projected: Tensor, heads: Int, mask: AttentionMask, keepWeights: Bool = false
    ) throws -> (output: Tensor, weights: [Float]?) {
        guard projected.rank == 3, projected.shape[2] % 3 == 0 else {
            throw TensorError.shapeMismatch(operation: "attention (packed)", left: projected.shape, right: [], reason: "the packed input must be [B, T, 3·C]: query, key and value side by side")
        }
        let channels = projected.shape[2] / 3
        let shape = try Shape([projected.shape[0], projected.shape[1], channels], heads: heads, mask: mask)
        let needsGraph = GradientMode.isEnabled && projected.requiresGradient
        func layout(_ x: UnsafeBufferPointer<Float>) -> Layout {
            Layout(query: x.baseAddress, key: x.baseAddress.map { $0 + channels },
                   value: x.baseAddress.map { $0 + 2 * channels }, rowStride: 3 * channels)
        }
        let (out, weights) = projected.values.withUnsafeBufferPointer { x in
            forward(layout(x), shape, mask: mask, keepsAll: needsGraph || keepWeights)
        }
        let result = Tensor(unchecked: [shape.batch, shape.time, channels], values: out)
        result.recording("attention", parents: [projected]) { g in
            projected.values.withUnsafeBufferPointer { x in
                projected.accumulateGradient(overwritingIfFresh: { d, isFresh in
                    let base = d.baseAddress
                    backward(
                        g, weights: weights, layout(x),
                        into: GradientLayout(query: base, key: base.map { $0 + channels },
                                             value: base.map { $0 + 2 * channels },
                                             rowStride: 3 * channels, beta: isFresh ? 0 : 1),
                        shape, mask: mask)
                })
            }
        }
        return (result, keepWeights ? weights : nil)
    }

    // MARK: - The computation, on raw pointers

    /// The sizes of one attention call, checked.
    struct Shape {
        let batch, time, channels, heads: Int
        var headSize: Int { channels / heads }

        init(_ shape: [Int], heads: Int, mask: AttentionMask) throws {
            (batch, time, channels) = (shape[0], shape[1], shape[2])
            self.heads = heads
            guard heads > 0, channels % heads == 0 else {
                throw TensorError.invalidArgument(operation: "attention", reason: "width \(channels) does not split into \(heads) heads")
            }
            if let padding = mask.keyPadding, padding.count != batch || padding.contains(where: { $0.count != time }) {
                throw TensorError.invalidArgument(operation: "attention", reason: "the padding mask must be [\(batch), \(time)]")
            }
        }
    }

    /// Where Q, K and V start (their first row, head 0) and the distance between rows.
    struct Layout {
        let query, key, value: UnsafePointer<Float>?
        let rowStride: Int
    }

    /// Where dQ, dK and dV go; beta 0 writes them, beta 1 adds into them.
    struct GradientLayout {
        let query, key, value: UnsafeMutablePointer<Float>?
        let rowStride: Int
        let beta: Float
    }

    /// A block of rows of S = Q·Kᵀ, with the keys its queries can see.
    ///
    /// Causal attention gives row t a zero weight for every key after t, so those
    /// products are wasted work. Splitting the T rows into blocks of 16 lets each
    /// block stop at its own last row: with T = 64, rows 0–15 use keys 0–15 only,
    /// rows 16–31 keys 0–31, and so on, so 3/8 of every attention product is
    /// skipped. The same block, read as a block of *keys*, is seen only by queries
    /// from its first row on, which trims dV = Pᵀ·dO and dK = dSᵀ·Q by as much.
    struct Block {
        /// The query rows (or, read the other way, the keys) of this block.
        let rows: Range<Int>
        /// Keys 0..<keys are visible to some row of this block.
        let keys: Int
        /// The first query that sees any key of this block.
        var firstQuery: Int { rows.lowerBound }

        static let rowsPerBlock = 16

        /// One block of all T rows without a causal mask; blocks of 16 rows with one.
        static func split(time: Int, causal: Bool) -> [Block] {
            guard causal, time > rowsPerBlock else { return [Block(rows: 0..<time, keys: time)] }
            return stride(from: 0, to: time, by: rowsPerBlock).map { start in
                let end = Swift.min(start + rowsPerBlock, time)
                return Block(rows: start..<end, keys: end)
            }
        }
    }

    /// The three shapes of product in attention, for one head, block by block.
    ///
    /// Every [T, T] matrix here (S, P, dP, dS) is row-major with row stride T; every
    /// [T, D] matrix is one head's column block of a wider tensor, with its own row
    /// stride. One `HeadProducts` per worker: it owns the scratch for a transpose.
    struct HeadProducts {
        let blocks: [Block]
        let time: Int, headSize: Int
        /// Yᵀ [D, T] for `rowsTimesTransposed`.
        let transposed: UnsafeMutablePointer<Float>

        init(time: Int, headSize: Int, causal: Bool) {
            (self.time, self.headSize) = (time, headSize)
            blocks = Block.split(time: time, causal: causal)
            transposed = .allocate(capacity: headSize * time)
        }

        func deallocate() { transposed.deallocate() }

        /// S[T, T] = alpha · A[T, D] · Y[T, D]ᵀ, each block of query rows against the keys
        /// it sees (S = Q·Kᵀ, dP = dO·Vᵀ). Entries past a block's keys are left as they were.
        func rowsTimesTransposed(
            _ a: UnsafePointer<Float>, leadingA: Int, _ y: UnsafePointer<Float>, leadingY: Int,
            alpha: Float = 1, into s: UnsafeMutablePointer<Float>
        ) {
            SmallMatrix.transpose(y, rows: time, columns: headSize, leadingX: leadingY, into: transposed)
            for block in blocks {
                SmallMatrix.multiply(
                    m: block.rows.count, n: block.keys, k: headSize, alpha: alpha,
                    a: a + block.rows.lowerBound * leadingA, rowStrideA: leadingA, columnStrideA: 1,
                    b: transposed, leadingB: time,
                    c: s + block.rows.lowerBound * time, leadingC: time)
            }
        }

        /// C[T, D] (+)= W[T, T] · X[T, D], each block of rows over the keys it sees
        /// (O = P·V, dQ = dS·K). `beta` 0 writes C, 1 adds into it.
        func weightsTimes(
            _ w: UnsafePointer<Float>, _ x: UnsafePointer<Float>, leadingX: Int,
            into c: UnsafeMutablePointer<Float>, leadingC: Int, beta: Float = 0
        ) {
            for block in blocks {
                SmallMatrix.multiply(
                    m: block.rows.count, n: headSize, k: block.keys,
                    a: w + block.rows.lowerBound * time, rowStrideA: time, columnStrideA: 1,
                    b: x, leadingB: leadingX,
                    beta: beta, c: c + block.rows.lowerBound * leadingC, leadingC: leadingC)
            }
        }

        /// C[T, D] (+)= W[T, T]ᵀ · X[T, D], each block of keys over the queries that see it
        /// (dV = Pᵀ·dO, dK = dSᵀ·Q). `beta` 0 writes C, 1 adds into it.
        func transposedWeightsTimes(
            _ w: UnsafePointer<Float>, _ x: UnsafePointer<Float>, leadingX: Int,
            into c: UnsafeMutablePointer<Float>, leadingC: Int, beta: Float
        ) {
            for block in blocks {
                let first = block.firstQuery, keys = block.rows
                SmallMatrix.multiply(
                    m: keys.count, n: headSize, k: time - first,
                    a: w + first * time + keys.lowerBound, rowStrideA: 1, columnStrideA: time,
                    b: x + first * leadingX, leadingB: leadingX,
                    beta: beta, c: c + keys.lowerBound * leadingC, leadingC: leadingC)
            }
        }
    }

    /// The output O [B, T, C] and, when `keepsAll`, P for every (batch, head) as
    /// [B, H, T, T]. Without a graph, each worker reuses one [T, T] scratch for P
    /// (inference at T = 256 would otherwise hold B·H·T·T floats per layer).
    private static func forward(
        _ input: Layout, _ shape: Shape, mask: AttentionMask, keepsAll: Bool
    ) -> (out: [Float], weights: [Float]) {
        let (batch, time, channels, heads, d) = (shape.batch, shape.time, shape.channels, shape.heads, shape.headSize)
        let scale = 1 / Float(d).squareRoot()
        // Both are written in full below (every head's block, every row), so they
        // start uninitialized rather than zero-filled.
        // Not made with capacity 0 when not kept: see `layerNormalized` (the shared empty storage).
        var weights: [Float] = keepsAll ? [Float](unsafeUninitializedCapacity: batch * heads * time * time) { $1 = $0.count } : []
        var out = [Float](unsafeUninitializedCapacity: batch * time * channels) { $1 = $0.count }
        guard batch * time * channels > 0 else { return (out, weights) }
        let (q, k, v, stride) = (input.query!, input.key!, input.value!, input.rowStride)
        withBuffers(writing: &weights, &out) { p, o in
            // Batch entries are independent: split them across cores.
            Parallel.forEachChunk(batch, cost: heads * time * time * d) { entries in
                let scratch = keepsAll ? nil : UnsafeMutablePointer<Float>.allocate(capacity: time * time)
                let products = HeadProducts(time: time, headSize: d, causal: mask.causal)
                defer { scratch?.deallocate(); products.deallocate() }
                for b in entries {
                    let padding = mask.keyPadding?[b]
                    for h in 0..<heads {
                        let row0 = b * time * stride + h * d  // this head's block in Q, K, V
                        let pBase = scratch ?? p.baseAddress! + ((b * heads + h) * time * time)
                        // S = Q·Kᵀ · scale   [T, T]
                        products.rowsTimesTransposed(q + row0, leadingA: stride, k + row0, leadingY: stride,
                                                     alpha: scale, into: pBase)
                        for t in 0..<time {
                            let row = pBase + t * time
                            // A causal row t sees keys 0...t: softmax over those, zeros after.
                            let visible = mask.causal ? t + 1 : time
                            if let padding {
                                for s in 0..<visible where padding[s] == 0 { row[s] = -.infinity }
                            }
                            VectorKernels.softmaxRow(row, visible)
                            if visible < time { (row + visible).update(repeating: 0, count: time - visible) }
                        }
                        // O = P·V   [T, D], into this head's columns of [B, T, C]
                        products.weightsTimes(pBase, v + row0, leadingX: stride,
                                              into: o.baseAddress! + b * time * channels + h * d, leadingC: channels)
                    }
                }
            }
        }
        return (out, weights)
    }

    /// Pushes dO [B, T, C] back through attention into dQ, dK, dV.
    private static func backward(
        _ gradient: [Float], weights: [Float], _ input: Layout, into output: GradientLayout,
        _ shape: Shape, mask: AttentionMask
    ) {
        let (batch, time, channels, heads, d) = (shape.batch, shape.time, shape.channels, shape.heads, shape.headSize)
        guard batch * time * channels > 0 else { return }
        let scale = 1 / Float(d).squareRoot()
        let (q, k, v, stride) = (input.query!, input.key!, input.value!, input.rowStride)
        let (dq, dk, dv, dStride, beta) = (output.query!, output.key!, output.value!, output.rowStride, output.beta)
        withBuffers(gradient, weights) { dO, p in
            Parallel.forEachChunk(batch, cost: heads * time * time * d * 2) { entries in
                // Scratch for one head's dP [T, T], one per chunk of batch entries.
                let dp = UnsafeMutablePointer<Float>.allocate(capacity: time * time)
                let products = HeadProducts(time: time, headSize: d, causal: mask.causal)
                defer { dp.deallocate(); products.deallocate() }
                for b in entries {
                    for h in 0..<heads {
                        let row0 = b * time * stride + h * d, dRow0 = b * time * dStride + h * d
                        let outRow0 = b * time * channels + h * d
                        let pBase = p.baseAddress! + ((b * heads + h) * time * time)
                        // dV = Pᵀ·dO ; dP = dO·Vᵀ
                        products.transposedWeightsTimes(pBase, dO.baseAddress! + outRow0, leadingX: channels,
                                                        into: dv + dRow0, leadingC: dStride, beta: beta)
                        products.rowsTimesTransposed(dO.baseAddress! + outRow0, leadingA: channels, v + row0,
                                                     leadingY: stride, into: dp)
                        // dS = P ⊙ (dP − rowsum(dP ⊙ P)) · scale   (softmax backward, scaled).
                        // Past a causal row's last visible key P is 0, and so is dS.
                        for t in 0..<time {
                            let visible = mask.causal ? t + 1 : time
                            let dpRow = dp + t * time, pRow = pBase + t * time
                            let dot = VectorKernels.dot(dpRow, pRow, visible)
                            for s in 0..<visible { dpRow[s] = pRow[s] * (dpRow[s] - dot) * scale }
                            if visible < time { (dpRow + visible).update(repeating: 0, count: time - visible) }
                        }
                        // dQ = dS·K ; dK = dSᵀ·Q
                        products.weightsTimes(dp, k + row0, leadingX: stride,
                                              into: dq + dRow0, leadingC: dStride, beta: beta)
                        products.transposedWeightsTimes(dp, q + row0, leadingX: stride,
                                                        into: dk + dRow0, leadingC: dStride, beta: beta)
                    }
                }
            }
        }
    }
}
