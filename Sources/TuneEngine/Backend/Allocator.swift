#if os(Linux)
// glibc's mallopt(3) from <malloc.h>, which Swift's Glibc module does not expose.
@_silgen_name("mallopt") private func mallopt(_ parameter: Int32, _ value: Int32) -> Int32
private let M_TRIM_THRESHOLD: Int32 = -1
private let M_MMAP_THRESHOLD: Int32 = -3
#endif

/// How the process allocates memory for tensors.
public enum Allocator {
    /// Asks the C allocator to keep freed tensor buffers for reuse.
    ///
    /// By default glibc gives every buffer over 128 KB its own fresh pages from the
    /// kernel and returns them on free, so each training step pays to zero the same
    /// megabytes again (page faults showed up as a tenth of a step's time). Raising
    /// the thresholds keeps those pages in the heap for the next step. Call once at
    /// start-up; it changes no result.
    public static func keepFreedBuffers() {
        #if os(Linux)
        _ = mallopt(M_MMAP_THRESHOLD, 512 * 1024 * 1024)
        _ = mallopt(M_TRIM_THRESHOLD, 1024 * 1024 * 1024)
        #endif
    }
}
