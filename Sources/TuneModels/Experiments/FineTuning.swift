import Foundation
import TuneEngine
import TuneText

/// How a classifier is fine-tuned in the experiments: strategy, pooling and the
/// trainer's options. The same recipe trains the pre-trained and the scratch model.
public struct FineTuningRecipe: Sendable {
    public var strategy: FineTuningStrategy
    public var pooling: Pooling
    public var options: TrainingOptions
    /// When set, texts are read inside this template with last-token pooling, and the
    /// head starts from the verbalizers' output embeddings (see
    /// `SequenceClassifier.initializeHeadFromVerbalizers`). nil: plain texts, a small random head.
    public var prompt: PromptTemplate?

    public init(
        strategy: FineTuningStrategy = .full, pooling: Pooling = .mean, options: TrainingOptions, prompt: PromptTemplate? = nil
    ) {
        self.strategy = strategy
        self.pooling = prompt == nil ? pooling : .lastToken
        self.options = options
        self.prompt = prompt
    }

    /// The lessons' default: full fine-tuning for 12 epochs, keeping the weights of
    /// the best validation accuracy.
    public static let lessons = FineTuningRecipe(
        options: TrainingOptions(
            length: .epochs(12), batchSize: 16, learningRate: 1e-3, schedule: .cosine, warmupSteps: 4,
            weightDecay: 0.01, gradientClipping: 1, seed: 0, keepBestWeights: true, monitor: .validationAccuracy))
}

/// One fine-tuning run's outcome.
public struct FineTuningResult {
    public let classifier: SequenceClassifier
    public let history: TrainingHistory
    /// Trainable parameters as the strategy left them, before training.
    public let parameterReport: ParameterReport
    /// On the test set given to the run.
    public let test: ClassificationMetrics
}

extension FineTuningRecipe {
    /// Builds a classifier on `trunk` (a copy of a pre-trained model's GPT, or a fresh
    /// one), prepares the strategy and trains on `training`, keeping the best on
    /// `validation`; reports test metrics.
    public func run(
        trunk: GPT, tokenizer: SavedTokenizer, training: LabelledDataset, validation: LabelledDataset?,
        test: LabelledDataset, seed: UInt64, progress: ((TrainingProgress) -> Void)? = nil, shouldStop: () -> Bool = { false }
    ) throws -> FineTuningResult {
        let paddingID = tokenizer.tokenizer.id(for: WordTokenizer.paddingToken) ?? 0
        let classifier = try SequenceClassifier(
            trunk: trunk, labels: training.labels, pooling: pooling, paddingID: paddingID, prompt: prompt, seed: seed)
        if prompt != nil { try classifier.initializeHeadFromVerbalizers(tokenizer: tokenizer.tokenizer) }
        var options = self.options
        options.seed = seed
        let prepared = try strategy.prepare(classifier, weightDecay: options.weightDecay, seed: seed)
        let task = try TextClassificationTask(
            classifier: classifier, tokenizer: tokenizer.tokenizer, training: training, validation: validation)
        let trainer = try Trainer(task: task, options: options, parameterGroups: prepared.groups)
        trainer.onEpochStart = prepared.onEpochStart
        let history = try trainer.fit(progress: progress, shouldStop: shouldStop)
        return try FineTuningResult(
            classifier: classifier, history: history, parameterReport: prepared.report,
            test: task.metrics(on: test, tokenizer: tokenizer.tokenizer))
    }
}

/// The sentiment experiments the tests report. (Pre-trained against scratch is measured
/// through the lab's own `finetune … seeds=5`, as the lessons do: TuneLabTests'
/// PretrainingPaysTests.)
public enum SentimentExperiments {
    /// Fine-tunes on each domain's training sentences and tests on every domain's test
    /// split: accuracy[trained on][tested on], domains in `ProjectDatasets.domains` order.
    public static func domainGap(
        base: LanguageModel, datasets: ProjectDatasets, perLabel: Int = 32, seed: UInt64 = 0,
        recipe: FineTuningRecipe = .lessons
    ) throws -> [[Double]] {
        let domains = ProjectDatasets.domains
        var matrix: [[Double]] = []
        for source in domains {
            let training = try datasets.sentiment(source, "train").subset(perLabel: perLabel, seed: seed)
            let result = try recipe.run(
                trunk: base.copy().gpt, tokenizer: base.tokenizer, training: training,
                validation: datasets.sentiment(source, "validation"), test: datasets.sentiment(source, "test"),
                seed: seed)
            let task = try TextClassificationTask(
                classifier: result.classifier, tokenizer: base.tokenizer.tokenizer, training: training, validation: nil)
            try matrix.append(domains.map { try task.metrics(on: datasets.sentiment($0, "test"), tokenizer: base.tokenizer.tokenizer).accuracy })
        }
        return matrix
    }

    /// Zero-/few-shot accuracy on each domain's test split, for each number of shots
    /// (examples drawn from the domain's training split): accuracy[domain][shots index].
    public static func prompting(
        base: LanguageModel, datasets: ProjectDatasets, shots: [Int] = [0, 1, 4], options: PromptOptions = PromptOptions(),
        template: PromptTemplate = .sentiment
    ) throws -> [[PromptEvaluation]] {
        let scorer = PromptScorer(model: base, template: template)
        return try ProjectDatasets.domains.map { domain in
            let test = try datasets.sentiment(domain, "test")
            let pool = try datasets.sentiment(domain, "train")
            return try shots.map { k in
                var settings = options
                settings.shots = k
                return try scorer.evaluate(test, examplePool: pool, options: settings)
            }
        }
    }
}
