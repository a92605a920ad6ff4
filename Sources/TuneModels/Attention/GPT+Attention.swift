import TuneEngine

extension GPT {
    /// The attention map of the sequence `ids` in block `layer` (0-based), head `head`,
    /// from one pass in evaluation mode without gradients; `tokens` label its rows.
    public func attentionMap(of ids: [Int], tokens: [String], layer: Int, head: Int) throws -> AttentionMap {
        guard blocks.indices.contains(layer), (0..<configuration.heads).contains(head), tokens.count == ids.count else {
            throw TensorError.invalidArgument(
                operation: "attention map",
                reason: "block \(layer) of \(blocks.count), head \(head) of \(configuration.heads), \(tokens.count) labels for \(ids.count) ids")
        }
        let wasTraining = isTraining
        evaluationMode()
        defer { if wasTraining { trainingMode() } }
        let attention = ObjectIdentifier(blocks[layer].attention)
        let traced = try AttentionTrace.collect {
            try GradientMode.withoutGradients { try hiddenStates(ids, batch: 1, time: ids.count) }
        }
        guard let record = traced.records.first(where: { $0.module == attention }) else {
            throw TensorError.invalidArgument(operation: "attention map", reason: "block \(layer) recorded no attention weights")
        }
        return AttentionMap(tokens: tokens, layer: layer, head: head, allHeads: AttentionMap.heads(of: record, time: ids.count))
    }
}
