import Dispatch
import Synchronization

/// Splits a loop over rows or elements across the machine's cores.
///
/// BLAS already runs matrix products on several threads; this does the same for
/// the engine's own loops (GELU, layer norm, softmax, attention heads). A loop is
/// split only when it is big enough to pay for waking the other threads (about
/// ten microseconds).
public enum Parallel {
    /// How many threads the engine's own loops use; 1 runs everything inline.
    /// Set together with `BLAS.threadCount` so "threads=1" means one core.
    public static var workerCount: Int {
        get { workers.load(ordering: .relaxed) }
        set { workers.store(newValue, ordering: .relaxed) }
    }
    private static let workers = Atomic<Int>(2)

    /// Calls `body` on contiguous, disjoint chunks that together cover 0..<count.
    /// `cost` is the rough work per index in elements touched; small loops run inline.
    /// `body` must only write to memory its own chunk owns.
    @inline(__always)
    public static func forEachChunk(_ count: Int, cost: Int = 1, _ body: (Range<Int>) -> Void) {
        let workers = min(workerCount, count)
        guard workers > 1, count * cost >= 32_768 else {
            body(0..<count)
            return
        }
        withoutActuallyEscaping(body) { body in
            // The chunks are disjoint and `body` writes only its own (the contract above),
            // so sharing it with the worker threads is safe although the compiler cannot
            // prove it.
            nonisolated(unsafe) let body = body
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                let start = count * worker / workers, end = count * (worker + 1) / workers
                if start < end { body(start..<end) }
            }
        }
    }
}
