import TuneImages

/// Labelled images in the session: one part (`all`) or train, validation and test parts
/// sharing one class list (`data load digits mnist`, `data load shapes DIR`, `data split`).
///
/// Checks read `digits.count`, `digits.labels`, `digits.train.count`, `digits.width`, ...
public final class ImageDatasetObject: SessionObject {
    public let kind = SessionObjectKind.dataset
    public let name: String
    public let origin: String
    public private(set) var parts: [(name: String, images: ImageSet)]
    /// A note on how the images were made ("resized from 3 sizes"), for `data show`.
    public let note: String?

    public init(name: String, origin: String, parts: [(name: String, images: ImageSet)], note: String? = nil) {
        self.name = name
        self.origin = origin
        self.parts = parts
        self.note = note
    }

    public func part(_ partName: String) -> ImageSet? { parts.first { $0.name == partName }?.images }
    public var train: ImageSet { part("train") ?? parts[0].images }
    public var validation: ImageSet? { part("validation") }
    public var test: ImageSet? { part("test") }
    public var labels: [String] { parts[0].images.labels }
    public var count: Int { parts.reduce(0) { $0 + $1.images.count } }

    /// Every image of every part, in part order.
    public var combined: ImageSet {
        if parts.count == 1 { return parts[0].images }
        let all = parts.map(\.images)
        return try! ImageSet(name: name, labels: labels, images: all.flatMap(\.images), labelIndices: all.flatMap(\.labelIndices))
    }

    public func replaceParts(with split: (train: ImageSet, validation: ImageSet, test: ImageSet)) {
        parts = [("train", split.train), ("validation", split.validation), ("test", split.test)]
    }

    public var summary: String {
        let first = parts[0].images
        let sizes = parts.map { "\($0.name) \($0.images.count)" }.joined(separator: ", ")
        let classes = labels.count <= 12 ? labels.joined(separator: ", ") : labels.prefix(10).joined(separator: ", ") + ", … (\(labels.count))"
        return "\(count) images of \(first.width)×\(first.height) (\(sizes)); \(labels.count) classes: \(classes); from \(origin)"
    }

    // MARK: - Values for checks

    private func values(_ sets: [ImageSet], _ path: [String]) -> Double? {
        switch path {
        case ["count"]: return Double(sets.reduce(0) { $0 + $1.count })
        case ["labels"]: return Double(labels.count)
        case ["width"]: return Double(sets.first?.width ?? 0)
        case ["height"]: return Double(sets.first?.height ?? 0)
        default: return nil
        }
    }

    public func value(at path: [String]) -> Double? {
        if let first = path.first, let part = part(first), parts.count > 1 { return values([part], Array(path.dropFirst())) }
        return values(parts.map(\.images), path)
    }

    public var publishedPaths: [[String]] {
        let own: [[String]] = [["count"], ["labels"], ["width"], ["height"]]
        guard parts.count > 1 else { return own }
        return own + parts.map { [$0.name, "count"] }
    }
}
