import Foundation
import TuneText

extension CommandSpec {
    /// `data load|show|split|subset|topics|text ...`: labelled datasets in the session.
    public static let data = CommandSpec(
        verb: "data",
        summary: "load, show, split, subset or combine labelled datasets, or take their text",
        details: """
            Labelled datasets (text with a label per example, or images with a class) in the \
            session: read one with data load, look at it with data show, cut it into train, \
            validation and test with data split, keep a few examples per label with data subset, \
            combine domains into a topic dataset with data topics, or take the plain text of one \
            with data text.
            """,
        examples: ["data load films", "data load reviews datasets/sentiment/gadgets/train.csv text=text label=label",
                   "data load mine sentences.txt labels=0:negative,1:positive",
                   "data show films", "data split reviews train=0.8 validation=0.1", "data subset films as few per_label=16",
                   "data topics topics from films,restaurants,gadgets", "data subset topics as seen labels=films,restaurants",
                   "data text gadget_text from gadgets"],
        subcommands: [dataLoad, dataShow, dataSplit, dataSubset, dataTopics, dataText]
    )

    /// The dataset every data subcommand names first.
    private static func dataName(_ summary: String = "the dataset's name") -> PositionalSpec {
        PositionalSpec("name", .text, summary: summary)
    }

    /// `seed=` of load, split and subset.
    private static let dataSeed = KeySpec("seed", .integer(atLeast: 0), summary: "the seed (default: the session seed)")

    /// `data load NAME [FILE]`: a file, a folder, a shipped domain or generated images.
    static let dataLoad = CommandSpec(
        verb: "load",
        summary: "read a labelled dataset, plain text or images into the session",
        details: """
            data load NAME DIR reads images from a folder with one subfolder per class (PNG or \
            PGM, resized to size=28); data load NAME letters|symbols|mnist makes Hershey letters, \
            unseen Hershey symbols, or loads the MNIST sample. \
            data load NAME FILE reads a CSV, TSV, JSON lines or plain text file (relative paths are \
            tried in the current folder, then in the lab's folder). A .txt whose lines hold \
            tab-, semicolon- or comma-separated columns is read as columns, with or without a \
            header line; labels=0:negative,1:positive names labels written as 0 and 1; \
            encoding=latin1 reads older Windows files; text=review.body reaches into nested JSON. data load films (no file) \
            loads a shipped domain with its train, validation and test parts; so does a folder \
            holding train, validation and test files. Bad rows stop the load with their line \
            (bad=reject) or are skipped and listed (bad=skip).
            """,
        examples: ["data load films", "data load reviews datasets/sentiment/gadgets/train.csv text=text label=label",
                   "data load mine sentences.txt labels=0:negative,1:positive", "data load letters letters"],
        positionals: [
            dataName("the name to give it (a shipped domain's name loads that domain)"),
            PositionalSpec("file", .text, summary: "the file or folder to read, or letters, symbols, mnist", required: false),
        ],
        keys: [
            KeySpec("text", .text, summary: "the text column (a header name or a number from 1)", default: "text"),
            KeySpec("label", .text, summary: "the label column (a header name or a number from 1)", default: "label"),
            KeySpec("format", .choice(["csv", "tsv", "semicolon", "jsonl", "text"]), summary: "the file format (default: from the extension and the first lines)"),
            KeySpec("labels", .text, summary: "names for the labels as written, in class order", example: "0:negative,1:positive"),
            KeySpec("encoding", .choice(["utf8", "latin1"]), summary: "the file's text encoding (latin1 is Windows-1252)", default: "utf8"),
            KeySpec("bad", .choice(["skip", "reject"]), summary: "skip bad rows and list them, or stop at the first", default: "reject"),
            KeySpec("size", .integer(atLeast: 4), summary: "images: the side they are resized to", default: "28"),
            KeySpec("perClass", aliases: ["per_class"], .integer(atLeast: 1), summary: "letters, symbols: images drawn per class"),
            dataSeed,
        ]
    ) { invocation, context in
        let name = invocation.text("name") ?? ""
        if try DataActions.loadImages(invocation, name: name, context: context) { return }
        try DataActions.load(invocation, name: name, context: context)
    }

