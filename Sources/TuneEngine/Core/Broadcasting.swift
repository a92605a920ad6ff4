/// NumPy-style broadcasting: two shapes fit when, aligned at their last axes, each
/// pair of sizes is equal or one of them is 1. [B, T, C] + [C] adds a bias to every
/// position; [B, T, 1] * [B, T, C] scales each row.
enum Broadcasting {
    /// The shape of `a op b`, or an error naming the op and both shapes.
    static func resultShape(_ a: [Int], _ b: [Int], operation: String) throws -> [Int] {
        let rank = max(a.count, b.count)
        var result = [Int](repeating: 1, count: rank)
        for i in 0..<rank {
            let x = i < rank - a.count ? 1 : a[i - (rank - a.count)]
            let y = i < rank - b.count ? 1 : b[i - (rank - b.count)]
            guard x == y || x == 1 || y == 1 else {
                throw TensorError.shapeMismatch(
                    operation: operation, left: a, right: b,
                    reason: "axis \(i) has sizes \(x) and \(y); they must be equal or one of them 1")
            }
            result[i] = max(x, y)
        }
        return result
    }

    /// For each position of `target`, the index into a tensor of `shape` broadcast to it.
    /// Fast paths cover equal shapes, scalars and trailing blocks ([C] against [B, T, C]).
    static func sourceIndices(of shape: [Int], in target: [Int]) -> [Int]? {
        let count = shape.reduce(1, *)
        let targetCount = target.reduce(1, *)
        if count == targetCount { return nil }  // same layout: index i maps to i
        var strides = [Int](repeating: 0, count: target.count)
        var step = 1
        for i in (0..<target.count).reversed() {
            let j = i - (target.count - shape.count)
            let size = j >= 0 ? shape[j] : 1
            strides[i] = size == 1 ? 0 : step
            step *= size
        }
        var indices = [Int](repeating: 0, count: targetCount)
        var position = [Int](repeating: 0, count: target.count)
        var source = 0
        for i in 0..<targetCount {
            indices[i] = source
            // Advance the multi-index like an odometer, updating the source offset.
            var axis = target.count - 1
            while axis >= 0 {
                position[axis] += 1
                source += strides[axis]
                if position[axis] < target[axis] { break }
                source -= strides[axis] * target[axis]
                position[axis] = 0
                axis -= 1
            }
        }
        return indices
    }

    /// The values of a tensor of `shape` repeated out to `target`.
    static func expand(_ values: [Float], from shape: [Int], to target: [Int]) -> [Float] {
        let targetCount = target.reduce(1, *)
        if values.count == targetCount { return values }
        if values.count == 1 { return [Float](repeating: values[0], count: targetCount) }
        if isTrailingBlock(shape, of: target) {
            var result = [Float](); result.reserveCapacity(targetCount)
            for _ in 0..<(targetCount / values.count) { result.append(contentsOf: values) }
            return result
        }
        let indices = sourceIndices(of: shape, in: target)!
        return indices.map { values[$0] }
    }

    /// Sums a gradient of shape `target` back down to `shape` (the reverse of expand):
    /// a value that was used at many positions receives the sum of their gradients.
    static func reduce(_ gradient: [Float], from target: [Int], to shape: [Int]) -> [Float] {
        let count = shape.reduce(1, *)
        if gradient.count == count { return gradient }
        var result = [Float](repeating: 0, count: count)
        if count == 1 {
            var total: Float = 0
            for g in gradient { total += g }
            result[0] = total
        } else if isTrailingBlock(shape, of: target) {
            gradient.withUnsafeBufferPointer { g in
                result.withUnsafeMutableBufferPointer { r in
                    for block in 0..<(g.count / count) {
                        let base = block * count
                        for j in 0..<count { r[j] += g[base + j] }
                    }
                }
            }
        } else {
            let indices = sourceIndices(of: shape, in: target)!
            for i in 0..<gradient.count { result[indices[i]] += gradient[i] }
        }
        return result
    }

    /// True when `shape` (leading 1s ignored) equals the last axes of `target`,
    /// so that broadcasting just repeats one contiguous block.
    static func isTrailingBlock(_ shape: [Int], of target: [Int]) -> Bool {
        var trimmed = ArraySlice(shape)
        while trimmed.first == 1 { trimmed = trimmed.dropFirst() }
        guard trimmed.count <= target.count else { return false }
        return Array(target.suffix(trimmed.count)) == Array(trimmed)
    }
}
