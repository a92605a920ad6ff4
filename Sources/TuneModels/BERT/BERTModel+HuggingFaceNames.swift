/// The one translation between this model's parameter keys and the tensor names of
/// Hugging Face BERT checkpoints, used both to load and to save.
///
///     ours                                 checkpoint
///     embeddings.word.weight               embeddings.word_embeddings.weight
///     embeddings.norm.bias                 embeddings.LayerNorm.bias
///     layers.3.attention.query.weight      encoder.layer.3.attention.self.query.weight
///     layers.3.attentionNorm.weight        encoder.layer.3.attention.output.LayerNorm.weight
///     layers.3.mlp.hidden.weight           encoder.layer.3.intermediate.dense.weight
///     pooler.weight                        pooler.dense.weight
extension BERTModel {
    /// Module paths outside the blocks: (ours, checkpoint's).
    public static let embeddingAndPoolerNames: [(ours: String, checkpoint: String)] = [
        ("embeddings.word", "embeddings.word_embeddings"),
        ("embeddings.position", "embeddings.position_embeddings"),
        ("embeddings.tokenType", "embeddings.token_type_embeddings"),
        ("embeddings.norm", "embeddings.LayerNorm"),
        ("pooler", "pooler.dense"),
    ]

    /// Module paths inside block i: ours follow `layers.i.`, the checkpoint's `encoder.layer.i.`.
    public static let blockNames: [(ours: String, checkpoint: String)] = [
        ("attention.query", "attention.self.query"),
        ("attention.key", "attention.self.key"),
        ("attention.value", "attention.self.value"),
        ("attention.output", "attention.output.dense"),
        ("attentionNorm", "attention.output.LayerNorm"),
        ("mlp.hidden", "intermediate.dense"),
        ("mlp.output", "output.dense"),
        ("mlpNorm", "output.LayerNorm"),
    ]

    /// Checkpoint tensors that are not parameters and are skipped on load: BERT's
    /// position ids buffer (I64 [1, maximumPositions], always 0 ..< maximumPositions).
    public static let positionIDsName = "embeddings.position_ids"

    /// The checkpoint's name for one of our parameter keys ("layers.0.mlp.hidden.weight"
    /// → "encoder.layer.0.intermediate.dense.weight"); nil for a key outside the map.
    public static func checkpointName(forKey key: String) -> String? {
        translate(key, toCheckpoint: true)
    }

    /// Our parameter key for a checkpoint's tensor name; nil for a name outside the map.
    public static func key(forCheckpointName name: String) -> String? {
        translate(name, toCheckpoint: false)
    }

    /// Splits "path.to.module.weight" into module and leaf, swaps the module through
    /// the tables, and puts the leaf (weight or bias) back.
    private static func translate(_ name: String, toCheckpoint: Bool) -> String? {
        let blockPrefix = toCheckpoint ? (from: "layers.", to: "encoder.layer.") : (from: "encoder.layer.", to: "layers.")
        let source = { (pair: (ours: String, checkpoint: String)) in toCheckpoint ? pair.ours : pair.checkpoint }
        let target = { (pair: (ours: String, checkpoint: String)) in toCheckpoint ? pair.checkpoint : pair.ours }
        guard let dot = name.lastIndex(of: "."), ["weight", "bias"].contains(name[name.index(after: dot)...]) else {
            return nil
        }
        let module = String(name[..<dot]), leaf = String(name[dot...])
        if name.hasPrefix(blockPrefix.from) {
            // "<prefix><index>.<rest>"
            let afterPrefix = module.dropFirst(blockPrefix.from.count)
            guard let indexEnd = afterPrefix.firstIndex(of: "."),
                  let index = Int(afterPrefix[..<indexEnd]), index >= 0 else { return nil }
            let rest = String(afterPrefix[afterPrefix.index(after: indexEnd)...])
            guard let pair = blockNames.first(where: { source($0) == rest }) else { return nil }
            return blockPrefix.to + "\(index)." + target(pair) + leaf
        }
        guard let pair = embeddingAndPoolerNames.first(where: { source($0) == module }) else { return nil }
        return target(pair) + leaf
    }
}