    /// `data show NAME`: counts, balance, lengths, samples and duplicates.
    static let dataShow = CommandSpec(
        verb: "show",
        summary: "counts, label balance, a length histogram, sample rows and duplicates",
        details: """
            data show NAME prints counts, label balance, a length histogram and sample rows (for \
            images: a grid of samples of each class).
            """,
        examples: ["data show films"],
        positionals: [dataName()],
        keys: [
            KeySpec("perLabel", aliases: ["per_label"], .integer(atLeast: 1), summary: "images: samples drawn per class", default: "4"),
            KeySpec("png", .text, summary: "images: also write the sample grid to this PNG file"),
        ]
    ) { invocation, context in
        let name = invocation.text("name") ?? ""
        if let images = context.session.object(named: name) as? ImageDatasetObject {
            return try DataActions.showImages(images, invocation: invocation, context: context)
        }
        try DataActions.show(name: name, context: context)
    }

    /// `data split NAME`: train, validation and test, label balance kept.
    static let dataSplit = CommandSpec(
        verb: "split",
        summary: "cut a dataset into train, validation and test, keeping the label balance",
        examples: ["data split reviews train=0.8 validation=0.1"],
        positionals: [dataName()],
        keys: [
            KeySpec("train", .number(in: 0...1), summary: "the training fraction", default: "0.8"),
            KeySpec("validation", .number(in: 0...1), summary: "the validation fraction (test gets the rest)", default: "0.1"),
            dataSeed,
        ]
    ) { invocation, context in
        let name = invocation.text("name") ?? ""
        if let images = context.session.object(named: name) as? ImageDatasetObject {
            return try DataActions.splitImages(images, invocation: invocation, context: context)
        }
        try DataActions.split(invocation, name: name, context: context)
    }

    /// `data subset NAME as NEW`: a few training examples per label, or chosen labels.
    static let dataSubset = CommandSpec(
        verb: "subset",
        summary: "keep a few training examples of each label, or only some labels",
        details: """
            data subset NAME as NEW per_label=N keeps N training examples of each label (validation \
            and test stay); labels=films,restaurants keeps only those labels in every part.
            """,
        examples: ["data subset films as few per_label=16", "data subset topics as seen labels=films,restaurants"],
        positionals: [
            dataName(),
            PositionalSpec("new", .newName, summary: "the new dataset's name", required: false, keyword: "as"),
        ],
        keys: [
            KeySpec("perLabel", aliases: ["per_label"], .integer(atLeast: 1), summary: "training examples per label", example: "32"),
            KeySpec("labels", .text, summary: "the labels to keep", example: "films,restaurants"),
            dataSeed,
        ]
    ) { invocation, context in
        let name = invocation.text("name") ?? ""
        if let images = context.session.object(named: name) as? ImageDatasetObject {
            return try DataActions.subsetImages(images, invocation: invocation, context: context)
        }
        try DataActions.subset(invocation, name: name, context: context)
    }

    /// `data topics NAME from A,B,C`: each example labelled with the dataset it came from.
    static let dataTopics = CommandSpec(
        verb: "topics",
        summary: "combine datasets into one whose labels are the datasets' names",
        details: """
            data topics NAME from films,restaurants,gadgets makes a topic dataset: each example's \
            label becomes the name of the dataset it came from, part by part (train, validation and \
            test stay apart).
            """,
        examples: ["data topics topics from films,restaurants,gadgets"],
        positionals: [
            dataName("the new dataset's name"),
            PositionalSpec("sources", .text, summary: "the datasets to combine, comma-separated (films,restaurants,gadgets)", required: false, keyword: "from"),
        ]
    ) { invocation, context in
        try DataActions.topics(invocation, name: invocation.text("name") ?? "", context: context)
    }

    /// `data text NAME from DATASET`: the sentences of a labelled dataset, labels dropped.
    static let dataText = CommandSpec(
        verb: "text",
        summary: "take the sentences of a labelled dataset as plain text for a language model",
        details: """
            data text NAME from films keeps the sentences of films's train and validation parts, \
            labels dropped, as plain text for a language model to read (train base2 on NAME); \
            the test part stays out.
            """,
        examples: ["data text gadget_text from gadgets"],
        positionals: [
            dataName("the new text's name"),
            PositionalSpec("sources", .text, summary: "the labelled dataset", required: false, keyword: "from"),
        ]
    ) { invocation, context in
        try DataActions.text(invocation, name: invocation.text("name") ?? "", context: context)
    }
}

/// What each `data` action does.
enum DataActions {
    // MARK: - load

