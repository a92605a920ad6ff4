import Foundation

/// Who produced a figure: TuneLab's engine, OpenBLAS called directly, or a
/// reference library run by its Python script.
enum Tool: String, Codable {
    case tuneLab = "TuneLab"
    case directBLAS = "OpenBLAS direct"
    case torch
    case numpy
    case python
}

/// Median, minimum and maximum of a list of samples (runs, not steps).
struct Summary: Codable {
    var median: Double
    var minimum: Double
    var maximum: Double
    var samples: Int

    init(_ values: [Double]) {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        median = sorted.isEmpty ? .nan
            : sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        minimum = sorted.first ?? .nan
        maximum = sorted.last ?? .nan
        samples = sorted.count
    }

    init(median: Double, minimum: Double, maximum: Double, samples: Int) {
        self.median = median
        self.minimum = minimum
        self.maximum = maximum
        self.samples = samples
    }
}

/// One row of the results table.
struct Measurement: Codable {
    /// Identifies the workload across tools, so rows can be compared: "gemm n=512".
    var key: String
    /// What a reader sees: "GEMM fp32 n=512".
    var workload: String
    var tool: Tool
    /// The library's version for reference rows ("2.13.0+cpu"), nil for ours.
    var version: String?
    var threads: Int
    var summary: Summary
    var unit: String
    /// Whether a larger figure is better (GFLOP/s) or worse (s/step, MB).
    var higherIsBetter: Bool
    /// Average CPU (cores) used by other processes during the run that produced this.
    var backgroundCores: Double?
    /// Which attempt was kept (1 = undisturbed first try).
    var attempt: Int = 1
    /// Free-form facts: parameter count, target, first/last loss.
    var note: String?

    var toolLabel: String { version.map { "\(tool.rawValue) \($0)" } ?? tool.rawValue }

    /// Stamps a guarded run's conditions onto measurements it produced.
    static func stamped(_ measurements: [Measurement], _ conditions: QuietMachine.Conditions) -> [Measurement] {
        measurements.map {
            var m = $0
            m.backgroundCores = conditions.backgroundCores
            m.attempt = conditions.attempt
            return m
        }
    }
}

// MARK: - Report

/// Prints measurements as an aligned table, with speed ratios between tools.
struct Report {
    var measurements: [Measurement] = []
    /// What was left out and why, printed under the table.
    var notes: [String] = []
    /// How many units failed (the exit status is non-zero if any did).
    var failures = 0

    mutating func add(_ new: [Measurement]) {
        measurements += new
        for m in new { progress("  \(m.workload) | \(m.toolLabel) | \(m.threads) | \(Report.format(m.summary.median)) \(m.unit)") }
    }

    /// How many times faster `row` is than `other` on the same workload (> 1: `row`
    /// is faster). For times and sizes, the inverse ratio.
    static func speedRatio(_ row: Measurement, _ other: Measurement) -> Double {
        row.higherIsBetter ? row.summary.median / other.summary.median : other.summary.median / row.summary.median
    }

    /// The first row of `tool` with the same key and thread count as `row`.
    func counterpart(of row: Measurement, tool: Tool) -> Measurement? {
        measurements.first { $0.key == row.key && $0.threads == row.threads && $0.tool == tool }
    }

    /// The table as text: one line per measurement, grouped by workload.
    func table() -> String {
        let header = ["workload", "tool", "threads", "median", "min – max", "unit", "bg cores",
                      "vs torch", "vs numpy", "vs direct", "note"]
        var rows: [[String]] = []
        // Keep the order in which workloads first appeared; within one, ours first.
        var keys: [String] = []
        for m in measurements where !keys.contains(m.key) { keys.append(m.key) }
        for key in keys {
            let group = measurements.filter { $0.key == key }
                .sorted { ($0.threads, order($0.tool)) < ($1.threads, order($1.tool)) }
            for m in group {
                func ratio(_ tool: Tool) -> String {
                    guard m.tool == .tuneLab, let other = counterpart(of: m, tool: tool) else { return "" }
                    return String(format: "%.2f×", Report.speedRatio(m, other))
                }
                rows.append([
                    m.workload, m.toolLabel, String(m.threads), Report.format(m.summary.median),
                    m.summary.samples > 1 ? "\(Report.format(m.summary.minimum)) – \(Report.format(m.summary.maximum))" : "",
                    m.unit, m.backgroundCores.map { String(format: "%.2f", $0) + (m.attempt > 1 ? " (try \(m.attempt))" : "") } ?? "?",
                    ratio(.torch), ratio(.numpy), ratio(.directBLAS), m.note ?? "",
                ])
            }
        }
        let widths = header.indices.map { column in
            ([header] + rows).map { $0[column].count }.max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            zip(cells, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }
                .joined(separator: " | ").trimmingCharacters(in: .whitespaces)
        }
        var text = line(header) + "\n" + line(widths.map { String(repeating: "-", count: $0) }) + "\n"
        for row in rows { text += line(row) + "\n" }
        text += """

            bg cores: average CPU used by other processes during the run (cores; steal included).
            vs torch / vs numpy / vs direct: TuneLab's speed relative to that tool on the same
            workload and thread count (> 1 means TuneLab is faster; for s/step, s and MB the
            inverse ratio of the figures).

            """
        text += gemmSummary()
        for note in notes { text += "note: \(note)\n" }
        return text
    }

