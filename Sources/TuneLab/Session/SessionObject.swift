/// The kind of a named session object: models, datasets, runs, or a kind a feature adds.
///
/// Features add kinds with an extension: `extension SessionObjectKind { static let tokenizer = SessionObjectKind("tokenizer", plural: "tokenizers") }`.
public struct SessionObjectKind: Hashable, Sendable, CustomStringConvertible {
    public let name: String
    public let plural: String

    public init(_ name: String, plural: String? = nil) {
        self.name = name
        self.plural = plural ?? name + "s"
    }

    public static let model = SessionObjectKind("model")
    public static let dataset = SessionObjectKind("dataset")
    public static let run = SessionObjectKind("run")

    public var description: String { name }
}

/// Something a command made and named, kept in the session for later commands and checks.
///
/// It publishes numbers for lesson checks through `value(at:)`: a run `r1` answers
/// `["best", "valAccuracy"]`, and a check writes `r1.best.valAccuracy >= 0.7`.
public protocol SessionObject: AnyObject {
    /// What it is; `ls` groups by kind and commands ask for objects of a kind.
    var kind: SessionObjectKind { get }
    /// The name commands and checks use (set by the command that made it).
    var name: String { get }
    /// A few lines for `show NAME`.
    var summary: String { get }
    /// The number at `path` (below the object's name), or nil when there is none.
    func value(at path: [String]) -> Double?
    /// Paths `value(at:)` answers, for `show`, for completion and for "did you mean" on a missing path.
    var publishedPaths: [[String]] { get }
}

extension SessionObject {
    public var publishedPaths: [[String]] { [] }
}
