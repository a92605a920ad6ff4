import Foundation
import TuneModels
import TuneText

/// Finds the data a training command names: an object in the session, or a shipped
/// dataset loaded on first use (`corpus`, `films`, `restaurants`, `gadgets`).
enum TrainingData {
    /// The text corpus or labelled dataset called `name`, loading a shipped one into the
    /// session when the session has nothing of that name.
    static func resolve(_ name: String, context: CommandContext) throws -> SessionObject {
        if let object = context.session.object(named: name) {
            guard object is TextCorpusObject || object is DatasetObject else {
                throw CommandError("\(name) is a \(object.kind.name), not data; name a corpus (such as corpus) or a labelled dataset (such as films).")
            }
            return object
        }
        let (found, tried) = DataFiles.resolve(name)
        guard let url = found, DataFiles.isFolder(url), CommandParser.isValidName(name) else {
            let data = context.session.allObjects(of: .dataset).map(\.name)
            throw CommandError("\(name): no such data in the session, and no shipped dataset of that name "
                + "(tried \(tried.joined(separator: ", "))). Shipped: corpus, films, restaurants, gadgets"
                + (data.isEmpty ? "." : "; in the session: \(data.joined(separator: ", ")).")
                + EditDistance.didYouMean(name, among: data + ["corpus", "films", "restaurants", "gadgets"]))
        }
        let files = DataFiles.splitFiles(in: url)
        guard !files.isEmpty else { throw CommandError("\(DataFiles.display(url)) holds no train, validation or test files.") }
        let object: SessionObject
        if files.allSatisfy({ $0.url.pathExtension.lowercased() == "txt" }) {
            object = TextCorpusObject(name: name, origin: DataFiles.display(url),
                                      parts: try files.map { ($0.name, try TextCorpus.load(from: $0.url)) })
        } else {
            var parts: [(name: String, data: LabelledDataset)] = []
            var labels: [String]?
            for file in files {
                let data = try LabelledDataset.load(from: file.url, labels: labels)
                labels = labels ?? data.labels
                parts.append((file.name, data))
            }
            object = DatasetObject(name: name, origin: DataFiles.display(url), parts: parts)
        }
        context.session.add(object)
        context.output.line(context.output.styled("Loaded \(name)", .dim) + " from \(DataFiles.display(url)): " + object.summary.components(separatedBy: "; from").first!)
        return object
    }

    /// The corpus called `name` (for a language model), or an error that says what to use.
    static func corpus(_ name: String, for modelName: String, context: CommandContext) throws -> TextCorpusObject {
        let object = try resolve(name, context: context)
        guard let corpus = object as? TextCorpusObject else {
            throw CommandError("\(name) is a labelled dataset, and \(modelName) is a language model: it learns from plain text "
                + "(such as corpus). To classify \(name), make a classifier: finetune \(modelName) on \(name) as clf")
        }
        return corpus
    }

    /// The labelled dataset called `name` (for a classifier), or an error that says what to use.
    static func labelled(_ name: String, for modelName: String, context: CommandContext) throws -> DatasetObject {
        let object = try resolve(name, context: context)
        guard let dataset = object as? DatasetObject else {
            throw CommandError("\(name) is plain text without labels, and \(modelName) is a classifier: it needs a labelled dataset such as films.")
        }
        return dataset
    }

    /// The training and validation text of a corpus: its `train` and `validation` parts,
    /// or the first 90% and last 10% of a corpus with one part.
    static func texts(of corpus: TextCorpusObject) -> (training: String, validation: String?) {
        if let train = corpus.parts.first(where: { $0.name == "train" }) {
            return (train.corpus.text, corpus.parts.first { $0.name == "validation" }?.corpus.text)
        }
        let text = corpus.parts.map(\.corpus.text).joined(separator: "\n")
        let lines = text.components(separatedBy: "\n")
        let cut = max(1, lines.count * 9 / 10)
        guard cut < lines.count else { return (text, nil) }
        return (lines[..<cut].joined(separator: "\n"), lines[cut...].joined(separator: "\n"))
    }

    /// The corpus as token ids of `model`'s tokenizer (training, validation), cached on the model.
    static func tokens(of corpus: TextCorpusObject, for model: LanguageModelObject) throws -> (training: [Int], validation: [Int]?) {
        let key = ObjectIdentifier(corpus)
        if let cached = model.tokenCache[key] { return cached }
        let (training, validation) = texts(of: corpus)
        let result = (try model.model.encode(training), try validation.map { try model.model.encode($0) })
        guard result.0.count > model.configuration.contextLength else {
            throw CommandError("\(corpus.name) has \(result.0.count) training tokens; \(model.name) needs more than its context of "
                + "\(model.configuration.contextLength) tokens.")
        }
        model.tokenCache[key] = result
        return result
    }
}
