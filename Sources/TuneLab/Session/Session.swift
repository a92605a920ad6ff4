import TuneEngine

/// The learner's working state: the seed, named objects by kind, and the transcript.
///
/// Commands read and add objects here; lesson checks read numbers from here
/// (`value(at:)`), never from printed text.
public final class Session {
    /// The seed every random draw derives from (`seed N`, `--seed N`).
    public var seed: UInt64
    /// Named objects, by name (names are unique across kinds).
    public private(set) var objects: [String: SessionObject] = [:]
    /// Names in the order they were made, for stable listings.
    private var order: [String] = []
    /// Commands run so far and their output.
    public var transcript = Transcript()

    public init(seed: UInt64 = 0) {
        self.seed = seed
    }

    // MARK: - Objects

    /// Adds `object` under its name, replacing one of the same name; returns the replaced one.
    @discardableResult
    public func add(_ object: SessionObject) -> SessionObject? {
        let previous = objects[object.name]
        if previous == nil { order.append(object.name) }
        objects[object.name] = object
        return previous
    }

    /// Removes the object called `name`; returns it, or nil when there is none.
    @discardableResult
    public func remove(_ name: String) -> SessionObject? {
        guard let object = objects.removeValue(forKey: name) else { return nil }
        order.removeAll { $0 == name }
        return object
    }

    /// The object called `name`, of any kind.
    public func object(named name: String) -> SessionObject? { objects[name] }

    /// The object called `name` as the concrete type `T` (what a feature stored).
    public func object<T: SessionObject>(named name: String, as type: T.Type) -> T? {
        objects[name] as? T
    }

    /// Objects in the order they were made, optionally only of `kind`.
    public func allObjects(of kind: SessionObjectKind? = nil) -> [SessionObject] {
        order.compactMap { objects[$0] }.filter { kind == nil || $0.kind == kind }
    }

    /// Names of objects, optionally only of `kind` (for completion and "did you mean").
    public func names(of kind: SessionObjectKind? = nil) -> [String] {
        allObjects(of: kind).map(\.name)
    }

    // MARK: - Values for checks

    /// The number at a dotted path: `seed`, or an object's name followed by its published path.
    public func value(at path: [String]) -> Double? {
        guard let first = path.first else { return nil }
        if path == ["seed"] { return Double(seed) }
        return objects[first]?.value(at: Array(path.dropFirst()))
    }

    /// Every path the session can answer, dotted (for "did you mean" on a missing path).
    public func knownPaths() -> [String] {
        var paths = ["seed"]
        for object in allObjects() {
            paths.append(contentsOf: object.publishedPaths.map { ([object.name] + $0).joined(separator: ".") })
        }
        return paths
    }

    // MARK: - Randomness

    /// A generator derived from the session seed and a label, so that each use draws
    /// its own reproducible stream (`seed 7` then the same commands give the same numbers).
    public func randomGenerator(for label: String) -> RandomGenerator {
        // FNV-1a of the label: a stable hash (Swift's `hashValue` changes between runs).
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in label.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return RandomGenerator(seed: seed).derived(hash)
    }
}
