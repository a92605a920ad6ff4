import TuneEngine

/// Labelled images of one size: the image counterpart of a labelled text dataset.
///
/// `labels` is the class order; `labelIndices[i]` is image i's class.
public struct ImageSet: Sendable {
    public let name: String
    public let labels: [String]
    public let images: [GrayImage]
    public let labelIndices: [Int]
    /// Every image's size.
    public let width: Int
    public let height: Int

    public init(name: String, labels: [String], images: [GrayImage], labelIndices: [Int]) throws {
        guard images.count == labelIndices.count else {
            throw ImageError.invalidArgument(name: "labelIndices", value: "\(labelIndices.count) entries", accepts: "one per image (\(images.count))")
        }
        guard labelIndices.allSatisfy({ labels.indices.contains($0) }) else {
            throw ImageError.invalidArgument(name: "labelIndices", value: "out of range", accepts: "indices into the \(labels.count) labels")
        }
        let width = images.first?.width ?? 0, height = images.first?.height ?? 0
        if let odd = images.firstIndex(where: { $0.width != width || $0.height != height }) {
            throw ImageError.mixed(file: "\(name) image \(odd)", reason: "\(images[odd].width)×\(images[odd].height), but the first image is \(width)×\(height)")
        }
        self.name = name
        self.labels = labels
        self.images = images
        self.labelIndices = labelIndices
        self.width = width
        self.height = height
    }

    public var count: Int { images.count }

    /// Image positions of each class, in `labels` order.
    public func indicesByLabel() -> [[Int]] {
        var groups = Array(repeating: [Int](), count: labels.count)
        for (position, label) in labelIndices.enumerated() { groups[label].append(position) }
        return groups
    }

    /// Images per class, in `labels` order.
    public var countsByLabel: [Int] { indicesByLabel().map(\.count) }

    /// The images at `positions` (in that order), keeping every label.
    public func selecting(_ positions: [Int], name newName: String? = nil) -> ImageSet {
        // Built from valid parts of a valid set: cannot fail.
        try! ImageSet(name: newName ?? name, labels: labels, images: positions.map { images[$0] }, labelIndices: positions.map { labelIndices[$0] })
    }

    /// Only the classes at `classPositions` (into `labels`), renumbered 0..<n in that order.
    public func restricted(toClasses classPositions: [Int], name newName: String? = nil) -> ImageSet {
        var newIndex = [Int: Int]()
        for (position, label) in classPositions.enumerated() { newIndex[label] = position }
        let kept = labelIndices.indices.filter { newIndex[labelIndices[$0]] != nil }
        return try! ImageSet(
            name: newName ?? name, labels: classPositions.map { labels[$0] }, images: kept.map { images[$0] },
            labelIndices: kept.map { newIndex[labelIndices[$0]]! })
    }

    /// Splits into train, validation and test, each class in the same proportions
    /// (shuffled with `seed`; round(n × fraction) per class, test gets the rest).
    public func split(trainFraction: Double, validationFraction: Double, seed: UInt64) throws -> (train: ImageSet, validation: ImageSet, test: ImageSet) {
        guard (0...1).contains(trainFraction), (0...1).contains(validationFraction), trainFraction + validationFraction <= 1 + 1e-9 else {
            throw ImageError.invalidArgument(
                name: "train, validation", value: "\(trainFraction), \(validationFraction)", accepts: "fractions in 0...1 adding up to at most 1")
        }
        var generator = RandomGenerator(seed: seed)
        var train: [Int] = [], validation: [Int] = [], test: [Int] = []
        for var members in indicesByLabel() {
            members.shuffle(using: &generator)
            let trainCount = min(members.count, Int((Double(members.count) * trainFraction).rounded()))
            let validationCount = min(members.count - trainCount, Int((Double(members.count) * validationFraction).rounded()))
            train += members[..<trainCount]
            validation += members[trainCount..<(trainCount + validationCount)]
            test += members[(trainCount + validationCount)...]
        }
        return (selecting(train.sorted(), name: "\(name) (train)"), selecting(validation.sorted(), name: "\(name) (validation)"),
                selecting(test.sorted(), name: "\(name) (test)"))
    }

    /// `perLabel` images of every class drawn with `seed`, and the rest.
    public func subset(perLabel: Int, seed: UInt64) throws -> (chosen: ImageSet, rest: ImageSet) {
        guard perLabel >= 1 else { throw ImageError.invalidArgument(name: "perLabel", value: "\(perLabel)", accepts: "at least 1") }
        var generator = RandomGenerator(seed: seed)
        var chosen: [Int] = [], rest: [Int] = []
        for (label, var members) in indicesByLabel().enumerated() {
            guard members.count >= perLabel else {
                throw ImageError.invalidArgument(
                    name: "perLabel", value: "\(perLabel)", accepts: "at most \(members.count) (the images of class \(labels[label]) in \(name))")
            }
            members.shuffle(using: &generator)
            chosen += members.prefix(perLabel)
            rest += members.dropFirst(perLabel)
        }
        return (selecting(chosen.sorted(), name: "\(perLabel) per class of \(name)"), selecting(rest.sorted(), name: "\(name) (rest)"))
    }

    /// All pixels as one row per image, [count, height × width].
    public var pixelRows: [Float] { images.flatMap(\.pixels) }
}
