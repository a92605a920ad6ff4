import TuneText

/// A setting or a dataset that a pre-trained-model task cannot use, said so the fix is clear.
public enum PretrainedTaskError: Error, CustomStringConvertible, Equatable {
    case invalidArgument(name: String, value: String, accepts: String)
    /// An example whose label is not among the classifier's labels.
    case unknownLabel(label: String, source: String, labels: [String])

    public var description: String {
        switch self {
        case .invalidArgument(let name, let value, let accepts):
            return "\(name) = \(value) is not accepted: \(name) must be \(accepts)"
        case .unknownLabel(let label, let source, let labels):
            return "\(source): label \"\(label)\" is not one of the classifier's labels (\(labels.joined(separator: ", ")))"
        }
    }

    /// Each example's class index in `labels`; throws on an unknown label (naming file:line).
    static func classIndices(of dataset: LabelledDataset, in labels: [String]) throws -> [Int] {
        try dataset.examples.map { example in
            guard let index = labels.firstIndex(of: example.label) else {
                throw unknownLabel(label: example.label, source: dataset.name + (example.line.map { ":\($0)" } ?? ""), labels: labels)
            }
            return index
        }
    }
}
