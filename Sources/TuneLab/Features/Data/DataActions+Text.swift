import TuneText

/// `data text NAME from DATASET`: the unlabelled text of a labelled dataset, for a language
/// model to read before it is fine-tuned (ULMFiT's second stage: the task's own text,
/// labels dropped).
extension DataActions {
    /// Keeps the sentences of `DATASET`'s train and validation parts as plain text, one per
    /// line, labels dropped: train is the text to train on, validation the held-out text to
    /// measure on. The test part is left out, so a later test score rests on sentences no
    /// model read, not even without labels. A dataset that is not split gives all of its
    /// sentences as one part (the language model then holds out its last tenth).
    static func text(_ invocation: CommandInvocation, name: String, context: CommandContext) throws {
        try CommandChecks.checkNewName(name, in: context.session)
        guard let source = invocation.text("sources") else {
            throw CommandError("data text needs the labelled dataset to take the text from: data text \(name) from films")
        }
        guard !source.contains(",") else {
            throw CommandError("from \(source): data text takes its text from one dataset, e.g. from gadgets")
        }
        if source == name { throw CommandError("data text \(name): choose a new name; \(name) is the source") }
        if context.session.object(named: source) is TextCorpusObject {
            throw CommandError("from \(source): \(source) is already plain text; data text takes the sentences of a labelled dataset such as films")
        }
        let dataset = try dataset(source, context: context)
        let kept = dataset.isSplit ? dataset.parts.filter { $0.name == "train" || $0.name == "validation" } : dataset.parts
        let parts: [(name: String, corpus: TextCorpus)] = try kept.map { part in
            let text = part.data.examples.map(\.text).joined(separator: "\n") + "\n"
            return (part.name, try TextCorpus(text: text, name: "\(source).\(part.name)"))
        }
        let object = TextCorpusObject(name: name, origin: "the sentences of \(source), labels dropped", parts: parts)
        context.session.add(object)
        let counts = zip(kept, parts).map { "\($0.0.name) \($0.0.data.count) sentences (\(NumberFormatting.integer($0.1.corpus.wordCount)) words)" }
        context.output.line("Made \(name): the text of \(source) without its labels; " + counts.joined(separator: ", ")
            + (dataset.test != nil ? ". \(source)'s test sentences stay out." : "."))
    }
}
