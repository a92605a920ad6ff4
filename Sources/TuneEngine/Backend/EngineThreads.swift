/// The number of cores the engine uses, for BLAS and its own loops alike.
public enum EngineThreads {
    /// Sets BLAS's threads and the engine's loop workers together.
    public static func set(_ count: Int) {
        let count = max(1, count)
        BLAS.threadCount = count
        Parallel.workerCount = count
    }

    /// The current setting (BLAS's, which `set` keeps equal to the loops').
    public static var count: Int { BLAS.threadCount }
}
