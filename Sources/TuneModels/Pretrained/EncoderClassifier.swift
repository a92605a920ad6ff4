import TuneEngine

/// A pre-trained BERT encoder with a classification head, for fine-tuning:
///
///     ids [B, T] ─ encoder ─ hidden [B, T, C] ─ mean over real tokens ─ [B, C] ─ head ─ logits [B, K]
///
/// Parameter keys are `encoder.…` (the BERT model's own keys) and `head.weight`/`head.bias`.
/// LoRA adapters attach to `encoder.layers.N.attention.query`/`.value`.
public final class EncoderClassifier: Module {
    public let encoder: BERTModel
    public let head: Linear  // [K, C]
    public let labels: [String]

    /// Wraps `encoder` (shared, not copied: training changes it) with a fresh head drawn from `seed`.
    public init(encoder: BERTModel, labels: [String], seed: UInt64) throws {
        guard labels.count >= 2 else {
            throw PretrainedTaskError.invalidArgument(name: "labels", value: "\(labels)", accepts: "at least two classes")
        }
        var generator = RandomGenerator(seed: seed)
        self.encoder = encoder
        head = Linear(encoder.hiddenSize, labels.count, generator: &generator)
        self.labels = labels
        super.init()
    }

    /// Pads unpadded id sequences (each `[CLS] … [SEP]`) to the longest: ids and mask [B, T].
    public static func padded(_ sequences: [[Int]], padID: Int = 0) -> (ids: [[Int]], mask: [[Int]]) {
        let longest = sequences.map(\.count).max() ?? 0
        let ids = sequences.map { $0 + [Int](repeating: padID, count: longest - $0.count) }
        let mask = sequences.map { [Int](repeating: 1, count: $0.count) + [Int](repeating: 0, count: longest - $0.count) }
        return (ids, mask)
    }

    /// The mean-pooled (not normalized) sentence vectors: [B, C]. Records the graph when
    /// gradients are on.
    public func pooled(_ sequences: [[Int]]) throws -> Tensor {
        let (ids, mask) = Self.padded(sequences)
        let hidden = try encoder.encode(ids: ids, attentionMask: mask)  // [B, T, C]
        return try BERTModel.meanPooled(hidden, attentionMask: mask)  // [B, C]
    }

    /// Class scores of each sequence: [B, K].
    public func logits(_ sequences: [[Int]]) throws -> Tensor {
        try head(pooled(sequences))
    }

    /// The mean cross-entropy of a batch.
    public func loss(_ sequences: [[Int]], classes: [Int]) throws -> Tensor {
        try Loss.crossEntropy(logits: logits(sequences), targets: classes)
    }

    /// The predicted class of each sequence, `batchSize` at a time, without gradients;
    /// sequences of similar length share a batch (results come back in the given order).
    public func predict(_ sequences: [[Int]], batchSize: Int = 32) throws -> [Int] {
        try scores(sequences, batchSize: batchSize).map { row in row.indices.max { row[$0] < row[$1] } ?? 0 }
    }

    /// Logits of each sequence, [N][K], without gradients and without dropout (evaluation
    /// mode; the mode is put back afterwards), batched by length.
    public func scores(_ sequences: [[Int]], batchSize: Int = 32) throws -> [[Float]] {
        let wasTraining = isTraining
        evaluationMode()
        defer { if wasTraining { trainingMode() } }
        let order = sequences.indices.sorted { sequences[$0].count != sequences[$1].count ? sequences[$0].count > sequences[$1].count : $0 < $1 }
        var result = [[Float]](repeating: [], count: sequences.count)
        let classCount = labels.count
        try GradientMode.withoutGradients {
            for start in stride(from: 0, to: order.count, by: max(1, batchSize)) {
                let chunk = Array(order[start..<min(start + max(1, batchSize), order.count)])
                let values = try logits(chunk.map { sequences[$0] }).values
                for (row, index) in chunk.enumerated() {
                    result[index] = Array(values[(row * classCount)..<((row + 1) * classCount)])
                }
            }
        }
        return result
    }
}
