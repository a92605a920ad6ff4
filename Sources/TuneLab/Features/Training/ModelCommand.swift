import Foundation
import TuneEngine
import TuneModels
import TuneText

extension CommandSpec {
    /// `model new|save|load|copy NAME ...`: GPT language models in the session.
    public static let model = CommandSpec(
        verb: "model",
        summary: "make, save, load or copy a GPT language model",
        examples: ["model new base", "model new small preset=tiny layers=1 dropout=0.1", "model save base checkpoints/base",
                   "model load base2 checkpoints/base", "model copy base gadget_base"],
        subcommands: [modelNew, modelSave, modelLoad, modelCopy]
    )

    /// `model new NAME`: an untrained GPT and its tokenizer.
    static let modelNew = CommandSpec(
        verb: "new",
        summary: "build an untrained GPT and its tokenizer from a corpus",
        details: """
            model new NAME builds an untrained GPT and its tokenizer from a corpus (the shipped \
            corpus by default). preset=lesson is the lessons' model: word tokens seen at least 3 \
            times, context 64, 2 layers, 4 heads, width 64; preset=tiny is a smaller one for quick \
            experiments. layers=, heads=, width=, context= and dropout= change the shape.
            """,
        examples: ["model new base", "model new small preset=tiny layers=1 dropout=0.1"],
        positionals: [PositionalSpec("name", .text, summary: "the model's name")],
        keys: [
            KeySpec("kind", .choice(["gpt"]), summary: "the architecture", default: "gpt"),
            KeySpec("preset", .choice(["lesson", "tiny"]), summary: "the starting shape", default: "lesson"),
            KeySpec("layers", .integer(in: 0...12), summary: "transformer blocks", example: "2"),
            KeySpec("heads", .integer(in: 1...16), summary: "attention heads (width must divide by it)", example: "4"),
            KeySpec("width", .integer(in: 4...512), summary: "features per token", example: "64"),
            KeySpec("context", .integer(in: 4...512), summary: "tokens the model sees at once", example: "64"),
            KeySpec("dropout", .number(NumberRange(lower: 0, lowerInclusive: true, upper: 1, upperInclusive: false)), summary: "dropout probability during training", example: "0.1"),
            KeySpec("seed", .integer(atLeast: 0), summary: "weight initialization (default: the session seed)", example: "1"),
            KeySpec("corpus", .text, summary: "the text the tokenizer is built from", default: "corpus"),
            KeySpec("tokens", .choice(["word", "character"]), summary: "word or character tokens", default: "word"),
            KeySpec("minFrequency", aliases: ["min_freq"], .integer(in: 1...1000), summary: "words seen fewer times become [UNK] (default 3)", example: "3"),
        ]
    ) { invocation, context in
        try ModelActions.make(invocation, name: invocation.text("name") ?? "", context: context)
    }

    /// `model save NAME FOLDER`: a checkpoint folder.
    static let modelSave = CommandSpec(
        verb: "save",
        summary: "write a model's weights, configuration and tokenizer into a folder",
        details: """
            model save NAME FOLDER writes model.safetensors, config.json and tokenizer.json into \
            FOLDER (a classifier with adapters also writes them to FOLDER/adapter).
            """,
        examples: ["model save base checkpoints/base"],
        positionals: [
            PositionalSpec("name", .text, summary: "the model's name"),
            PositionalSpec("folder", .text, summary: "the checkpoint folder"),
        ]
    ) { invocation, context in
        try ModelActions.save(invocation, name: invocation.text("name") ?? "", context: context)
    }

    /// `model load NAME FOLDER`: a checkpoint or Hugging Face GPT-2 folder.
    static let modelLoad = CommandSpec(
        verb: "load",
        summary: "read a model back from a checkpoint folder (or a Hugging Face GPT-2 folder)",
        details: """
            model load NAME FOLDER reads a folder written by model save back, or a Hugging Face \
            GPT-2 folder (export hf).
            """,
        examples: ["model load base2 checkpoints/base"],
        positionals: [
            PositionalSpec("name", .text, summary: "the name to give the model"),
            PositionalSpec("folder", .text, summary: "the checkpoint folder"),
        ]
    ) { invocation, context in
        try ModelActions.load(invocation, name: invocation.text("name") ?? "", context: context)
    }

