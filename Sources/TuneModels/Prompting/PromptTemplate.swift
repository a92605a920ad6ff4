/// How a labelled text becomes a prompt, and which words stand for the labels.
///
///     template   "{text} Overall, it was"
///     verbalizer positive → " good", negative → " bad"
///     prompt     "The soup arrived cold. Overall, it was"   → compare " good" with " bad"
public struct PromptTemplate: Sendable, Equatable, Codable {
    /// The prompt, with `{text}` where the text goes.
    public var template: String
    /// The words whose probability after the prompt decides each label, by label.
    public var verbalizers: [String: String]
    /// What follows a verbalizer in a worked example ("." closes the sentence).
    public var exampleEnding: String
    /// What separates worked examples from each other and from the query.
    public var separator: String

    public init(
        template: String = "{text} Overall, it was",
        verbalizers: [String: String] = ["positive": " good", "negative": " bad"],
        exampleEnding: String = ".", separator: String = "\n\n"
    ) {
        self.template = template
        self.verbalizers = verbalizers
        self.exampleEnding = exampleEnding
        self.separator = separator
    }

    /// The corpus's own verdict shape: "… Overall, it was good."
    public static let sentiment = PromptTemplate()

    /// Checks that the template has a `{text}` slot and every label a verbalizer.
    public func validate(labels: [String]) throws {
        guard template.contains("{text}") else {
            throw TrainingError.invalidOption(name: "template", value: "\"\(template)\"", accepts: "text containing {text}")
        }
        for label in labels where (verbalizers[label] ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw TrainingError.invalidOption(
                name: "verbalizers", value: "\(verbalizers)", accepts: "a non-empty word for every label (\(label) has none)")
        }
    }

    /// The template filled with `text`.
    public func prompt(for text: String) -> String {
        template.replacingOccurrences(of: "{text}", with: text)
    }

    /// A worked example: the prompt, its label's verbalizer and the ending.
    public func example(text: String, label: String) -> String {
        prompt(for: text) + (verbalizers[label] ?? "") + exampleEnding
    }

    /// Examples, then the query's prompt, joined by the separator.
    public func fewShotPrompt(examples: [(text: String, label: String)], query: String) -> String {
        (examples.map { example(text: $0.text, label: $0.label) } + [prompt(for: query)]).joined(separator: separator)
    }
}

import Foundation