    /// One line per thread count: the engine's GEMM speed as a share of direct
    /// OpenBLAS at each size, against the target of at least 90 %.
    func gemmSummary() -> String {
        let engineRows = measurements.filter { $0.key.hasPrefix("gemm ") && $0.tool == .tuneLab }
        var text = ""
        for threads in Set(engineRows.map(\.threads)).sorted() {
            let ratios = engineRows.filter { $0.threads == threads }.compactMap { row -> (String, Double)? in
                guard let direct = counterpart(of: row, tool: .directBLAS) else { return nil }
                return (String(row.key.dropFirst("gemm ".count)), Report.speedRatio(row, direct))
            }
            guard !ratios.isEmpty else { continue }
            let met = ratios.filter { $0.1 >= 0.9 }.count
            text += "GEMM engine/direct, \(threads) thread(s): "
                + ratios.map { "\($0.0) \(String(format: "%.0f", $0.1 * 100)) %" }.joined(separator: ", ")
                + "; target ≥ 90 % met at \(met) of \(ratios.count) sizes\n"
        }
        return text
    }

    private func order(_ tool: Tool) -> Int {
        switch tool {
        case .tuneLab: return 0
        case .directBLAS: return 1
        case .torch: return 2
        case .numpy: return 3
        case .python: return 4
        }
    }

    /// Three significant figures, with thousands separated: 0.0114, 96.0, 18,888.
    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "–" }
        let magnitude = abs(value)
        if magnitude >= 1000 {
            let formatter = NumberFormatter()
            formatter.numberStyle = .decimal
            formatter.maximumFractionDigits = 0
            return formatter.string(from: NSNumber(value: value.rounded())) ?? String(Int(value))
        }
        if magnitude == 0 { return "0" }
        let digits = max(0, 2 - Int(floor(log10(magnitude))))
        return String(format: "%.\(digits)f", value)
    }

    /// What the JSON file holds: the measurements with when and how they were taken.
    struct Document: Codable {
        var dateUTC: String
        var arguments: [String]
        var processors: Int
        var measurements: [Measurement]
        var notes: [String]
    }

    /// Writes every measurement, with the machine's facts, as JSON.
    func writeJSON(to path: String, arguments: [String]) throws {
        let formatter = ISO8601DateFormatter()
        let document = Document(
            dateUTC: formatter.string(from: Date()), arguments: arguments,
            processors: ProcessInfo.processInfo.activeProcessorCount, measurements: measurements,
            notes: notes)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            try encoder.encode(document).write(to: URL(fileURLWithPath: path))
        } catch {
            throw BenchError.cannotWrite(path: path, reason: "\(error.localizedDescription)")
        }
    }

    /// A report made of the measurements in JSON files written by earlier runs (to
    /// print one table for a run done in parts, or for an interrupted one).
    static func loading(_ paths: [String]) throws -> Report {
        var report = Report()
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw BenchError.missingFile(path: path, purpose: "--from-json")
            }
            do {
                let document = try JSONDecoder().decode(Document.self, from: data)
                report.measurements += document.measurements
                report.notes += document.notes
            } catch {
                throw BenchError.invalidValue(
                    option: "--from-json", value: path, accepts: "a JSON file written by tunelab-bench --json (\(error))")
            }
        }
        return report
    }
}

/// Seconds on a monotonic clock (unaffected by changes to the wall clock).
func monotonicSeconds() -> Double {
    Double(DispatchTime.now().uptimeNanoseconds) / 1e9
}