    /// `model copy NAME NEW`: a language model with its own copy of the weights.
    static let modelCopy = CommandSpec(
        verb: "copy",
        summary: "copy a language model, weights and tokenizer, under a new name",
        details: """
            model copy NAME NEW makes NEW, a language model with its own copy of NAME's weights and \
            tokenizer: train NEW further (say on one domain's text) and NAME stays as it was.
            """,
        examples: ["model copy base gadget_base"],
        positionals: [
            PositionalSpec("name", .text, summary: "the model to copy"),
            PositionalSpec("new", .text, summary: "the new model's name"),
        ]
    ) { invocation, context in
        try ModelActions.copy(invocation, name: invocation.text("name") ?? "", context: context)
    }
}

/// What each `model` action does.
enum ModelActions {
    /// Builds the configuration and tokenizer and adds an untrained model called `name`.
    static func make(_ invocation: CommandInvocation, name: String, context: CommandContext) throws {
        try checkNewModelName(name, in: context.session)
        var configuration = GPTConfiguration.lessons
        if invocation.text("preset") == "tiny" {
            configuration = GPTConfiguration(vocabularySize: 2, contextLength: 32, layers: 1, heads: 2, width: 32, mlpRatio: 4, dropout: 0)
        }
        if let layers = invocation.integer("layers") { configuration.layers = layers }
        if let heads = invocation.integer("heads") { configuration.heads = heads }
        if let width = invocation.integer("width") { configuration.width = width }
        if let context = invocation.integer("context") { configuration.contextLength = context }
        if let dropout = invocation.number("dropout") { configuration.dropout = Float(dropout) }
        guard configuration.width % configuration.heads == 0 else {
            throw CommandError("width=\(configuration.width) heads=\(configuration.heads): the width must divide evenly into the heads (e.g. width=64 heads=4).")
        }
        let corpusName = invocation.text("corpus") ?? "corpus"
        let corpus = try TrainingData.resolve(corpusName, context: context)
        guard let textCorpus = corpus as? TextCorpusObject else {
            throw CommandError("corpus=\(corpusName): a tokenizer is built from plain text, and \(corpusName) is a labelled dataset; use corpus=corpus.")
        }
        let choice: TokenizerChoice = invocation.text("tokens") == "character"
            ? .character : .word(minimumFrequency: invocation.integer("minFrequency") ?? 3)
        let seed = invocation.integer("seed").map(UInt64.init) ?? context.session.seed
        let model = try build(name: name, configuration: configuration, tokenizer: choice, corpus: textCorpus, seed: seed)
        context.session.add(model)
        let c = model.configuration
        context.output.line("Made \(name): an untrained GPT with \(c.layers) layer\(c.layers == 1 ? "" : "s"), \(c.heads) heads, width \(c.width), "
            + "context \(c.contextLength) tokens; \(model.model.tokenizer.kind) tokenizer from \(textCorpus.name) with \(c.vocabularySize) tokens; "
            + "\(NumberFormatting.integer(model.gpt.parameterCount)) parameters.")
        context.output.line("Untrained, it guesses about uniformly: its loss should be near ln(\(c.vocabularySize)) = \(OutputRendering.number(Foundation.log(Double(c.vocabularySize)))).")
    }

    /// An untrained model with a tokenizer built from `corpus`'s training text.
    static func build(name: String, configuration: GPTConfiguration, tokenizer choice: TokenizerChoice,
                      corpus: TextCorpusObject, seed: UInt64) throws -> LanguageModelObject {
        var configuration = configuration
        let tokenizer: SavedTokenizer
        do {
            tokenizer = try choice.build(corpus: TrainingData.texts(of: corpus).training)
        } catch {
            throw CommandError("building the tokenizer from \(corpus.name) failed: \(error)")
        }
        configuration.vocabularySize = tokenizer.tokenizer.vocabularySize
        do {
            let gpt = try GPT(configuration, seed: seed)
            return LanguageModelObject(name: name, model: try LanguageModel(gpt: gpt, tokenizer: tokenizer), corpusName: corpus.name)
        } catch {
            throw CommandError("model new \(name): \(error)")
        }
    }

    static func checkNewModelName(_ name: String, in session: Session) throws {
        guard CommandParser.isValidName(name) else { throw CommandError("\(name): NAME expects \(ArgumentType.newName.accepts)") }
        if let existing = session.object(named: name), !(existing is LanguageModelObject || existing is ClassifierObject) {
            throw CommandError("\(name) is already a \(existing.kind.name) in the session; choose another name.")
        }
    }

