/// Loops over raw Float buffers, written with SIMD types so that they run on
/// vector registers.
///
/// Why not plain loops? The compiler vectorizes a plain loop only when it may
/// reorder nothing: a running sum (`total += x[i]`) must be added in index order
/// under IEEE rules, so it stays one value at a time; and an index such as
/// `r * width + j` carries an overflow check that blocks vectorizing too. Here
/// each reduction keeps 16 partial sums (lane k adds elements k, k+16, k+32, ...)
/// and combines them at the end. The order is fixed by the code, not by the
/// thread or the machine, so results are still exactly repeatable.
enum VectorKernels {
    typealias Lanes = SIMD16<Float>
    static let width = Lanes.scalarCount

    @inline(__always)
    static func load(_ pointer: UnsafePointer<Float>) -> Lanes {
        UnsafeRawPointer(pointer).loadUnaligned(as: Lanes.self)
    }

    @inline(__always)
    static func store(_ value: Lanes, _ pointer: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: Lanes.self)
    }

    // MARK: - Reductions

    /// Σ x[i] for i in 0..<count.
    static func sum(_ x: UnsafePointer<Float>, _ count: Int) -> Float {
        var lanes = Lanes()
        var i = 0
        while i + width <= count {
            lanes += load(x + i)
            i += width
        }
        var total = lanes.sum()
        while i < count { total += x[i]; i += 1 }
        return total
    }

    /// Σ x[i]·y[i] for i in 0..<count.
    static func dot(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ count: Int) -> Float {
        var lanes = Lanes()
        var i = 0
        while i + width <= count {
            lanes += load(x + i) * load(y + i)
            i += width
        }
        var total = lanes.sum()
        while i < count { total += x[i] * y[i]; i += 1 }
        return total
    }

    /// Σ (x[i] − center)² for i in 0..<count (a variance's numerator).
    static func squaredDeviations(_ x: UnsafePointer<Float>, _ count: Int, from center: Float) -> Float {
        var lanes = Lanes()
        let centers = Lanes(repeating: center)
        var i = 0
        while i + width <= count {
            let d = load(x + i) - centers
            lanes += d * d
            i += width
        }
        var total = lanes.sum()
        while i < count { let d = x[i] - center; total += d * d; i += 1 }
        return total
    }

    /// The largest of x[0..<count] (−∞ for count 0). A NaN anywhere gives NaN, so a
    /// diverged model stays visible.
    static func maximum(_ x: UnsafePointer<Float>, _ count: Int) -> Float {
        var lanes = Lanes(repeating: -.infinity)
        var sawNaN = false
        var i = 0
        while i + width <= count {
            let v = load(x + i)
            sawNaN = sawNaN || any(v .!= v)
            lanes = lanes.replacing(with: v, where: v .> lanes)
            i += width
        }
        var largest = lanes.max()
        while i < count {
            let v = x[i]
            sawNaN = sawNaN || v != v
            if v > largest { largest = v }
            i += 1
        }
        return sawNaN ? .nan : largest
    }

    // MARK: - Updates in place

    /// y[i] += x[i] for i in 0..<count.
    static func add(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, _ count: Int) {
        var i = 0
        while i + width <= count {
            store(load(y + i) + load(x + i), y + i)
            i += width
        }
        while i < count { y[i] += x[i]; i += 1 }
    }

    /// z[i] += x[i]·y[i] for i in 0..<count.
    static func addProduct(
        _ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, into z: UnsafeMutablePointer<Float>, _ count: Int
    ) {
        var i = 0
        while i + width <= count {
            store(load(z + i) + load(x + i) * load(y + i), z + i)
            i += width
        }
        while i < count { z[i] += x[i] * y[i]; i += 1 }
    }

    /// x[i] ·= factor for i in 0..<count.
    static func scale(_ x: UnsafeMutablePointer<Float>, _ count: Int, by factor: Float) {
        let factors = Lanes(repeating: factor)
        var i = 0
        while i + width <= count {
            store(load(x + i) * factors, x + i)
            i += width
        }
        while i < count { x[i] *= factor; i += 1 }
    }

    /// out[j] += Σ over rows r of matrix[r, j]: a [rows, columns] matrix's column
    /// sums (a bias's gradient), added into `out` [columns], one row after another.
    ///
    /// Walking down the columns instead (sums held in registers) was measured
    /// slower: it reads rows thousands of bytes apart, which the caches handle
    /// worse than re-reading `out`, which stays in the nearest cache.
    static func addColumnSums(
        of matrix: UnsafePointer<Float>, rows: Int, columns: Int, into out: UnsafeMutablePointer<Float>
    ) {
        for r in 0..<rows { add(matrix + r * columns, into: out, columns) }
    }
}
