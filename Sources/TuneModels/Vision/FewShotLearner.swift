import TuneEngine
import TuneImages

/// How a few-shot episode's classifier is made from its labelled shots.
public enum FewShotLearner {
    /// Nearest prototype (the mean of a class's shots) in a feature space of `network`,
    /// or in raw pixels; nothing is trained.
    case prototypes(LeNet5, ImageFeatureSource)
    /// A LeNet-5 trained on the shots by `recipe`: fine-tuned from `network` with a new
    /// head (the recipe's strategy), or the same architecture from scratch (no strategy).
    case trained(LeNet5, ImageFineTuningRecipe)

    /// A short name for reports.
    public var name: String {
        switch self {
        case .prototypes(_, let source): return "prototypes on \(source.name)"
        case .trained(_, let recipe): return recipe.name
        }
    }

    /// The class of each image at `query` in `images`, learned from the images at
    /// `support` (labels 0..<way); `seed` sets a trained learner's start and batch order.
    public func predict(_ images: ImageSet, support: [Int], query: [Int], seed: UInt64) throws -> [Int] {
        switch self {
        case .prototypes(let network, let source):
            let features = try network.embeddings(of: images, from: source)
            let shots = support.count / max(images.labels.count, 1)  // the same for every class in an episode
            let classifier = try PrototypeClassifier(
                classes: support.map { images.labelIndices[$0] }, embeddings: features.rows(support), labels: images.labels,
                shots: max(shots, 1), seed: seed)
            return classifier.classify(features.rows(query))
        case .trained(let network, let recipe):
            // Every shot in every step (a batch of way × shots images): there are few.
            var full = recipe
            full.options.batchSize = support.count
            let result = try full.run(
                from: network, training: images.selecting(support), validation: nil, test: nil, seed: seed)
            return try ImageClassificationTask.accuracy(of: result.network, on: images.selecting(query)).predictions
        }
    }
}
