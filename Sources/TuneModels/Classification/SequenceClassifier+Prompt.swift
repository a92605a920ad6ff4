import TuneEngine
import TuneText

// MARK: - A head that starts as the language model's own verdict

extension SequenceClassifier {
    /// Sets the head so that, before any training, the classifier answers exactly as
    /// prompting the language model does: row i of the head becomes the output
    /// embedding of label i's verbalizer (its first token), the bias zero.
    ///
    /// The trunk's final hidden state h at the last token of "{text} Overall, it was"
    /// is what the language model turns into next-token scores, score(w) = e_w · h
    /// (+ the output bias, if the head is untied). A classifier head whose rows are
    /// e_good and e_bad therefore computes the same two scores: fine-tuning starts
    /// from zero-shot prompting instead of from a random guess.
    ///
    /// Needs a `prompt` and `.lastToken` pooling (the verdict is predicted at the
    /// last token); throws otherwise, or when a verbalizer encodes to nothing.
    public func initializeHeadFromVerbalizers(tokenizer: any Tokenizer) throws {
        guard let prompt else {
            throw TrainingError.invalidOption(name: "prompt", value: "none", accepts: "a prompt template to start the head from its verbalizers")
        }
        guard pooling == .lastToken else {
            throw TrainingError.invalidOption(
                name: "pooling", value: pooling.rawValue, accepts: "last (the verdict is predicted at the prompt's last token)")
        }
        let width = trunk.configuration.width
        // The output embedding: the untied head's weight, or the tied token embedding. // [vocabulary, C]
        let output = trunk.head?.weight ?? trunk.tokenEmbedding.weight
        var rows: [Float] = []  // [classes, C]
        var biases: [Float] = []  // [classes]
        for label in labels {
            let word = prompt.verbalizers[label] ?? ""
            guard let token = try tokenizer.encode(word).first else {
                throw TrainingError.invalidOption(name: "verbalizer", value: "\"\(word)\" for \(label)", accepts: "a word the tokenizer encodes")
            }
            rows += output.values[(token * width)..<((token + 1) * width)]
            biases.append(trunk.head?.bias?.values[token] ?? 0)
        }
        head.weight.values = rows
        head.bias?.values = biases
    }
}
