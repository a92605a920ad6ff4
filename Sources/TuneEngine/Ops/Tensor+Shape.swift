/// Ops that move values without changing them: reshape, permute, slice, concat,
/// index-select. Their gradients move the gradient back the same way.
extension Tensor {
    /// The same values viewed with another shape (one size may be -1: inferred).
    public func reshaped(_ newShape: [Int]) throws -> Tensor {
        var target = newShape
        if let unknown = target.firstIndex(of: -1) {
            let known = target.enumerated().filter { $0.offset != unknown }.map(\.element).reduce(1, *)
            guard known > 0, count % known == 0 else {
                throw TensorError.shapeMismatch(operation: "reshape", left: shape, right: newShape, reason: "\(count) values do not divide into that shape")
            }
            target[unknown] = count / known
        }
        guard target.allSatisfy({ $0 >= 0 }), target.reduce(1, *) == count else {
            throw TensorError.shapeMismatch(operation: "reshape", left: shape, right: newShape, reason: "\(count) values cannot take that shape")
        }
        let result = Tensor(unchecked: target, values: values)
        return result.recording("reshape", parents: [self]) { [self] g in self.accumulateGradient(g) }
    }

    /// Reorders the axes: result axis i is input axis `order[i]`.
    public func permuted(_ order: [Int]) throws -> Tensor {
        guard order.sorted() == Array(0..<rank) else {
            throw TensorError.invalidArgument(operation: "permute", reason: "\(order) is not an ordering of the axes 0..<\(rank)")
        }
        let newShape = order.map { shape[$0] }
        var inputStrides = [Int](repeating: 1, count: rank)
        for i in stride(from: rank - 2, through: 0, by: -1) { inputStrides[i] = inputStrides[i + 1] * shape[i + 1] }
        // For each output position, where its value sits in the input.
        let strides = order.map { inputStrides[$0] }
        var sourceIndex = [Int](repeating: 0, count: count)
        var position = [Int](repeating: 0, count: rank)
        var source = 0
        for i in 0..<count {
            sourceIndex[i] = source
            var axis = rank - 1
            while axis >= 0 {
                position[axis] += 1; source += strides[axis]
                if position[axis] < newShape[axis] { break }
                source -= strides[axis] * newShape[axis]; position[axis] = 0; axis -= 1
            }
        }
        let result = Tensor(unchecked: newShape, values: sourceIndex.map { values[$0] })
        return result.recording("permute", parents: [self]) { [self] g in
            self.accumulateGradient { acc in for i in 0..<g.count { acc[sourceIndex[i]] += g[i] } }
        }
    }

    /// Swaps two axes (default: the last two, a matrix transpose).
    public func transposed(_ axis1: Int = -2, _ axis2: Int = -1) throws -> Tensor {
        let a = axis1 < 0 ? axis1 + rank : axis1, b = axis2 < 0 ? axis2 + rank : axis2
        guard a >= 0, a < rank, b >= 0, b < rank else {
            throw TensorError.axisOutOfRange(operation: "transpose", axis: a < 0 || a >= rank ? axis1 : axis2, rank: rank)
        }
        var order = Array(0..<rank); order.swapAt(a, b)
        return try permuted(order)
    }

    /// Positions `range` of `axis`.
    public func slice(axis: Int, _ range: Range<Int>) throws -> Tensor {
        let (a, outer, size, inner) = try axisLayout(axis, "slice")
        guard range.lowerBound >= 0, range.upperBound <= size else {
            throw TensorError.indexOutOfRange(operation: "slice", index: range.lowerBound < 0 ? range.lowerBound : range.upperBound, size: size)
        }
        var newShape = shape; newShape[a] = range.count
        var out = [Float](); out.reserveCapacity(outer * range.count * inner)
        for o in 0..<outer {
            let start = (o * size + range.lowerBound) * inner
            out.append(contentsOf: values[start..<(start + range.count * inner)])
        }
        let result = Tensor(unchecked: newShape, values: out)
        return result.recording("slice", parents: [self]) { [self] g in
            self.accumulateGradient { acc in
                for o in 0..<outer {
                    let start = (o * size + range.lowerBound) * inner
                    let from = o * range.count * inner
                    for j in 0..<(range.count * inner) { acc[start + j] += g[from + j] }
                }
            }
        }
    }

    /// Joins tensors along `axis`; all other sizes must agree.
    public static func concatenate(_ tensors: [Tensor], axis: Int) throws -> Tensor {
        guard let first = tensors.first else {
            throw TensorError.invalidArgument(operation: "concatenate", reason: "needs at least one tensor")
        }
        let (a, outer, _, inner) = try first.axisLayout(axis, "concatenate")
        for t in tensors.dropFirst() {
            var s1 = first.shape, s2 = t.shape
            guard s1.count == s2.count else {
                throw TensorError.shapeMismatch(operation: "concatenate", left: first.shape, right: t.shape, reason: "ranks differ")
            }
            s1[a] = 0; s2[a] = 0
            guard s1 == s2 else {
                throw TensorError.shapeMismatch(operation: "concatenate", left: first.shape, right: t.shape, reason: "sizes differ off axis \(a)")
            }
        }
        let sizes = tensors.map { $0.shape[a] }
        var newShape = first.shape; newShape[a] = sizes.reduce(0, +)
        var out = [Float](); out.reserveCapacity(newShape.reduce(1, *))
        for o in 0..<outer {
            for (t, size) in zip(tensors, sizes) {
                out.append(contentsOf: t.values[(o * size * inner)..<((o + 1) * size * inner)])
            }
        }
        let result = Tensor(unchecked: newShape, values: out)
        return result.recording("concatenate", parents: tensors) { g in
            let total = sizes.reduce(0, +)
            var offset = 0
            for (t, size) in zip(tensors, sizes) {
                if t.requiresGradient {
                    g.withUnsafeBufferPointer { g in
                        t.accumulateGradient { acc in
                            guard size * inner > 0 else { return }
                            for o in 0..<outer {
                                VectorKernels.add(g.baseAddress! + (o * total + offset) * inner,
                                                  into: acc.baseAddress! + o * size * inner, size * inner)
                            }
                        }
                    }
                }
                offset += size
            }
        }
    }

    /// Rows `indices` of axis 0 (an embedding lookup is this on a [vocabulary, width]
    /// table). The gradient scatter-adds into the chosen rows: a row chosen twice
    /// gets both gradients.
    public func indexSelect(_ indices: [Int]) throws -> Tensor {
        guard rank >= 1 else { throw TensorError.wrongRank(operation: "indexSelect", shape: shape, expected: "rank ≥ 1") }
        let rows = shape[0], width = count / Swift.max(rows, 1)
        for index in indices where index < 0 || index >= rows {
            throw TensorError.indexOutOfRange(operation: "indexSelect\(label.map { " (\($0))" } ?? "")", index: index, size: rows)
        }
        var out = [Float](repeating: 0, count: indices.count * width)
        values.withUnsafeBufferPointer { table in
            out.withUnsafeMutableBufferPointer { o in
                for (n, row) in indices.enumerated() {
                    for j in 0..<width { o[n * width + j] = table[row * width + j] }
                }
            }
        }
        let result = Tensor(unchecked: [indices.count] + shape.dropFirst(), values: out)
        return result.recording("indexSelect", parents: [self]) { [self] g in
            self.accumulateGradient { acc in
                for (n, row) in indices.enumerated() {
                    for j in 0..<width { acc[row * width + j] += g[n * width + j] }
                }
            }
        }
    }
}
