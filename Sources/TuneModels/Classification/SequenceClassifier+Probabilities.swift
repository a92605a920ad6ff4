import TuneEngine
import TuneText

// MARK: - Class probabilities of plain texts

extension SequenceClassifier {
    /// The class probabilities of each text, in class order: [N][classes], each row
    /// summing to 1.
    ///
    /// Every text is wrapped in the classifier's prompt template first (when it has one),
    /// encoded with `tokenizer`, and scored `batchSize` texts per forward pass, in
    /// evaluation mode (no dropout) and without recording gradients. Throws when a text
    /// encodes to no tokens.
    public func probabilities(of texts: [String], tokenizer: any Tokenizer, batchSize: Int = 32) throws -> [[Float]] {
        let sequences = try texts.map { text in
            let ids = try tokenizer.encode(prompt?.prompt(for: text) ?? text)
            guard !ids.isEmpty else {
                throw TrainingError.invalidOption(name: "text", value: "\"\(text)\"", accepts: "at least one token")
            }
            return ids
        }
        let wasTraining = isTraining
        evaluationMode()
        defer { if wasTraining { trainingMode() } }
        var rows: [[Float]] = []
        rows.reserveCapacity(texts.count)
        try GradientMode.withoutGradients {
            var start = 0
            while start < sequences.count {
                let chunk = Array(sequences[start..<min(start + max(1, batchSize), sequences.count)])
                let values = try logits(chunk).softmax().values  // [chunk, classes]
                for row in chunk.indices {
                    rows.append(Array(values[(row * classCount)..<((row + 1) * classCount)]))
                }
                start += chunk.count
            }
        }
        return rows
    }
}
