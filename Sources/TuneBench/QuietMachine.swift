import Foundation

/// Watches the machine's CPU use so that a benchmark knows whether other processes
/// disturbed it.
///
/// The machine is shared: another process busy on one of two cores can halve a
/// two-thread figure. So, as the reference runner does, every workload
///   1. waits (for a bounded time) until other processes use little CPU,
///   2. records the average CPU that *other* processes used while it ran
///      ("background cores": total busy time minus this process's own and its
///      children's, divided by the wall time; steal time counts as busy), and
///   3. is retried a bounded number of times when that figure is too high,
///      keeping the least disturbed attempt.
///
/// Everything is read from /proc (Linux); elsewhere the figures are reported as
/// unknown and no waiting happens.
struct QuietMachine {
    /// Other processes' CPU use (in cores) below which the machine counts as quiet.
    var quietBelow = 0.15
    /// Background CPU (in cores) above which a run counts as disturbed and is retried.
    var disturbedAbove = 0.2
    /// The longest wait for a quiet machine before a workload, in seconds.
    var maximumWait: Double = 60
    /// How many extra attempts a disturbed run gets.
    var retries = 2

    // MARK: - Reading /proc

    /// CPU seconds the whole machine has spent busy (everything but idle and
    /// iowait; steal included) since boot, from the first line of /proc/stat.
    static func machineBusySeconds() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
              let line = text.split(separator: "\n").first, line.hasPrefix("cpu ") else { return nil }
        let fields = line.split(separator: " ").dropFirst().compactMap { Double($0) }
        guard fields.count >= 5 else { return nil }
        // user nice system idle iowait irq softirq steal (guest time is inside user)
        let total = fields.prefix(8).reduce(0, +)
        let idle = fields[3] + fields[4]
        return (total - idle) / clockTicksPerSecond
    }

    /// CPU seconds used by this process and by its children that have been waited
    /// for: utime + stime + cutime + cstime from /proc/self/stat.
    static func ownAndChildrenSeconds() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
              let afterName = text.range(of: ")", options: .backwards) else { return nil }
        // Fields after the command name start at field 3 (state); utime is field 14.
        let fields = text[afterName.upperBound...].split(separator: " ")
        guard fields.count >= 15 else { return nil }
        let ticks = fields[11...14].compactMap { Double($0) }.reduce(0, +)
        return ticks / clockTicksPerSecond
    }

    static let clockTicksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))

    // MARK: - Waiting and guarding

    /// Other processes' CPU use (cores) over `seconds` of this process sleeping.
    func backgroundLoad(over seconds: Double = 2) -> Double? {
        guard let busy0 = Self.machineBusySeconds(), let own0 = Self.ownAndChildrenSeconds() else { return nil }
        Thread.sleep(forTimeInterval: seconds)
        guard let busy1 = Self.machineBusySeconds(), let own1 = Self.ownAndChildrenSeconds() else { return nil }
        return max(0, (busy1 - busy0) - (own1 - own0)) / seconds
    }

    /// Waits until the machine is quiet or `maximumWait` has passed; returns the last
    /// load seen and the seconds waited.
    func waitForQuiet() -> (load: Double?, waited: Double) {
        let start = Date()
        var load = backgroundLoad()
        while let current = load, current > quietBelow, Date().timeIntervalSince(start) < maximumWait {
            Thread.sleep(forTimeInterval: 3)
            load = backgroundLoad()
        }
        return (load, Date().timeIntervalSince(start))
    }

    /// One guarded attempt's facts, attached to every measurement it produced.
    struct Conditions {
        /// Average CPU (cores) other processes used during the run; nil if unknown.
        var backgroundCores: Double?
        /// Background load just before the run, after waiting.
        var loadBefore: Double?
        var waitedSeconds: Double
        /// 1 for the first attempt.
        var attempt: Int
    }

    /// Runs `body` after waiting for a quiet machine, measures the background CPU
    /// during it, and retries it while disturbed (at most `retries` more times).
    /// Returns the result of the least disturbed attempt with its conditions.
    func guarded<Result>(_ name: String, _ body: () throws -> Result) rethrows -> (Result, Conditions) {
        var best: (Result, Conditions)?
        for attempt in 1...(retries + 1) {
            let (loadBefore, waited) = waitForQuiet()
            let busy0 = Self.machineBusySeconds(), own0 = Self.ownAndChildrenSeconds()
            let start = Date()
            let result = try body()
            let wall = Date().timeIntervalSince(start)
            var background: Double?
            if let busy0, let own0, let busy1 = Self.machineBusySeconds(), let own1 = Self.ownAndChildrenSeconds(), wall > 0 {
                background = max(0, (busy1 - busy0) - (own1 - own0)) / wall
            }
            let conditions = Conditions(
                backgroundCores: background, loadBefore: loadBefore, waitedSeconds: waited, attempt: attempt)
            let shown = background.map { String(format: "%.2f", $0) } ?? "unknown"
            progress("[\(name)] attempt \(attempt): \(String(format: "%.1f", wall)) s, background \(shown) cores"
                + (waited >= 3 ? ", waited \(Int(waited)) s for a quiet machine" : ""))
            if best == nil || (background ?? .infinity) < (best!.1.backgroundCores ?? .infinity) {
                best = (result, conditions)
            }
            guard let background, background > disturbedAbove else { break }
        }
        return best!
    }
}

/// Progress lines go to standard error so that standard output holds only the table.
func progress(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
