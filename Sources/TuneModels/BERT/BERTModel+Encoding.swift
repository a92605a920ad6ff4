import TuneEngine

/// Running the encoder: hidden states per token, and sentence embeddings.
extension BERTModel {
    /// The last block's output for every token: ids and attentionMask [B, T] → [B, T, C].
    ///
    /// `attentionMask` marks real tokens 1 and padding 0; no token attends to padding.
    /// `tokenTypeIDs` (segments) default to 0. Records the graph when gradients are on
    /// (fine-tuning); wrap in `GradientMode.withoutGradients` for inference.
    public func encode(ids: [[Int]], attentionMask: [[Int]], tokenTypeIDs: [[Int]]? = nil) throws -> Tensor {
        let (batch, time) = try checkBatch(ids: ids, attentionMask: attentionMask, tokenTypeIDs: tokenTypeIDs)
        let types = tokenTypeIDs?.flatMap { $0 } ?? [Int](repeating: 0, count: batch * time)
        var hidden = try embeddings(ids: ids.flatMap { $0 }, tokenTypes: types, batch: batch, time: time)  // [B, T, C]
        for layer in layers {
            hidden = try layer(hidden, keyPadding: attentionMask)  // [B, T, C]
        }
        return hidden
    }

    /// One unit-length vector per text: [B, C]. Runs without gradients, `batchSize`
    /// rows at a time; in each chunk, columns that are padding in every row are dropped
    /// first (the result does not change: nobody attends to padding).
    public func sentenceEmbeddings(
        ids: [[Int]], attentionMask: [[Int]], tokenTypeIDs: [[Int]]? = nil, batchSize: Int = 32
    ) throws -> Tensor {
        guard batchSize > 0 else {
            throw BERTInputError(argument: "batchSize", reason: "is \(batchSize); it must be at least 1")
        }
        _ = try checkBatch(ids: ids, attentionMask: attentionMask, tokenTypeIDs: tokenTypeIDs)
        var rows: [Float] = []
        rows.reserveCapacity(ids.count * hiddenSize)
        try GradientMode.withoutGradients {
            for start in stride(from: 0, to: ids.count, by: batchSize) {
                let range = start..<Swift.min(start + batchSize, ids.count)
                let mask = Array(attentionMask[range])
                // The last column that is a real token in some row of this chunk.
                let used = (mask.map { ($0.lastIndex(of: 1) ?? 0) + 1 }.max() ?? 1)
                let hidden = try encode(
                    ids: ids[range].map { Array($0.prefix(used)) },
                    attentionMask: mask.map { Array($0.prefix(used)) },
                    tokenTypeIDs: tokenTypeIDs.map { types in types[range].map { Array($0.prefix(used)) } })
                let pooled = try Self.meanPooled(hidden, attentionMask: mask.map { Array($0.prefix(used)) })
                try rows.append(contentsOf: Self.normalized(pooled).values)
            }
        }
        return try Tensor(shape: [ids.count, hiddenSize], values: rows)
    }

    /// Sentence embeddings of unpadded id sequences (each `[CLS] … [SEP]`), padded
    /// here chunk by chunk to the chunk's longest sequence. [N] sequences → [N, C].
    public func sentenceEmbeddings(sequences: [[Int]], batchSize: Int = 32) throws -> Tensor {
        guard batchSize > 0 else {
            throw BERTInputError(argument: "batchSize", reason: "is \(batchSize); it must be at least 1")
        }
        var rows: [Float] = []
        rows.reserveCapacity(sequences.count * hiddenSize)
        for start in stride(from: 0, to: sequences.count, by: batchSize) {
            let chunk = sequences[start..<Swift.min(start + batchSize, sequences.count)]
            let longest = chunk.map(\.count).max() ?? 0
            let ids = chunk.map { $0 + [Int](repeating: 0, count: longest - $0.count) }
            let mask = chunk.map { [Int](repeating: 1, count: $0.count) + [Int](repeating: 0, count: longest - $0.count) }
            do {
                try rows.append(contentsOf: sentenceEmbeddings(ids: ids, attentionMask: mask, batchSize: batchSize).values)
            } catch let error as BERTInputError {
                // Name the sequence, not the row of an internal chunk.
                throw BERTInputError(argument: "sequences", reason: "in sequences \(start)..<\(start + chunk.count): \(error.reason)")
            }
        }
        return try Tensor(shape: [sequences.count, hiddenSize], values: rows)
    }

    // MARK: - Pooling

