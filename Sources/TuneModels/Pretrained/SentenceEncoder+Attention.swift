import TuneEngine

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
        let attention = ObjectIdentifier(model.layers[layer].attention)
        let traced = try AttentionTrace.collect {
            try GradientMode.withoutGradients {
                try model.encode(ids: [ids], attentionMask: [[Int](repeating: 1, count: ids.count)])
            }
        }
        guard let record = traced.records.first(where: { $0.module == attention }) else {
            throw PretrainedTaskError.invalidArgument(name: "layer", value: "\(layer)", accepts: "a layer that records its attention")
        }
        let all = AttentionMap.heads(of: record, time: ids.count)
        return AttentionMap(tokens: ids.map { tokenizer.token(for: $0) ?? "?" }, layer: layer, head: head, allHeads: all)
    }
}
