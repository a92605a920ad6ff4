/// Several arrays' storage at once, for kernels that read some arrays and write others.
///
///     withBuffers(query.values, key.values, value.values, writing: &dQuery, &dKey, &dValue) { q, k, v, dq, dk, dv in
///         // one kernel call over six raw buffers
///     }
///
/// instead of six nested `withUnsafe…BufferPointer` closures. The arrays before
/// `writing:` are read (`UnsafeBufferPointer`), those after it are written
/// (`UnsafeMutableBufferPointer`), each handed to `body` in the order given. One
/// helper, in the few arities the ops use; each is the same nesting written once.
///
/// Why this is safe:
/// - Every pointer is the one `withUnsafeBufferPointer` or `withUnsafeMutableBufferPointer`
///   hands out, and `body` runs inside all of those calls, so every pointer is valid
///   for all of `body` and for no longer: `body` must not let one escape.
/// - The arrays read are held (a copy of each, which shares its storage) until the
///   call returns, so nothing can free or move their storage meanwhile.
/// - The arrays written are `inout`, so Swift's exclusivity rule forbids any other
///   access to them during the call; passing the same array twice to `writing:` does
///   not compile (or traps, for a class's property).
/// - An array both read and written (`withBuffers(x, writing: &x)`) is copied before it
///   is written (copy on write), so the read pointer keeps seeing the old values.
///
/// Nothing is copied or allocated otherwise: the closures are inlined away, so a kernel
/// runs exactly as it would in the nested form.

// MARK: - Reading

/// Reads `a` and `b`.
@inline(__always)
func withBuffers<A, B, Result>(
    _ a: [A], _ b: [B],
    _ body: (UnsafeBufferPointer<A>, UnsafeBufferPointer<B>) throws -> Result
) rethrows -> Result {
    try a.withUnsafeBufferPointer { a in
        try b.withUnsafeBufferPointer { b in try body(a, b) }
    }
}

/// Reads `a`, `b` and `c`.
@inline(__always)
func withBuffers<A, B, C, Result>(
    _ a: [A], _ b: [B], _ c: [C],
    _ body: (UnsafeBufferPointer<A>, UnsafeBufferPointer<B>, UnsafeBufferPointer<C>) throws -> Result
) rethrows -> Result {
    try a.withUnsafeBufferPointer { a in
        try withBuffers(b, c) { b, c in try body(a, b, c) }
    }
}

// MARK: - Writing

/// Writes `x` and `y`.
@inline(__always)
func withBuffers<X, Y, Result>(
    writing x: inout [X], _ y: inout [Y],
    _ body: (UnsafeMutableBufferPointer<X>, UnsafeMutableBufferPointer<Y>) throws -> Result
) rethrows -> Result {
    try x.withUnsafeMutableBufferPointer { x in
        try y.withUnsafeMutableBufferPointer { y in try body(x, y) }
    }
}

/// Writes `x`, `y` and `z`.
@inline(__always)
func withBuffers<X, Y, Z, Result>(
    writing x: inout [X], _ y: inout [Y], _ z: inout [Z],
    _ body: (UnsafeMutableBufferPointer<X>, UnsafeMutableBufferPointer<Y>, UnsafeMutableBufferPointer<Z>) throws -> Result
) rethrows -> Result {
    try x.withUnsafeMutableBufferPointer { x in
        try withBuffers(writing: &y, &z) { y, z in try body(x, y, z) }
    }
}

// MARK: - Reading and writing

/// Reads `a`, writes `x`.
@inline(__always)
func withBuffers<A, X, Result>(
    _ a: [A], writing x: inout [X],
    _ body: (UnsafeBufferPointer<A>, UnsafeMutableBufferPointer<X>) throws -> Result
) rethrows -> Result {
    try a.withUnsafeBufferPointer { a in
        try x.withUnsafeMutableBufferPointer { x in try body(a, x) }
    }
}

/// Reads `a` and `b`, writes `x`.
@inline(__always)
func withBuffers<A, B, X, Result>(
    _ a: [A], _ b: [B], writing x: inout [X],
    _ body: (UnsafeBufferPointer<A>, UnsafeBufferPointer<B>, UnsafeMutableBufferPointer<X>) throws -> Result
) rethrows -> Result {
    try withBuffers(a, b) { a, b in
        try x.withUnsafeMutableBufferPointer { x in try body(a, b, x) }
    }
}

/// Reads `a`, writes `x`, `y` and `z`.
@inline(__always)
func withBuffers<A, X, Y, Z, Result>(
    _ a: [A], writing x: inout [X], _ y: inout [Y], _ z: inout [Z],
    _ body: (UnsafeBufferPointer<A>, UnsafeMutableBufferPointer<X>, UnsafeMutableBufferPointer<Y>,
             UnsafeMutableBufferPointer<Z>) throws -> Result
) rethrows -> Result {
    try a.withUnsafeBufferPointer { a in
        try withBuffers(writing: &x, &y, &z) { x, y, z in try body(a, x, y, z) }
    }
}

/// Reads `a`, `b` and `c`, writes `x` and `y`.
@inline(__always)
func withBuffers<A, B, C, X, Y, Result>(
    _ a: [A], _ b: [B], _ c: [C], writing x: inout [X], _ y: inout [Y],
    _ body: (UnsafeBufferPointer<A>, UnsafeBufferPointer<B>, UnsafeBufferPointer<C>,
             UnsafeMutableBufferPointer<X>, UnsafeMutableBufferPointer<Y>) throws -> Result
) rethrows -> Result {
    try withBuffers(a, b, c) { a, b, c in
        try withBuffers(writing: &x, &y) { x, y in try body(a, b, c, x, y) }
    }
}

/// Reads `a`, `b` and `c`, writes `x`, `y` and `z`.
@inline(__always)
func withBuffers<A, B, C, X, Y, Z, Result>(
    _ a: [A], _ b: [B], _ c: [C], writing x: inout [X], _ y: inout [Y], _ z: inout [Z],
    _ body: (UnsafeBufferPointer<A>, UnsafeBufferPointer<B>, UnsafeBufferPointer<C>,
             UnsafeMutableBufferPointer<X>, UnsafeMutableBufferPointer<Y>, UnsafeMutableBufferPointer<Z>) throws -> Result
) rethrows -> Result {
    try withBuffers(a, b, c) { a, b, c in
        try withBuffers(writing: &x, &y, &z) { x, y, z in try body(a, b, c, x, y, z) }
    }
}