    /// The mean of the real tokens' vectors: hidden [B, T, C] with mask [B, T] → [B, C].
    /// Differentiable (usable while fine-tuning).
    public static func meanPooled(_ hidden: Tensor, attentionMask: [[Int]]) throws -> Tensor {
        guard hidden.rank == 3, attentionMask.count == hidden.shape[0],
              attentionMask.allSatisfy({ $0.count == hidden.shape[1] }) else {
            throw BERTInputError(
                argument: "attentionMask",
                reason: "must be [\(hidden.rank == 3 ? "\(hidden.shape[0]), \(hidden.shape[1])" : "B, T")] to pool hidden states of shape \(hidden.shape)")
        }
        let (batch, time) = (hidden.shape[0], hidden.shape[1])
        let flags = attentionMask.flatMap { $0.map { Float($0 != 0 ? 1 : 0) } }
        let weights = try Tensor(shape: [batch, time, 1], values: flags)  // [B, T, 1]
        let summed = try (hidden * weights).sum(axis: 1)  // [B, C]
        // At least one real token per row, as sentence-transformers clamps (to 1e-9).
        let counts = attentionMask.map { row in Swift.max(Float(row.filter { $0 != 0 }.count), 1e-9) }
        return try summed / Tensor(shape: [batch, 1], values: counts)  // [B, C]
    }

    /// Each row divided by its Euclidean length (at least 1e-12): [B, C] → [B, C].
    /// Differentiable. After this, a dot product of two rows is their cosine.
    public static func normalized(_ rows: Tensor) throws -> Tensor {
        guard rows.rank == 2 else {
            throw TensorError.wrongRank(operation: "normalized", shape: rows.shape, expected: "[B, C]")
        }
        let lengths = try (rows * rows).sum(axis: 1, keepingAxis: true).sqrt()  // [B, 1]
        return try rows / lengths.clamped(min: 1e-12, max: .greatestFiniteMagnitude)
    }

    // MARK: - Checking a batch

    /// Checks shapes and values of a batch; returns (B, T).
    func checkBatch(ids: [[Int]], attentionMask: [[Int]], tokenTypeIDs: [[Int]]?) throws -> (Int, Int) {
        guard let first = ids.first else {
            throw BERTInputError(argument: "ids", reason: "is empty; give at least one sequence")
        }
        let time = first.count
        guard time > 0 else { throw BERTInputError(argument: "ids", reason: "row 0 is empty; every row needs at least one token") }
        guard time <= configuration.maximumPositions else {
            throw BERTInputError(
                argument: "ids",
                reason: "rows have \(time) tokens, more than the model's \(configuration.maximumPositions) positions; truncate them")
        }
        let vocabulary = configuration.vocabularySize
        for (row, sequence) in ids.enumerated() {
            guard sequence.count == time else {
                throw BERTInputError(argument: "ids", reason: "row \(row) has \(sequence.count) ids, row 0 has \(time); pad every row to one length")
            }
            if let column = sequence.firstIndex(where: { $0 < 0 || $0 >= vocabulary }) {
                throw BERTInputError(argument: "ids", reason: "row \(row), position \(column): id \(sequence[column]) is outside the vocabulary 0..<\(vocabulary)")
            }
        }
        guard attentionMask.count == ids.count else {
            throw BERTInputError(argument: "attentionMask", reason: "has \(attentionMask.count) rows, ids has \(ids.count)")
        }
        for (row, mask) in attentionMask.enumerated() {
            guard mask.count == time else {
                throw BERTInputError(argument: "attentionMask", reason: "row \(row) has \(mask.count) entries, ids rows have \(time)")
            }
            if let column = mask.firstIndex(where: { $0 != 0 && $0 != 1 }) {
                throw BERTInputError(argument: "attentionMask", reason: "row \(row), position \(column) is \(mask[column]); entries must be 1 (token) or 0 (padding)")
            }
            guard mask.contains(1) else {
                throw BERTInputError(argument: "attentionMask", reason: "row \(row) has no real token (all 0); every row needs at least one 1")
            }
        }
        if let tokenTypeIDs {
            guard tokenTypeIDs.count == ids.count else {
                throw BERTInputError(argument: "tokenTypeIDs", reason: "has \(tokenTypeIDs.count) rows, ids has \(ids.count)")
            }
            for (row, types) in tokenTypeIDs.enumerated() {
                guard types.count == time else {
                    throw BERTInputError(argument: "tokenTypeIDs", reason: "row \(row) has \(types.count) entries, ids rows have \(time)")
                }
                if let column = types.firstIndex(where: { $0 < 0 || $0 >= configuration.tokenTypeCount }) {
                    throw BERTInputError(argument: "tokenTypeIDs", reason: "row \(row), position \(column) is \(types[column]); accepted: 0..<\(configuration.tokenTypeCount)")
                }
            }
        }
        return (ids.count, time)
    }
}
