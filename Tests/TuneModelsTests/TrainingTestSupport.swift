import Foundation
import TuneEngine
import TuneModels
import TuneText

/// The project's datasets folder, found from this file's place in the package.
let projectDatasets = ProjectDatasets(
    folder: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("datasets"))

/// Relative error between autograd's gradient of a scalar `loss()` with respect to
/// `parameter` and central finite differences (computed in Double from Float passes):
/// ‖autograd − numeric‖ / max(‖autograd‖ + ‖numeric‖, 1e-6) in the 2-norm.
func finiteDifferenceError(_ parameter: Tensor, step h: Float = 1e-2, loss: () throws -> Tensor) throws -> Double {
    parameter.gradient = nil
    try loss().backward()
    let analytic = parameter.gradient ?? [Float](repeating: 0, count: parameter.count)
    var difference = 0.0, scale = 0.0
    for i in 0..<parameter.count {
        let original = parameter.values[i]
        parameter.values[i] = original + h
        let up = Double(try GradientMode.withoutGradients { try loss() }.scalar)
        parameter.values[i] = original - h
        let down = Double(try GradientMode.withoutGradients { try loss() }.scalar)
        parameter.values[i] = original
        let numeric = (up - down) / (2 * Double(h))
        difference += (Double(analytic[i]) - numeric) * (Double(analytic[i]) - numeric)
        scale += Double(analytic[i]) * Double(analytic[i]) + numeric * numeric
    }
    return difference.squareRoot() / max(scale.squareRoot(), 1e-6)
}

/// A tiny word-level language model for fast unit tests.
func tinyLanguageModel(seed: UInt64 = 1, context: Int = 16) throws -> LanguageModel {
    let text = "the film was good . the soup was bad . the battery was good . overall , it was bad ."
    let tokenizer = try WordTokenizer(corpus: text)
    let configuration = GPTConfiguration(
        vocabularySize: tokenizer.vocabularySize, contextLength: context, layers: 2, heads: 2, width: 8, mlpRatio: 2)
    return try LanguageModel(gpt: try GPT(configuration, seed: seed), tokenizer: .word(tokenizer))
}

/// The lessons' pre-trained model, trained once per test process and cached on disk
/// in a temporary folder keyed by its recipe, so later runs and other suites reuse it.
enum SharedPretrainedModel {
    static let recipe = PretrainingRecipe.lessons

    static var cacheFolder: URL {
        let c = recipe.configuration, o = recipe.options
        // The corpus's content is part of the key: editing it must retrain the model.
        let corpus = [projectDatasets.corpusTraining, projectDatasets.corpusValidation]
            .map { (try? String(contentsOf: $0, encoding: .utf8)) ?? "" }.joined(separator: "\u{0}")
        let key = "lm-\(c.layers)x\(c.width)h\(c.heads)-ctx\(c.contextLength)-d\(c.dropout)-\(recipe.tokenizer)-\(o.length)-b\(o.batchSize)"
            + "-lr\(o.learningRate)-wd\(o.weightDecay)-w\(o.warmupSteps)-t\(EngineThreads.count)-s\(recipe.seed)-\(o.seed)-corpus\(TextCorpus.fingerprint(of: corpus))"
            .replacingOccurrences(of: " ", with: "")
            .replacingOccurrences(of: "(", with: "_").replacingOccurrences(of: ")", with: "")
            .replacingOccurrences(of: ":", with: "")
        return FileManager.default.temporaryDirectory.appendingPathComponent("tunelab-test-cache/\(key)")
    }

    /// The pre-training run of this process (nil when the model came from the cache).
    nonisolated(unsafe) static var freshResult: PretrainingResult?

    /// Loads the cached model or trains (and caches) it. Thread-safe: a static `let`
    /// is initialized once.
    // Loaded once and only read afterwards (forward passes keep no state in the model).
    nonisolated(unsafe) static let model: Result<LanguageModel, Error> = Result {
        if let cached = try? ModelCheckpoint.loadLanguageModel(from: cacheFolder) { return cached }
        let result = try recipe.run(datasets: projectDatasets)
        freshResult = result
        try ModelCheckpoint.save(result.model, to: cacheFolder)
        return result.model
    }
}
