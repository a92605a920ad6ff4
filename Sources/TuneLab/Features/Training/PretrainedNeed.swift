import Foundation
import TuneEngine
import TuneModels
import TuneText

/// Makes the pre-trained model later lessons need (`needs: [pretrained: base]`): the same
/// model and training as lesson 2's `model new base` and `train base on corpus`, with seed 0.
/// The trained weights are cached on disk (under the user's cache folder, keyed by the
/// recipe), so the second lesson that needs it loads in a moment instead of training again.
enum PretrainedNeed {
    static func make(_ name: String, context: CommandContext) throws {
        let corpus = try TrainingData.corpus("corpus", for: name, context: context)
        let recipe = PretrainingRecipe.lessons
        let output = context.output
        let cache = cacheFolder(corpus: corpus)
        if let cache, let cached = try? ModelCheckpoint.loadLanguageModel(from: cache),
           let steps = try? String(contentsOf: cache.appendingPathComponent("steps.txt"), encoding: .utf8) {
            let object = LanguageModelObject(name: name, model: cached, corpusName: corpus.name)
            object.stepsTaken = Int(steps.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
            context.session.add(object)
            output.line("Made \(name): the lessons' pre-trained model (\(object.stepsTaken) steps on \(corpus.name), as in lesson 2), loaded from \(cache.path).")
            return
        }
        output.line("Making \(name): pre-training the lessons' model on \(corpus.name) as lesson 2 does (about a minute)...")
        let model = try ModelActions.build(name: name, configuration: recipe.configuration, tokenizer: recipe.tokenizer, corpus: corpus, seed: 0)
        context.session.add(model)
        var (options, settings) = try TrainingKeys.options([:], languageModel: true, seed: 0)
        options.seed = 0
        let run = try TrainingRunner.run(TrainingTarget(model, on: corpus), options: options, settings: settings,
                                         runName: TrainingRunner.nextRunName(in: context.session, prefix: "\(name)_run"), context: context)
        context.session.add(run)
        if let cache, run.history.stop == .finished, !run.diverged {
            do {
                try ModelCheckpoint.save(model.model, to: cache)
                try String(model.stepsTaken).write(to: cache.appendingPathComponent("steps.txt"), atomically: true, encoding: .utf8)
            } catch {
                output.warning("could not cache \(name) in \(cache.path): \(error)")
            }
        }
    }

    /// `${XDG_CACHE_HOME:-~/.cache}/tunelab/pretrained/<recipe and corpus>`, or nil without a home.
    static func cacheFolder(corpus: TextCorpusObject) -> URL? {
        let environment = ProcessInfo.processInfo.environment
        let base: URL
        if let cache = environment["XDG_CACHE_HOME"], cache.hasPrefix("/") {
            base = URL(fileURLWithPath: cache)
        } else if let home = environment["HOME"], !home.isEmpty {
            base = URL(fileURLWithPath: home).appendingPathComponent(".cache")
        } else {
            return nil
        }
        let recipe = PretrainingRecipe.lessons
        let c = recipe.configuration, o = recipe.options
        // The corpus's content, not only its size: editing it must retrain the model.
        // The thread count too: OpenBLAS sums in another order with more threads, so a
        // model trained on one core differs by rounding from one trained on two.
        let fingerprint = TextCorpus.fingerprint(of: corpus.parts.map(\.corpus.text).joined(separator: "\u{0}"))
        let key = "gpt-\(c.layers)x\(c.width)h\(c.heads)-ctx\(c.contextLength)-\(recipe.tokenizer)-\(o.length)-b\(o.batchSize)-lr\(o.learningRate)-wd\(o.weightDecay)-w\(o.warmupSteps)-t\(EngineThreads.count)-corpus\(fingerprint)"
            .replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "(", with: "_")
            .replacingOccurrences(of: ")", with: "").replacingOccurrences(of: ":", with: "").replacingOccurrences(of: ".", with: "_")
        return base.appendingPathComponent("tunelab/pretrained/\(key)")
    }
}