    static func folderPath(_ invocation: CommandInvocation) throws -> String {
        guard let path = invocation.text("folder") else {
            throw CommandError("\(invocation.command.fullName): missing FOLDER; usage: \(invocation.command.usage)")
        }
        return path
    }

    static func folder(_ invocation: CommandInvocation) throws -> URL {
        URL(fileURLWithPath: CommandParser.expandingTilde(try folderPath(invocation)))
    }

    /// `model copy NAME NEW`: a language model with its own weights, equal to NAME's now.
    static func copy(_ invocation: CommandInvocation, name: String, context: CommandContext) throws {
        guard let newName = invocation.text("new") else {
            throw CommandError("model copy needs the new model's name: model copy \(name) NEW")
        }
        guard newName != name else { throw CommandError("model copy \(name) \(newName): the copy needs a name of its own") }
        let object = try TrainingRunner.model(name, context: context, verb: "model copy")
        guard let language = object as? LanguageModelObject else {
            throw CommandError("model copy: \(name) is a classifier; model copy copies a language model (a classifier starts from one with finetune).")
        }
        try checkNewModelName(newName, in: context.session)
        if context.session.object(named: newName) != nil {
            throw CommandError("model copy: \(newName) already exists; choose a new name or `rm \(newName)` first.")
        }
        let twin: LanguageModelObject
        do { twin = try language.copy(named: newName) } catch { throw CommandError("model copy \(name): \(error)") }
        twin.loadedFromCheckpoint = language.loadedFromCheckpoint
        context.session.add(twin)
        context.output.line("Made \(newName): a copy of \(name) (\(twin.stepsTaken) steps trained, \(NumberFormatting.integer(twin.gpt.parameterCount)) "
            + "parameters, the same tokenizer). Training \(newName) leaves \(name) as it is.")
    }

    static func save(_ invocation: CommandInvocation, name: String, context: CommandContext) throws {
        let folder = try context.writableURL(try folderPath(invocation), argument: "model save FOLDER")
        let object = try TrainingRunner.model(name, context: context, verb: "model save")
        do {
            if let language = object as? LanguageModelObject {
                try ModelCheckpoint.save(language.model, to: folder)
            } else if let classifier = object as? ClassifierObject {
                try ModelCheckpoint.save(classifier.classifier, tokenizer: classifier.tokenizer, to: folder)
                if let lora = classifier.lora {
                    try LoRACheckpoint.save(classifier.classifier, configuration: lora, to: folder.appendingPathComponent("adapter"))
                }
            }
        } catch let error as CommandError {
            throw error
        } catch {
            throw CommandError("model save \(name) \(folder.path): \(error)")
        }
        context.output.line("Saved \(name) to \(folder.path) (\(ModelCheckpoint.weightsFile), \(ModelCheckpoint.configFile), \(ModelCheckpoint.tokenizerFile)).")
    }

    static func load(_ invocation: CommandInvocation, name: String, context: CommandContext) throws {
        try checkNewModelName(name, in: context.session)
        let folder = try folder(invocation)
        do {
            if HuggingFaceGPT.isFolder(folder) {
                let model = try HuggingFaceGPT.load(from: folder)
                let object = LanguageModelObject(name: name, model: model, corpusName: "corpus")
                object.loadedFromCheckpoint = true
                context.session.add(object)
                context.output.line("Loaded \(name) from \(folder.path) (a Hugging Face GPT-2 folder): \(model.configuration.layers) layers, width \(model.configuration.width), vocabulary \(model.configuration.vocabularySize).")
                return
            }
            let config = try ModelCheckpoint.config(in: folder)
            if config.classifier != nil {
                let (classifier, tokenizer) = try ModelCheckpoint.loadClassifier(from: folder)
                context.session.add(ClassifierObject(name: name, classifier: classifier, tokenizer: tokenizer, origin: folder.lastPathComponent))
                context.output.line("Loaded classifier \(name) from \(folder.path): labels \(classifier.labels.joined(separator: ", ")).")
            } else {
                let model = try ModelCheckpoint.loadLanguageModel(from: folder)
                let object = LanguageModelObject(name: name, model: model, corpusName: "corpus")
                object.loadedFromCheckpoint = true
                context.session.add(object)
                context.output.line("Loaded \(name) from \(folder.path): \(model.configuration.layers) layers, width \(model.configuration.width), vocabulary \(model.configuration.vocabularySize).")
            }
        } catch let error as CommandError {
            throw error
        } catch {
            throw CommandError("model load \(name): \(error)")
        }
    }
}
