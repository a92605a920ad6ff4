import TuneEngine

/// Where one sentence's tokens look: the attention weights of one head in one layer.
public struct AttentionMap: Sendable {
    /// The WordPiece tokens, `[CLS]` … `[SEP]`.
    public let tokens: [String]
    public let layer: Int
    public let head: Int
    /// weights[i][j]: how much token i attends to token j; each row sums to 1.  // [T, T]
    public let weights: [[Float]]
    /// Every head's map in this layer, [H][T][T] (for an average or another head).
    public let allHeads: [[[Float]]]

    /// The mean over heads, [T][T].
    public var headMean: [[Float]] {
        let count = Float(allHeads.count)
        return weights.indices.map { row in
            weights[row].indices.map { column in allHeads.reduce(0) { $0 + $1[row][column] } / count }
        }
    }
}

extension SentenceEncoder {
    /// The attention weights of `text` in block `layer` (0-based), head `head`, computed
    /// in one pass without gradients.
    public func attentionMap(of text: String, layer: Int, head: Int) throws -> AttentionMap {
        let layers = model.layers.count, heads = model.configuration.headCount
        guard (0..<layers).contains(layer) else {
            throw PretrainedTaskError.invalidArgument(name: "layer", value: "\(layer)", accepts: "a block index from 0 to \(layers - 1)")
        }
        guard (0..<heads).contains(head) else {
            throw PretrainedTaskError.invalidArgument(name: "head", value: "\(head)", accepts: "a head index from 0 to \(heads - 1)")
        }
        let ids = tokenIDs(text)
        let attention = model.layers[layer].attention
        attention.keepsWeights = true
        defer { attention.keepsWeights = false }
        _ = try GradientMode.withoutGradients {
            try model.encode(ids: [ids], attentionMask: [[Int](repeating: 1, count: ids.count)])
        }
        guard let flat = attention.lastWeights else {
            throw PretrainedTaskError.invalidArgument(name: "layer", value: "\(layer)", accepts: "a layer that records its attention")
        }
        let time = ids.count
        // flat is [1, H, T, T]
        let all = (0..<heads).map { h in
            (0..<time).map { i in Array(flat[((h * time + i) * time)..<((h * time + i + 1) * time)]) }
        }
        return AttentionMap(
            tokens: ids.map { tokenizer.token(for: $0) ?? "?" }, layer: layer, head: head, weights: all[head], allHeads: all)
    }
}
