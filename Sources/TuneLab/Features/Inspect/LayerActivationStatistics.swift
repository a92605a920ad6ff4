import TuneEngine

/// What one layer output during a traced pass: its spread, and how many units are
/// switched off (ReLU) or pinned at the ends of their range (sigmoid, tanh).
public struct LayerActivationStatistics: Sendable {
    /// The module's key in the model (`blocks.3.layers.2`).
    public var key: String
    /// The activation function, when the record came from one.
    public var kind: ActivationKind?
    public var statistics: TensorStatistics
    /// Fraction of values exactly 0 (ReLU switched off for that example), or nil for other kinds.
    public var zeroFraction: Double?
    /// Fraction of units that are 0 for every row of the batch (dead ReLU units), when the
    /// number of units is known.
    public var deadUnitFraction: Double?
    /// Fraction of values in the flat ends: sigmoid below 0.01 or above 0.99, tanh beyond ±0.99.
    public var saturatedFraction: Double?

    /// Statistics of one trace record; `units` is the layer's width when known (see
    /// `units(of:rows:)`): value i belongs to unit i % units.
    public init(key: String, record: ActivationTrace.Record, units: Int?) {
        self.key = key
        kind = record.kind
        statistics = TensorStatistics(record.values)
        let values = record.values
        let total = Double(Swift.max(values.count, 1))
        switch record.kind {
        case .relu?:
            zeroFraction = Double(values.filter { $0 <= 0 }.count) / total
            if let units, units > 0, values.count % units == 0 {
                var everActive = [Bool](repeating: false, count: units)
                for (index, value) in values.enumerated() where value > 0 { everActive[index % units] = true }
                deadUnitFraction = Double(everActive.filter { !$0 }.count) / Double(units)
            }
        case .sigmoid?:
            saturatedFraction = Double(values.filter { $0 < 0.01 || $0 > 0.99 }.count) / total
        case .tanh?:
            saturatedFraction = Double(values.filter { abs($0) > 0.99 }.count) / total
        default:
            break
        }
    }

    /// How many units a record's values cycle through, for `deadUnitFraction`; nil when
    /// unknown. `rows` is the number of rows (examples, or tokens) in the traced batch.
    ///
    /// - A convolution's [N, H, W, C] output: C. A unit is a channel (one filter applied at
    ///   every position); it is dead when it is 0 at every position of every image. In
    ///   NHWC value i belongs to channel i % C, so counting by `i % units` counts channels.
    /// - Anything else: the values of one row, count / rows: a neuron of a dense layer
    ///   [N, features], or one feature at one position of a sequence.
    public static func units(of record: ActivationTrace.Record, rows: Int?) -> Int? {
        if record.shape.count == 4, let channels = record.shape.last, channels > 0 { return channels }
        guard let rows, rows > 0, record.values.count % rows == 0 else { return nil }
        return record.values.count / rows
    }

    /// Statistics for every record of a trace, keyed by the modules of `module`.
    /// `units` gives a record's width when the caller knows it.
    public static func of(trace records: [ActivationTrace.Record], in module: Module,
                          units: (Int) -> Int? = { _ in nil }) -> [LayerActivationStatistics] {
        var keys: [ObjectIdentifier: String] = [:]
        for (key, child) in module.namedModules() { keys[ObjectIdentifier(child)] = key.isEmpty ? "(model)" : key }
        return records.enumerated().map { position, record in
            LayerActivationStatistics(key: keys[record.module] ?? "layer \(position + 1)", record: record, units: units(position))
        }
    }
}
