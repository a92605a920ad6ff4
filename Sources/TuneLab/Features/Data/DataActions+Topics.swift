import TuneText

/// `data topics NAME from A,B,C` and `data subset NAME as NEW labels=A,B`: datasets whose
/// classes are topics, made from what ships, for classes never seen in training (lesson 8).
extension DataActions {
    // MARK: - topics

    /// Combines labelled datasets into one whose label is the source's name: a film review
    /// becomes `films`, whatever its sentiment. Parts stay apart (films.train joins the new
    /// train part, films.test its test part), so no test sentence leaks into training.
    static func topics(_ invocation: CommandInvocation, name: String, context: CommandContext) throws {
        try CommandChecks.checkNewName(name, in: context.session)
        guard let list = invocation.text("sources") else {
            throw CommandError("data topics needs the datasets to combine: data topics \(name) from films,restaurants,gadgets")
        }
        let sources = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard sources.count >= 2 else {
            throw CommandError("from \(list): data topics combines at least two datasets, e.g. from films,restaurants,gadgets")
        }
        if let twice = sources.first(where: { source in sources.filter { $0 == source }.count > 1 }) {
            throw CommandError("from \(list): \(twice) is named twice; each source becomes one label")
        }
        if sources.contains(name) {
            throw CommandError("data topics \(name): choose a new name; \(name) is one of the sources")
        }
        let datasets = try sources.map { try dataset($0, context: context) }
        // Every source must have the first one's parts (train, validation, test; or all).
        let partNames = datasets[0].parts.map(\.name)
        for (source, dataset) in zip(sources, datasets) {
            let missing = partNames.filter { dataset.part($0) == nil }
            if !missing.isEmpty {
                throw CommandError("\(source) has no \(missing.joined(separator: " or ")) part; the sources must be split alike (see `data show \(source)`)")
            }
        }
        let parts: [(name: String, data: LabelledDataset)] = try partNames.map { part in
            let examples = zip(sources, datasets).flatMap { source, dataset in
                dataset.part(part)!.examples.map { LabelledExample(text: $0.text, label: source, line: $0.line) }
            }
            return (part, try LabelledDataset(name: "\(name).\(part)", examples: examples, labels: sources))
        }
        let object = DatasetObject(name: name, origin: "the topics of \(sources.joined(separator: ", "))", parts: parts)
        context.session.add(object)
        context.output.line("Made \(name): each example labelled with the dataset it came from (\(sources.joined(separator: ", "))); "
            + parts.map { "\($0.name) \($0.data.count)" }.joined(separator: ", ") + ".")
        context.output.line("See it with `data show \(name)`.")
    }

    // MARK: - subset labels=

    /// Keeps only the examples of `list`'s labels, in every part (train, validation, test),
    /// then `per_label=` training examples of each if given.
    static func keepLabels(_ list: String, of dataset: DatasetObject, as newName: String, invocation: CommandInvocation, context: CommandContext) throws {
        let kept = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let known = dataset.labelNames
        guard !kept.isEmpty else {
            throw CommandError("labels=: name the labels to keep, e.g. labels=\(known.prefix(2).joined(separator: ","))")
        }
        for label in kept where !known.contains(label) {
            throw CommandError("labels=: \(dataset.name) has no label \(label) (its labels: \(known.joined(separator: ", ")))."
                + EditDistance.didYouMean(label, among: known))
        }
        let seed = invocation.integer("seed").map(UInt64.init) ?? context.session.seed
        let perLabel = invocation.integer("perLabel")
        let parts: [(name: String, data: LabelledDataset)] = try dataset.parts.map { part in
            var data = try LabelledDataset(
                name: "\(newName).\(part.name)", examples: part.data.examples.filter { kept.contains($0.label) },
                labels: known.filter { kept.contains($0) })
            if let perLabel, part.name == "train" || dataset.parts.count == 1 { data = try data.subset(perLabel: perLabel, seed: seed) }
            return (part.name, data)
        }
        let object = DatasetObject(name: newName, origin: "labels \(kept.joined(separator: ", ")) of \(dataset.name)", parts: parts)
        context.session.add(object)
        context.output.line("Made \(newName): the labels \(kept.joined(separator: ", ")) of \(dataset.name) ("
            + parts.map { "\($0.name) \($0.data.count)" }.joined(separator: ", ")
            + (perLabel.map { "; \($0) training examples per label, seed \(seed)" } ?? "") + ").")
    }
}
