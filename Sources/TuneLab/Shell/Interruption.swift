import Foundation
import Synchronization

/// The process-wide "stop, please" flag that Ctrl-C raises.
///
/// The signal handler only calls `request()` (one atomic store: safe inside a signal
/// handler and free of data races with the threads that poll it). Long-running loops poll `isRequested` between
/// steps (commands receive it as `context.shouldStop`), stop at the next step
/// boundary, and keep what they computed. The shell calls `reset()` before each command.
public enum Interruption {
    // A lock-free atomic word: the handler's store and the loops' loads on other threads
    // never race, and storing to it is safe inside a signal handler. Created once, before
    // any handler is installed (`prepare()`), so the handler never triggers lazy initialisation.
    private static let flag = Atomic<Int>(0)

    /// Touches the flag's storage; call before installing a signal handler.
    public static func prepare() { _ = flag.load(ordering: .relaxed) }

    /// True once Ctrl-C was pressed since the last `reset()`.
    public static var isRequested: Bool { flag.load(ordering: .relaxed) != 0 }

    /// Raises the flag (the SIGINT handler calls this).
    public static func request() { flag.store(1, ordering: .relaxed) }

    /// Lowers the flag.
    public static func reset() { flag.store(0, ordering: .relaxed) }
}
