import Foundation
import TuneText

/// Classification without training: each class is described in words ("a positive
/// review, praise"), and a text gets the class whose description's embedding is the
/// most similar (cosine) to its own.
///
///     text ─ encoder ─ e [C]      prompt_k ─ encoder ─ p_k [C]
///     class = argmax_k cos(e, p_k)
public struct ZeroShotClassifier: Sendable {
    /// The class names, in class order.
    public let labels: [String]
    /// One description per class, in the same order (editable: the words matter).
    public let prompts: [String]
    /// The prompts' embeddings, [K, C].
    public let promptEmbeddings: SentenceEmbeddings

    /// The default descriptions for the project's sentiment labels.
    public static let sentimentPrompts: [String: String] = [
        "positive": "a positive review, praise",
        "negative": "a negative review, a complaint",
    ]

    /// Embeds `prompts[i]` as the description of `labels[i]`.
    public init(labels: [String], prompts: [String], encoder: SentenceEncoder) throws {
        guard !labels.isEmpty, labels.count == prompts.count else {
            throw PretrainedTaskError.invalidArgument(
                name: "prompts", value: "\(prompts.count) prompts for \(labels.count) labels", accepts: "one prompt per label")
        }
        if let empty = prompts.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            throw PretrainedTaskError.invalidArgument(
                name: "prompt for \(labels[empty])", value: "empty", accepts: "a few words describing the class")
        }
        try self.init(labels: labels, prompts: prompts, promptEmbeddings: SentenceEmbeddings(texts: prompts, encoder: encoder))
    }

    /// Uses prompt embeddings computed elsewhere (one row per label).
    public init(labels: [String], prompts: [String], promptEmbeddings: SentenceEmbeddings) throws {
        guard promptEmbeddings.count == labels.count, labels.count == prompts.count else {
            throw PretrainedTaskError.invalidArgument(
                name: "promptEmbeddings", value: "\(promptEmbeddings.count) rows for \(labels.count) labels", accepts: "one row per label")
        }
        self.labels = labels
        self.prompts = prompts
        self.promptEmbeddings = promptEmbeddings
    }

    /// The default prompts for `labels` (`sentimentPrompts`, else "a text about LABEL").
    public static func defaultPrompts(for labels: [String]) -> [String] {
        labels.map { sentimentPrompts[$0] ?? "a text about \($0)" }
    }

    /// The predicted class of each embedded text and its similarity to every prompt.
    public func classify(_ embeddings: SentenceEmbeddings) -> (predictions: [Int], similarities: [[Float]]) {
        let (choices, similarities) = embeddings.nearest(among: promptEmbeddings)
        return (choices, similarities)
    }

    /// Accuracy and confusion matrix on `dataset`, whose texts are embedded as `embeddings`
    /// (row i for example i).
    public func evaluate(_ embeddings: SentenceEmbeddings, on dataset: LabelledDataset) throws -> ClassificationMetrics {
        let truths = try PretrainedTaskError.classIndices(of: dataset, in: labels)
        return try ClassificationMetrics(labels: labels, truths: truths, predictions: classify(embeddings).predictions)
    }
}
