import Foundation
import TuneEngine
import TuneModels

extension SessionObjectKind {
    /// Results of the pre-trained encoder's tasks (zero-shot, few-shot, probe, similarity).
    public static let result = SessionObjectKind("result")
}

/// A pre-trained sentence encoder in the session (`encoder load mini`): the BERT model,
/// its WordPiece tokenizer, and the sentence embeddings computed so far (each text is
/// embedded once; zero-shot, few-shot and probe commands reuse them).
public final class PretrainedEncoderObject: ModuleHolder {
    public let kind = SessionObjectKind.model
    public let name: String
    public let encoder: SentenceEncoder
    /// Where the weights came from (so that fine-tuning can load a fresh copy).
    public let files: PretrainedModelFiles
    public let loadSeconds: Double
    public var inspection = InspectionState()
    /// Unit-length embeddings by text.
    private var cache: [String: [Float]] = [:]
    /// Texts embedded so far and the seconds it took (for sentences per second).
    public private(set) var embeddedCount = 0
    public private(set) var embeddingSeconds = 0.0

    public init(name: String, encoder: SentenceEncoder, files: PretrainedModelFiles, loadSeconds: Double) {
        self.name = name
        self.encoder = encoder
        self.files = files
        self.loadSeconds = loadSeconds
    }

    public var module: Module { encoder.model }

    /// Sentences per second of the embeddings computed so far (0 before any).
    public var sentencesPerSecond: Double { embeddingSeconds > 0 ? Double(embeddedCount) / embeddingSeconds : 0 }

    /// The embeddings of `texts`, computing only those not cached, `batchSize` at a time;
    /// `progress` hears (done, total) after each batch and `shouldStop` is polled between
    /// batches (stopping throws `PretrainedStopped`, keeping what was cached).
    public func embeddings(
        of texts: [String], progress: ((Int, Int) -> Void)? = nil, shouldStop: () -> Bool = { false }
    ) throws -> SentenceEmbeddings {
        var missing: [String] = []
        var seen = Set<String>()
        for text in texts where cache[text] == nil && !seen.contains(text) {
            missing.append(text)
            seen.insert(text)
        }
        // Similar lengths share a batch: less padding.
        missing.sort { encoder.tokenIDs($0).count > encoder.tokenIDs($1).count }
        let batch = 32
        for start in stride(from: 0, to: missing.count, by: batch) {
            if shouldStop() { throw PretrainedStopped(done: start, total: missing.count) }
            let chunk = Array(missing[start..<min(start + batch, missing.count)])
            let began = Date()
            let rows = try encoder.embed(chunk, batchSize: batch)
            embeddingSeconds += Date().timeIntervalSince(began)
            embeddedCount += chunk.count
            for (index, text) in chunk.enumerated() {
                cache[text] = Array(rows.values[(index * dimension)..<((index + 1) * dimension)])
            }
            progress?(start + chunk.count, missing.count)
        }
        return SentenceEmbeddings(values: texts.flatMap { cache[$0]! }, dimension: dimension)
    }

    public var dimension: Int { encoder.dimension }

    public var summary: String {
        let configuration = encoder.model.configuration
        return "pre-trained BERT encoder from \(files.location.lastPathComponent): \(configuration.layerCount) layers, width \(configuration.hiddenSize), "
            + "\(configuration.headCount) heads, vocabulary \(configuration.vocabularySize), \(encoder.model.parameterCount) parameters; "
            + "\(cache.count) sentences embedded"
    }

    public func value(at path: [String]) -> Double? {
        let configuration = encoder.model.configuration
        switch path {
        case ["layers"]: return Double(configuration.layerCount)
        case ["width"]: return Double(configuration.hiddenSize)
        case ["heads"]: return Double(configuration.headCount)
        case ["vocabulary"]: return Double(configuration.vocabularySize)
        case ["maxLength"]: return Double(encoder.maximumLength)
        case ["loadSeconds"]: return loadSeconds
        case ["embedded"]: return Double(cache.count)
        case ["sentencesPerSecond"]: return sentencesPerSecond
        default: return inspectionValue(at: path)
        }
    }

    public var publishedPaths: [[String]] {
        [["layers"], ["width"], ["heads"], ["vocabulary"], ["maxLength"], ["loadSeconds"], ["embedded"], ["sentencesPerSecond"]]
            + inspectionPaths
    }
}

/// A long command stopped by Ctrl-C between batches.
public struct PretrainedStopped: Error, CustomStringConvertible {
    public let done: Int
    public let total: Int
    public var description: String { "stopped by request after \(done) of \(total)" }
}

/// Numbers one encoder command measured (`zs.accuracy`, `fs.mean`, `sim.cosine`), with
/// the lines `show NAME` prints.
public final class PretrainedResultObject: SessionObject {
    public let kind = SessionObjectKind.result
    public let name: String
    public let summary: String
    /// Published numbers by dotted path.
    public let numbers: [(path: [String], value: Double)]

    public init(name: String, summary: String, numbers: [(path: [String], value: Double)]) {
        self.name = name
        self.summary = summary
        self.numbers = numbers
    }

    public func value(at path: [String]) -> Double? { numbers.first { $0.path == path }?.value }
    public var publishedPaths: [[String]] { numbers.map(\.path) }
}