    static func load(_ invocation: CommandInvocation, name: String, context: CommandContext) throws {
        try CommandChecks.checkNewName(name, in: context.session)
        let path = invocation.text("file") ?? name
        let (found, tried) = DataFiles.resolve(path)
        guard let url = found else {
            if invocation.text("file") == nil {
                throw CommandError("data load \(name): no file given, and \(name) is not a shipped dataset (tried \(tried.joined(separator: ", "))); "
                    + "give a file: data load \(name) FILE")
            }
            throw CommandError("\(path): FILE does not exist (tried \(tried.joined(separator: ", "))).")
        }
        let policy: BadRowPolicy = invocation.text("bad") == "skip" ? .skip : .reject
        let encoding = TextEncoding(rawValue: invocation.text("encoding") ?? "utf8") ?? .utf8
        let mapping = try invocation.text("labels").map { try LabelMapping(parsing: $0) }
        var files: [(name: String, url: URL)]
        if DataFiles.isFolder(url) {
            files = DataFiles.splitFiles(in: url)
            guard !files.isEmpty else {
                throw CommandError("\(DataFiles.display(url)) is a folder without train, validation or test files.")
            }
        } else {
            files = [("all", url)]
        }
        let typed = invocation.typedKeys
        let plan = try DataFormat.decide(
            for: files[0].url, format: invocation.text("format"),
            text: typed.contains("text") ? invocation.text("text") : nil,
            label: typed.contains("label") ? invocation.text("label") : nil, labelsTyped: mapping != nil)
        let output = context.output
        for note in plan.notes { output.line(output.styled(note, .dim)) }
        if case .plainText = plan.kind {
            let parts = try files.map { part in (part.name, try TextCorpus.load(from: part.url, encoding: encoding)) }
            let object = TextCorpusObject(name: name, origin: DataFiles.display(url), parts: parts)
            context.session.add(object)
            output.line("Loaded \(name): " + object.summary)
            if invocation.text("format") == nil, files.count == 1 {
                output.line(output.styled("(plain text: its lines hold no columns; for labelled lines say how they are separated, e.g. format=tsv)", .dim))
            }
            return
        }
        var parts: [(name: String, data: LabelledDataset)] = []
        var labels: [String]? = nil
        let began = Date()
        var bytes = 0
        for part in files {
            let progress = context.progress("reading \(part.url.lastPathComponent)", total: 100)
            let options = ReadOptions(labels: labels, labelMapping: mapping, onBadRow: policy, encoding: encoding) { read, total in
                progress.update(step: total == 0 ? 100 : read * 100 / total,
                                detail: String(format: "%.1f of %.1f MB", Double(read) / 1e6, Double(total) / 1e6))
                bytes = max(bytes, read)
            }
            defer { progress.finish() }
            let data = try read(part.url, plan: plan.kind, options: options)
            labels = labels ?? data.labels  // later parts must use the first part's labels
            parts.append((part.name, data))
        }
        let object = DatasetObject(name: name, origin: DataFiles.display(url), parts: parts)
        context.session.add(object)
        output.line("Loaded \(name) from \(DataFiles.display(url)): " + object.summary.components(separatedBy: "; from").first!)
        if bytes >= 10_000_000 {
            output.line(output.styled(String(format: "Read %.1f MB in %.1f s.", Double(bytes) / 1e6, Date().timeIntervalSince(began)), .dim))
        }
        if let mapping, let unused = mapping.names.first(where: { name in !parts.contains { $0.data.hasExamples(labelled: name) } }) {
            output.warning("labels=: no row is labelled \(unused) (written \(mapping.pairs.filter { $0.name == unused }.map(\.written).joined(separator: " or "))).")
        }
        for part in parts where !part.data.skippedRows.isEmpty {
            let skipped = part.data.skippedRows
            output.warning("\(part.data.name): skipped \(skipped.count) bad row\(skipped.count == 1 ? "" : "s"):")
            for row in skipped.prefix(5) { output.line("  \(row.description)") }
            if skipped.count > 5 { output.line("  … and \(skipped.count - 5) more") }
        }
        output.line("See it with `data show \(name)`.")
    }

