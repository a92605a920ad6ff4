import Foundation

/// The process-wide "stop, please" flag that Ctrl-C raises.
///
/// The signal handler only calls `request()` (one store to a preallocated word:
/// safe inside a signal handler). Long-running loops poll `isRequested` between
/// steps (commands receive it as `context.shouldStop`), stop at the next step
/// boundary, and keep what they computed. The shell calls `reset()` before each command.
public enum Interruption {
    // Allocated once, before any handler is installed (`prepare()`), so the handler
    // never triggers lazy initialisation.
    private static let flag: UnsafeMutablePointer<sig_atomic_t> = {
        let pointer = UnsafeMutablePointer<sig_atomic_t>.allocate(capacity: 1)
        pointer.initialize(to: 0)
        return pointer
    }()

    /// Touches the flag's storage; call before installing a signal handler.
    public static func prepare() { _ = flag }

    /// True once Ctrl-C was pressed since the last `reset()`.
    public static var isRequested: Bool { flag.pointee != 0 }

    /// Raises the flag (the SIGINT handler calls this).
    public static func request() { flag.pointee = 1 }

    /// Lowers the flag.
    public static func reset() { flag.pointee = 0 }
}
