/// The loop behind every `seeds=N` key: the same work once per seed (seed, seed+1, …),
/// with Ctrl-C honoured between seeds. Seeds that finished are kept; a seed stopped
/// midway is left out, because half a run would pull the mean towards an untrained model.
enum SeedLoop {
    /// How one seed's work ended.
    enum Outcome<Result> {
        case finished(Result)
        /// Stopped by Ctrl-C inside the seed; `detail` says where (", after 12 steps").
        case stopped(detail: String)
    }

    /// Calls `body(index, seed)` for `count` seeds from `firstSeed` and returns the results
    /// of the seeds that finished, in seed order. Prints why it stopped early, and that
    /// nothing is kept as `name` when no seed finished.
    static func run<Result>(
        count: Int, firstSeed: UInt64, name: String, context: CommandContext,
        _ body: (_ index: Int, _ seed: UInt64) throws -> Outcome<Result>
    ) throws -> [(seed: UInt64, result: Result)] {
        let output = context.output
        var finished: [(seed: UInt64, result: Result)] = []
        for index in 0..<count {
            let seed = firstSeed + UInt64(index)
            // Between seeds: the only place a stop costs nothing.
            if index > 0, context.shouldStop() {
                output.line("Stopped by Ctrl-C after \(finished.count) of \(count) seeds; the summary covers those.")
                break
            }
            switch try body(index, seed) {
            case .finished(let result):
                finished.append((seed, result))
            case .stopped(let detail):
                output.line("Stopped by Ctrl-C during seed \(seed)\(detail); that run is left out"
                    + (finished.isEmpty ? "." : ", the summary covers the \(finished.count) seed\(finished.count == 1 ? "" : "s") before it."))
                if finished.isEmpty { output.line("No seed finished, so nothing is kept as \(name).") }
                return finished
            }
        }
        return finished
    }

    /// "seeds 0 to 4" (or "seed 0" for one).
    static func range(first: UInt64, count: Int) -> String {
        count == 1 ? "seed \(first)" : "seeds \(first) to \(first + UInt64(count - 1))"
    }
}