    static func read(_ url: URL, plan: DataFormat.Kind, options: ReadOptions) throws -> LabelledDataset {
        switch plan {
        case .jsonLines(let text, let label):
            return try LabelledDataset.loadJSONLines(from: .file(url), textField: text, labelField: label, options: options)
        case .delimited(let delimiter, let hasHeader, let text, let label):
            return try LabelledDataset.loadDelimited(
                from: .file(url), textColumn: text, labelColumn: label, hasHeader: hasHeader, delimiter: delimiter, options: options)
        case .plainText:
            throw CommandError("\(url.lastPathComponent) is plain text, without labels.")
        }
    }

    // MARK: - show

    static func show(name: String, context: CommandContext) throws {
        let output = context.output
        let style = OutputRendering.style(for: output)
        try loadShippedIfMissing(name, context: context)
        if let corpus = context.session.object(named: name) as? TextCorpusObject {
            output.line(output.styled("text \(name)", .bold) + ": " + corpus.summary)
            return
        }
        let dataset = try dataset(name, context: context)
        output.line(output.styled("dataset \(name)", .bold) + " from \(dataset.origin)")
        let labels = dataset.labelNames
        let table = TableRenderer(titles: ["part", "examples"] + labels + ["balance"])
        var rows: [[TableRenderer.Cell]] = dataset.parts.map { part in
            [.text(part.name), .integer(part.data.count)]
                + labels.map { .integer(Int(dataset.value(at: dataset.parts.count > 1 ? [part.name, "label", $0] : ["label", $0]) ?? 0)) }
                + [.number(dataset.value(at: dataset.parts.count > 1 ? [part.name, "balance"] : ["balance"]) ?? 0)]
        }
        if dataset.parts.count > 1 {
            rows.append([.text("all"), .integer(dataset.count)] + labels.map { .integer(Int(dataset.value(at: ["label", $0]) ?? 0)) }
                        + [.number(dataset.value(at: ["balance"]) ?? 0)])
        }
        OutputRendering.print(table.render(rows: rows, style: style), to: output)
        output.line("balance = rarest label / most common label (1 is perfectly balanced)")
        let all = try dataset.combined()
        let lengths = (0..<all.count).map { Double(all.columns.withTextBytes(at: $0, WordCount.words(inUTF8:))) }
        output.line()
        let histogram = try Histogram(values: lengths, binCount: 8, title: "length in words (\(all.count) examples)")
        OutputRendering.print(histogram.render(style: style), to: output)
        output.line()
        output.line(output.styled("samples", .bold) + " (from \(dataset.parts[0].name)):")
        let width = max(30, output.width - 16)
        for example in dataset.parts[0].data.samplesTakingLabelsInTurn(4) {
            let text = example.text.count > width ? String(example.text.prefix(width - 1)) + "…" : example.text
            output.line("  " + example.label.padding(toLength: max(10, labels.map(\.count).max() ?? 0), withPad: " ", startingAt: 0) + "  " + text)
        }
        output.line()
        printDuplicates(dataset, all: all, output: output)
    }

    /// Texts that appear more than once: how many, the first few with their lines, copies
    /// whose labels disagree, and texts shared by two parts (a test text seen in training).
    static func printDuplicates(_ dataset: DatasetObject, all: LabelledDataset, output: Output) {
        let groups = all.duplicateGroups()
        guard !groups.isEmpty else {
            output.line("duplicates: none (every text appears once)")
            return
        }
        // The part of each position in `all` (parts in order): the part whose positions
        // end after it, from each part's end. [parts]
        let partEnds = dataset.parts.reduce(into: [Int]()) { ends, part in ends.append((ends.last ?? 0) + part.data.count) }
        func partOf(_ position: Int) -> String { dataset.parts[partEnds.firstIndex { position < $0 }!].name }
        let extra = groups.reduce(0) { $0 + $1.positions.count - 1 }
        let conflicting = groups.filter(\.isConflicting)
        let shared = dataset.parts.count > 1 ? groups.filter { Set($0.positions.map(partOf)).count > 1 } : []
        output.line(output.styled("duplicates", .bold) + ": \(groups.count) text\(groups.count == 1 ? "" : "s") appear more than once "
            + "(\(extra) extra cop\(extra == 1 ? "y" : "ies")); \(conflicting.count) with different labels"
            + (dataset.parts.count > 1 ? "; \(shared.count) in more than one part" : ""))
        // Conflicting labels first, then texts shared by parts, then the rest.
        var shown: [DuplicateGroup] = []
        for group in conflicting.prefix(5) + shared.prefix(5) + groups.prefix(5) where !shown.contains(group) { shown.append(group) }
        let width = max(30, output.width - 40)
        for group in shown.prefix(5) {
            let text = group.text.count > width ? String(group.text.prefix(width - 1)) + "…" : group.text
            let places = group.positions.prefix(4).map { position -> String in
                let line = all.columns.line(at: position).map { "line \($0)" } ?? "#\(position + 1)"
                return dataset.parts.count > 1 ? "\(partOf(position)) \(line)" : line
            }.joined(separator: ", ") + (group.positions.count > 4 ? ", …" : "")
            output.line("  ×\(group.positions.count) \"\(text)\" (\(places); label\(group.labels.count == 1 ? "" : "s") \(group.labels.joined(separator: ", ")))")
        }
        if groups.count > min(5, shown.count) { output.line("  … and \(groups.count - min(5, shown.count)) more") }
    }

