import TuneEngine

/// A text classifier on a GPT trunk: the trunk's hidden states, pooled, go through a
/// linear head to one score (logit) per class.
///
///     ids [B, T] → trunk (embeddings, blocks, final norm)   [B, T, C]
///                → pooling over real tokens                  [B, C]
///                → head                                      [B, classes]
///
/// The trunk is the pre-trained language model itself (shared, not copied), or a
/// freshly initialized one of the same shape: the "from scratch" baseline.
///
/// With a `prompt`, every text is read inside the prompt's template ("{text} Overall,
/// it was"), so the last token's state is the one the language model learned to turn
/// into a verdict; see `SequenceClassifier+Prompt.swift`.
public final class SequenceClassifier: Module {
    public let trunk: GPT
    public let head: Linear  // [classes, C]
    public let pooling: Pooling
    /// The class names, in class order.
    public let labels: [String]
    /// The id that fills sequences up to the batch's length (ignored by pooling).
    public let paddingID: Int
    /// The template every text is wrapped in before it is encoded; nil: texts as they are.
    public let prompt: PromptTemplate?

    /// A head of `labels.count` classes on `trunk`, initialized from `seed`.
    public init(
        trunk: GPT, labels: [String], pooling: Pooling = .mean, paddingID: Int = 0, prompt: PromptTemplate? = nil, seed: UInt64
    ) throws {
        guard labels.count >= 2 else {
            throw TrainingError.invalidOption(name: "labels", value: "\(labels)", accepts: "at least two classes")
        }
        guard paddingID >= 0, paddingID < trunk.configuration.vocabularySize else {
            throw TrainingError.invalidOption(name: "paddingID", value: "\(paddingID)", accepts: "an id below the vocabulary size")
        }
        var generator = RandomGenerator(seed: seed)
        self.trunk = trunk
        // Small initial weights: the head starts close to "no preference".
        head = Linear(trunk.configuration.width, labels.count, generator: &generator)
        head.weight.values = Tensor.normal(head.weight.shape, standardDeviation: 0.02, using: &generator).values
        head.bias!.values = [Float](repeating: 0, count: labels.count)
        if let prompt { try prompt.validate(labels: labels) }
        self.pooling = pooling
        self.labels = labels
        self.paddingID = paddingID
        self.prompt = prompt
        super.init()
    }

    public var classCount: Int { labels.count }

    /// Right-pads `sequences` to the longest one, keeping at most the last
    /// `contextLength` tokens of each. Returns row-major ids [B, T] and real lengths.
    public func padded(_ sequences: [[Int]]) throws -> (ids: [Int], time: Int, lengths: [Int]) {
        let context = trunk.configuration.contextLength
        let clipped = sequences.map { Array($0.suffix(context)) }
        guard let time = clipped.map(\.count).max(), time >= 1, clipped.allSatisfy({ !$0.isEmpty }) else {
            throw TrainingError.invalidOption(name: "sequence", value: "empty", accepts: "at least one token per text")
        }
        var ids: [Int] = []
        ids.reserveCapacity(clipped.count * time)
        for sequence in clipped {
            ids += sequence
            ids += [Int](repeating: paddingID, count: time - sequence.count)
        }
        return (ids, time, clipped.map(\.count))
    }

    /// Class scores for a batch of token sequences. // [B, classes]
    public func logits(_ sequences: [[Int]]) throws -> Tensor {
        let (ids, time, lengths) = try padded(sequences)
        let hidden = try trunk.hiddenStates(ids, batch: sequences.count, time: time)  // [B, T, C]
        return try head(pooling.pool(hidden, lengths: lengths))  // [B, classes]
    }

    /// Mean cross-entropy against class indices.
    public func loss(_ sequences: [[Int]], labels targets: [Int]) throws -> Tensor {
        try Loss.crossEntropy(logits: logits(sequences), targets: targets)
    }

    /// The most likely class index of each sequence, in evaluation mode without gradients.
    public func predict(_ sequences: [[Int]], batchSize: Int = 32) throws -> [Int] {
        let wasTraining = isTraining
        evaluationMode()
        defer { if wasTraining { trainingMode() } }
        var predictions: [Int] = []
        try GradientMode.withoutGradients {
            var start = 0
            while start < sequences.count {
                let chunk = Array(sequences[start..<min(start + batchSize, sequences.count)])
                predictions += try logits(chunk).argmax(axis: -1)
                start += chunk.count
            }
        }
        return predictions
    }
}
