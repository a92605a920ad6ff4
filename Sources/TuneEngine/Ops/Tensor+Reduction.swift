/// Reductions: sum, mean, max, argmax, variance, over all values or one axis.
///
/// Reducing axis `a` of a row-major tensor views it as [outer, size, inner]:
/// `outer` is the product of the axes before `a`, `inner` of those after.
extension Tensor {
    /// Checks an axis (negative counts from the end) and returns [outer, size, inner].
    func axisLayout(_ axis: Int, _ operation: String) throws -> (axis: Int, outer: Int, size: Int, inner: Int) {
        let a = axis < 0 ? axis + rank : axis
        guard a >= 0 && a < rank else { throw TensorError.axisOutOfRange(operation: operation, axis: axis, rank: rank) }
        let outer = shape[..<a].reduce(1, *)
        let inner = shape[(a + 1)...].reduce(1, *)
        return (a, outer, shape[a], inner)
    }

    /// The shape after reducing `axis`: size 1 if kept, removed otherwise.
    private func reducedShape(_ axis: Int, keepingAxis: Bool) -> [Int] {
        var s = shape
        if keepingAxis { s[axis] = 1 } else { s.remove(at: axis) }
        return s
    }

    /// The sum of all values, a scalar. d/dxᵢ = 1.
    public func sum() -> Tensor {
        var total: Float = 0
        for v in values { total += v }
        let result = Tensor(unchecked: [], values: [total])
        return result.recording("sum", parents: [self]) { [self] g in
            self.accumulateGradient([Float](repeating: g[0], count: self.count))
        }
    }

    /// The mean of all values, a scalar. d/dxᵢ = 1/n.
    public func mean() -> Tensor { sum().scaled(by: 1 / Float(Swift.max(count, 1))) }

    /// Sums along `axis`. The gradient copies back along it.
    public func sum(axis: Int, keepingAxis: Bool = false) throws -> Tensor {
        let (a, outer, size, inner) = try axisLayout(axis, "sum(axis:)")
        var out = [Float](repeating: 0, count: outer * inner)
        values.withUnsafeBufferPointer { x in
            for o in 0..<outer {
                for s in 0..<size {
                    let base = (o * size + s) * inner
                    for i in 0..<inner { out[o * inner + i] += x[base + i] }
                }
            }
        }
        let result = Tensor(unchecked: reducedShape(a, keepingAxis: keepingAxis), values: out)
        return result.recording("sum(axis:)", parents: [self]) { [self] g in
            self.accumulateGradient { acc in
                for o in 0..<outer {
                    for s in 0..<size {
                        let base = (o * size + s) * inner
                        for i in 0..<inner { acc[base + i] += g[o * inner + i] }
                    }
                }
            }
        }
    }

    /// Means along `axis`.
    public func mean(axis: Int, keepingAxis: Bool = false) throws -> Tensor {
        let (a, _, size, _) = try axisLayout(axis, "mean(axis:)")
        return try sum(axis: a, keepingAxis: keepingAxis).scaled(by: 1 / Float(Swift.max(size, 1)))
    }

    /// The population variance along `axis`: mean((x - mean)²).
    public func variance(axis: Int, keepingAxis: Bool = false) throws -> Tensor {
        let centered = try self - mean(axis: axis, keepingAxis: true)
        return try (centered * centered).mean(axis: axis, keepingAxis: keepingAxis)
    }

    /// The maximum along `axis`; the gradient goes to the (first) largest value.
    public func max(axis: Int, keepingAxis: Bool = false) throws -> Tensor {
        let (a, outer, size, inner) = try axisLayout(axis, "max(axis:)")
        guard size > 0 else { throw TensorError.invalidArgument(operation: "max(axis:)", reason: "axis \(axis) is empty") }
        let winners = try argmax(axis: a)
        var out = [Float](repeating: 0, count: outer * inner)
        for o in 0..<outer {
            for i in 0..<inner { out[o * inner + i] = values[(o * size + winners[o * inner + i]) * inner + i] }
        }
        let result = Tensor(unchecked: reducedShape(a, keepingAxis: keepingAxis), values: out)
        return result.recording("max(axis:)", parents: [self]) { [self] g in
            self.accumulateGradient { acc in
                for o in 0..<outer {
                    for i in 0..<inner { acc[(o * size + winners[o * inner + i]) * inner + i] += g[o * inner + i] }
                }
            }
        }
    }

    /// The index of the largest value along `axis` (first one on ties), row-major
    /// over the remaining axes. Not differentiable.
    public func argmax(axis: Int = -1) throws -> [Int] {
        let (_, outer, size, inner) = try axisLayout(axis, "argmax")
        var result = [Int](repeating: 0, count: outer * inner)
        values.withUnsafeBufferPointer { x in
            for o in 0..<outer {
                for i in 0..<inner {
                    var best = 0
                    var bestValue = -Float.infinity
                    for s in 0..<size where x[(o * size + s) * inner + i] > bestValue {
                        bestValue = x[(o * size + s) * inner + i]; best = s
                    }
                    result[o * inner + i] = best
                }
            }
        }
        return result
    }
}