    /// Loads the shipped data called `name` (corpus, films, restaurants, gadgets) when the
    /// session has nothing of that name, as the training commands do.
    static func loadShippedIfMissing(_ name: String, context: CommandContext) throws {
        guard context.session.object(named: name) == nil, CommandParser.isValidName(name),
              let url = DataFiles.resolve(name).url, DataFiles.isFolder(url) else { return }
        _ = try TrainingData.resolve(name, context: context)
    }

    /// The labelled dataset called `name`, a shipped one loaded on first use.
    static func dataset(_ name: String, context: CommandContext) throws -> DatasetObject {
        try loadShippedIfMissing(name, context: context)
        if context.session.object(named: name) is TextCorpusObject {
            throw CommandError("\(name) is plain text without labels; data split and subset work on labelled datasets such as films.")
        }
        return try CommandChecks.object(name, as: DatasetObject.self, kindName: "dataset", in: context.session, making: "data load NAME FILE")
    }

    // MARK: - split

    static func split(_ invocation: CommandInvocation, name: String, context: CommandContext) throws {
        let dataset = try dataset(name, context: context)
        let train = invocation.number("train") ?? 0.8
        let validation = invocation.number("validation") ?? 0.1
        guard train + validation <= 1 + 1e-9 else {
            throw CommandError("train=\(OutputRendering.number(train)) and validation=\(OutputRendering.number(validation)) add up to "
                + "\(OutputRendering.number(train + validation)); together they must be at most 1 (test gets the rest)")
        }
        guard train > 0 else { throw CommandError("train=0 leaves nothing to train on; train expects a fraction above 0, e.g. train=0.8") }
        let seed = invocation.integer("seed").map(UInt64.init) ?? context.session.seed
        let whole = try dataset.combined()
        let split = try whole.split(trainFraction: train, validationFraction: validation, seed: seed)
        dataset.replaceParts(with: split)
        context.output.line("Split \(name) (seed \(seed)), each label in the same proportions: "
            + dataset.parts.map { "\($0.name) \($0.data.count)" }.joined(separator: ", "))
    }

    // MARK: - subset

    static func subset(_ invocation: CommandInvocation, name: String, context: CommandContext) throws {
        let dataset = try dataset(name, context: context)
        guard let newName = invocation.text("new") else {
            throw CommandError("data subset needs a name for the result: data subset \(name) as NEW per_label=32")
        }
        if context.session.object(named: newName) != nil, newName == name {
            throw CommandError("as \(newName): choose a new name; \(name) is the dataset being subset")
        }
        if let kept = invocation.text("labels") {
            return try keepLabels(kept, of: dataset, as: newName, invocation: invocation, context: context)
        }
        guard let perLabel = invocation.integer("perLabel") else {
            throw CommandError("data subset needs per_label=N (how many training examples of each label to keep) or labels=A,B (which labels to keep)")
        }
        let seed = invocation.integer("seed").map(UInt64.init) ?? context.session.seed
        let few = try dataset.train.subset(perLabel: perLabel, seed: seed)
        var parts: [(name: String, data: LabelledDataset)] = [("train", few)]
        if let validation = dataset.validation { parts.append(("validation", validation)) }
        if let test = dataset.test { parts.append(("test", test)) }
        if parts.count == 1 { parts = [("all", few)] }
        let object = DatasetObject(name: newName, origin: "\(perLabel) per label of \(name)", parts: parts)
        context.session.add(object)
        context.output.line("Made \(newName): \(perLabel) training examples per label (\(few.count) in all, seed \(seed))"
            + (parts.count > 1 ? "; validation and test are \(name)'s." : "."))
    }
}
