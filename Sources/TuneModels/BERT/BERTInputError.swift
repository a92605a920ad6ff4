/// A batch given to `BERTModel` that it cannot encode: which argument, where, and
/// what it accepts.
public struct BERTInputError: Error, CustomStringConvertible, Equatable {
    /// The argument's name ("ids", "attentionMask", "tokenTypeIDs", "batchSize").
    public let argument: String
    public let reason: String

    public init(argument: String, reason: String) {
        self.argument = argument
        self.reason = reason
    }

    public var description: String { "BERT input `\(argument)`: \(reason)" }
}
