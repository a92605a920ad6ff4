import TuneEngine
import TuneImages

/// Few-shot episodes on unseen Hershey symbols: each episode draws `way` classes from a
/// pool, `shots` labelled images and `queries` test images of each (every image a new
/// augmented drawing), builds a prototype per class from the shots and classifies the
/// queries by the nearest prototype. The mean and spread over episodes say how well a
/// feature space separates classes it was never trained on.
public struct FewShotEpisodes: Sendable {
    public var way: Int
    public var shots: Int
    public var queries: Int
    public var episodes: Int
    public var seed: UInt64

    public init(way: Int, shots: Int, queries: Int = 10, episodes: Int = 10, seed: UInt64 = 0) {
        self.way = way
        self.shots = shots
        self.queries = queries
        self.episodes = episodes
        self.seed = seed
    }

    /// Splits the symbol classes in two halves with a fixed seed: validation classes (for
    /// choosing settings) and test classes (reported once).
    public static func classPools(_ glyphs: HersheyGlyphs) -> (validation: [Int], test: [Int]) {
        var generator = RandomGenerator(seed: 0x5EED)
        var all = Array(glyphs.symbols.indices)
        all.shuffle(using: &generator)
        let half = all.count / 2
        return (Array(all[..<half]).sorted(), Array(all[half...]).sorted())
    }

    /// Accuracy per episode of nearest-prototype classification in the feature space
    /// `embed` gives, for classes drawn from `pool`.
    public func run(
        glyphs: HersheyGlyphs, pool: [Int], embed: (ImageSet) throws -> SentenceEmbeddings
    ) throws -> FewShotResult {
        try run(glyphs: glyphs, pool: pool) { images, support, query, _ in
            let features = try embed(images)
            let classifier = try PrototypeClassifier(
                classes: support.map { images.labelIndices[$0] }, embeddings: features.rows(support), labels: images.labels,
                shots: shots, seed: seed)
            return classifier.classify(features.rows(query))
        }
    }

    /// Accuracy per episode of `learner` for classes drawn from `pool`.
    public func run(glyphs: HersheyGlyphs, pool: [Int], learner: FewShotLearner) throws -> FewShotResult {
        try run(glyphs: glyphs, pool: pool) { images, support, query, episodeSeed in
            try learner.predict(images, support: support, query: query, seed: episodeSeed)
        }
    }

    /// Accuracy per episode of any classifier: `classify` gets the episode's images
    /// (labels 0..<way), the positions of the labelled shots and of the queries, and a
    /// seed of the episode's own; it returns the class it gives each query, in order.
    public func run(
        glyphs: HersheyGlyphs, pool: [Int],
        classify: (_ images: ImageSet, _ support: [Int], _ query: [Int], _ seed: UInt64) throws -> [Int]
    ) throws -> FewShotResult {
        guard way >= 2, way <= pool.count, shots >= 1, queries >= 1, episodes >= 1 else {
            throw ImageError.invalidArgument(
                name: "way, shots, queries, episodes", value: "\(way), \(shots), \(queries), \(episodes)",
                accepts: "way in 2...\(pool.count), the others at least 1")
        }
        var generator = RandomGenerator(seed: seed)
        var accuracies: [Double] = []
        for episode in 0..<episodes {
            var classes = pool
            classes.shuffle(using: &generator)
            classes = Array(classes.prefix(way))
            // Shots first in each class, then queries: one drawing seed per episode.
            let episodeSeed = seed &+ UInt64(episode) &* 7919
            let images = glyphs.symbolSet(classes: classes, perClass: shots + queries, seed: episodeSeed)
            let support = images.indicesByLabel().flatMap { $0.prefix(shots) }
            let query = images.indicesByLabel().flatMap { $0.dropFirst(shots) }
            let predictions = try classify(images, support, query, episodeSeed)
            let correct = zip(predictions, query.map { images.labelIndices[$0] }).filter { $0 == $1 }.count
            accuracies.append(Double(correct) / Double(query.count))
        }
        return FewShotResult(shots: shots, accuracies: accuracies)
    }

    /// The same episodes repeated with seeds `seeds` (each seed draws other classes,
    /// other drawings and, for a trained learner, another start): one result per seed.
    public func overSeeds(
        _ seeds: [UInt64], glyphs: HersheyGlyphs, pool: [Int], learner: FewShotLearner, shouldStop: () -> Bool = { false }
    ) throws -> [FewShotResult] {
        var results: [FewShotResult] = []
        for seed in seeds {
            if shouldStop() { break }
            var episodes = self
            episodes.seed = seed
            try results.append(episodes.run(glyphs: glyphs, pool: pool, learner: learner))
        }
        return results
    }
}
