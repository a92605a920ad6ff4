import Foundation

/// Names for the labels a file writes, applied while it is read: `0` becomes `negative`,
/// `1` becomes `positive`. The names, in the order first given, are the class order.
public struct LabelMapping: Equatable, Sendable {
    /// Each label as the file writes it, with its name, in the order given.
    public let pairs: [(written: String, name: String)]

    /// - Throws: `DatasetError.invalidArgument` when there are no pairs, a written label
    ///   appears twice, or a part is empty.
    public init(pairs: [(written: String, name: String)]) throws {
        let shown = pairs.map { "\($0.written):\($0.name)" }.joined(separator: ",")
        guard !pairs.isEmpty else {
            throw DatasetError.invalidArgument(name: "labels", value: "(nothing)", accepts: "pairs such as 0:negative,1:positive")
        }
        if let empty = pairs.first(where: { $0.written.isEmpty || $0.name.isEmpty }) {
            throw DatasetError.invalidArgument(
                name: "labels", value: shown,
                accepts: "WRITTEN:NAME pairs with both parts (\"\(empty.written):\(empty.name)\" lacks one)")
        }
        if let twice = LabelledDataset.firstDuplicate(pairs.map(\.written)) {
            throw DatasetError.invalidArgument(
                name: "labels", value: shown, accepts: "each written label once (\"\(twice)\" appears twice)")
        }
        self.pairs = pairs
    }

    /// Reads `0:negative,1:positive` (spaces around the parts are dropped).
    public init(parsing text: String) throws {
        let entries = text.split(separator: ",", omittingEmptySubsequences: true).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        var pairs: [(written: String, name: String)] = []
        for entry in entries where !entry.isEmpty {
            guard let colon = entry.lastIndex(of: ":") else {
                throw DatasetError.invalidArgument(
                    name: "labels", value: text,
                    accepts: "WRITTEN:NAME pairs such as 0:negative,1:positive (\"\(entry)\" has no colon)")
            }
            pairs.append((
                String(entry[..<colon]).trimmingCharacters(in: .whitespaces),
                String(entry[entry.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
        }
        try self.init(pairs: pairs)
    }

    /// The names, each once, in the order first given: the class order.
    public var names: [String] {
        var seen: Set<String> = []
        return pairs.map(\.name).filter { seen.insert($0).inserted }
    }

    /// The labels as the file writes them, in the order given.
    public var writtenLabels: [String] { pairs.map(\.written) }

    /// The name of `written`, or nil when the mapping does not mention it.
    public func name(of written: String) -> String? {
        pairs.first { $0.written == written }?.name
    }

    public static func == (lhs: LabelMapping, rhs: LabelMapping) -> Bool {
        lhs.pairs.map(\.written) == rhs.pairs.map(\.written) && lhs.pairs.map(\.name) == rhs.pairs.map(\.name)
    }
}
