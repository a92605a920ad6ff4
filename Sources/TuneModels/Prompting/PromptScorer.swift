import Foundation
import TuneEngine
import TuneText

/// Options of zero-, one- and few-shot classification by a language model.
public struct PromptOptions: Sendable, Equatable {
    /// k: worked examples placed before the query (0 = zero-shot).
    public var shots = 0
    /// Chooses the examples (balanced over labels, the same for every query).
    public var seed: UInt64 = 0
    /// Divide each verbalizer's summed log-probability by its token count.
    public var lengthNormalized = false
    /// Subtract each verbalizer's score after a content-free prompt (the template
    /// filled with "N/A"), which removes the model's bias towards one label word.
    public var calibrated = false

    public init(shots: Int = 0, seed: UInt64 = 0, lengthNormalized: Bool = false, calibrated: Bool = false) {
        self.shots = shots
        self.seed = seed
        self.lengthNormalized = lengthNormalized
        self.calibrated = calibrated
    }
}

/// The outcome of prompting on one labelled set.
public struct PromptEvaluation: Sendable {
    public let metrics: ClassificationMetrics
    /// The worked examples used (texts and labels), in prompt order.
    public let examples: [LabelledExample]
    /// Per text, the score of each label (in `metrics.labels` order).
    public let scores: [[Double]]
    /// Texts whose prompt was cut from the left to fit the context.
    public let truncatedPrompts: Int
    public var accuracy: Double { metrics.accuracy }
}

/// Classifies texts with a pre-trained language model and no training: the label
/// whose verbalizer is most probable after the prompt wins.
public struct PromptScorer {
    public let model: LanguageModel
    public var template: PromptTemplate

    public init(model: LanguageModel, template: PromptTemplate = .sentiment) {
        self.model = model
        self.template = template
    }

    /// Σ log p(verbalizer tokens | prompt) for each verbalizer; the prompt is cut from
    /// the left so that prompt + verbalizer fit the context. Returns the scores and
    /// whether the prompt was cut.
    public func verbalizerLogProbabilities(prompt: String, verbalizers: [String], lengthNormalized: Bool) throws -> (scores: [Double], truncated: Bool) {
        let gpt = model.gpt
        let wasTraining = gpt.isTraining
        gpt.evaluationMode()
        defer { if wasTraining { gpt.trainingMode() } }
        let context = gpt.configuration.contextLength
        let promptIDs = try model.encode(prompt)
        var truncated = false
        var scores: [Double] = []
        try GradientMode.withoutGradients {
            for verbalizer in verbalizers {
                let answer = try model.encode(verbalizer)
                guard !answer.isEmpty, answer.count < context else {
                    throw TrainingError.invalidOption(
                        name: "verbalizer", value: "\"\(verbalizer)\"", accepts: "1 to \(context - 1) tokens")
                }
                // Input: the prompt and all answer tokens but the last; the logits at the
                // last len(answer) positions predict the answer tokens.
                var input = promptIDs + answer.dropLast()
                if input.count > context {
                    truncated = true
                    input = Array(input.suffix(context))
                }
                let time = input.count
                let logits = try gpt.logits(input, batch: 1, time: time)  // [1, T, V]
                let vocabulary = gpt.configuration.vocabularySize
                var total = 0.0
                for (i, token) in answer.enumerated() {
                    let position = time - answer.count + i
                    let row = logits.values[(position * vocabulary)..<((position + 1) * vocabulary)]
                    let maximum = Double(row.max()!)
                    let logSum = maximum + Foundation.log(row.reduce(0.0) { $0 + Foundation.exp(Double($1) - maximum) })
                    total += Double(row[row.startIndex + token]) - logSum
                }
                scores.append(lengthNormalized ? total / Double(answer.count) : total)
            }
        }
        return (scores, truncated)
    }

    /// k worked examples drawn from `pool` with `seed`, balanced over `labels`
    /// (label i gets ⌊k/L⌋ or one more; which labels get the extra is seeded), shuffled.
    public static func chooseExamples(from pool: LabelledDataset, labels: [String], count: Int, seed: UInt64) throws -> [LabelledExample] {
        guard count > 0 else { return [] }
        var generator = RandomGenerator(seed: seed)
        var labelOrder = labels
        labelOrder.shuffle(using: &generator)
        var chosen: [LabelledExample] = []
        for (position, label) in labelOrder.enumerated() {
            let wanted = count / labels.count + (position < count % labels.count ? 1 : 0)
            var candidates = pool.examples.filter { $0.label == label }
            guard candidates.count >= wanted else {
                throw TrainingError.invalidOption(
                    name: "shots", value: "\(count)", accepts: "at most what \(pool.name) holds per label (\(label): \(candidates.count))")
            }
            candidates.shuffle(using: &generator)
            chosen += candidates.prefix(wanted)
        }
        chosen.shuffle(using: &generator)
        return chosen
    }

    /// Scores every text of `dataset` and compares the winning labels with the truth.
    /// `examplePool` supplies the worked examples when `options.shots > 0`.
    public func evaluate(_ dataset: LabelledDataset, examplePool: LabelledDataset? = nil, options: PromptOptions = PromptOptions()) throws -> PromptEvaluation {
        let labels = dataset.labels
        try template.validate(labels: labels)
        let verbalizers = labels.map { template.verbalizers[$0]! }
        var examples: [LabelledExample] = []
        if options.shots > 0 {
            guard let examplePool else {
                throw TrainingError.invalidOption(name: "examplePool", value: "none", accepts: "a labelled set to draw \(options.shots) examples from")
            }
            examples = try Self.chooseExamples(from: examplePool, labels: labels, count: options.shots, seed: options.seed)
        }
        let worked = examples.map { (text: $0.text, label: $0.label) }
        var baseline = [Double](repeating: 0, count: labels.count)
        if options.calibrated {
            baseline = try verbalizerLogProbabilities(
                prompt: template.fewShotPrompt(examples: worked, query: "N/A"), verbalizers: verbalizers,
                lengthNormalized: options.lengthNormalized).scores
        }
        var scores: [[Double]] = [], predictions: [Int] = [], truncated = 0
        for example in dataset.examples {
            let (raw, wasCut) = try verbalizerLogProbabilities(
                prompt: template.fewShotPrompt(examples: worked, query: example.text), verbalizers: verbalizers,
                lengthNormalized: options.lengthNormalized)
            let adjusted = zip(raw, baseline).map { $0 - $1 }
            scores.append(adjusted)
            predictions.append(adjusted.indices.max { adjusted[$0] < adjusted[$1] }!)
            if wasCut { truncated += 1 }
        }
        let metrics = try ClassificationMetrics(labels: labels, truths: dataset.labelIndices, predictions: predictions)
        return PromptEvaluation(metrics: metrics, examples: examples, scores: scores, truncatedPrompts: truncated)
    }
}
