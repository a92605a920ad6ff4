/// Elementwise arithmetic with broadcasting, and its gradients.
///
/// For z = x + y: dz/dx = 1, dz/dy = 1. For z = x · y: dz/dx = y, dz/dy = x.
/// For z = x / y: dz/dx = 1/y, dz/dy = -x/y². Where an input was broadcast, its
/// gradient is summed back to its own shape.
extension Tensor {
    /// Applies `combine` to each pair of broadcast values.
    private static func elementwise(
        _ a: Tensor, _ b: Tensor, _ operation: String, _ combine: (Float, Float) -> Float
    ) throws -> (shape: [Int], values: [Float]) {
        let shape = try Broadcasting.resultShape(a.shape, b.shape, operation: operation)
        let count = shape.reduce(1, *)
        let left = a.count == count ? a.values : Broadcasting.expand(a.values, from: a.shape, to: shape)
        let right = b.count == count ? b.values : Broadcasting.expand(b.values, from: b.shape, to: shape)
        let values = [Float](unsafeUninitializedCapacity: count) { out, initialized in
            left.withUnsafeBufferPointer { l in
                right.withUnsafeBufferPointer { r in
                    for i in 0..<count { out[i] = combine(l[i], r[i]) }
                }
            }
            initialized = count
        }
        return (shape, values)
    }

    public static func + (a: Tensor, b: Tensor) throws -> Tensor {
        let (shape, values) = try elementwise(a, b, "add", +)
        let result = Tensor(unchecked: shape, values: values)
        return result.recording("add", parents: [a, b]) { g in
            if a.requiresGradient { a.accumulateGradient(Broadcasting.reduce(g, from: shape, to: a.shape)) }
            if b.requiresGradient { b.accumulateGradient(Broadcasting.reduce(g, from: shape, to: b.shape)) }
        }
    }

    public static func - (a: Tensor, b: Tensor) throws -> Tensor {
        let (shape, values) = try elementwise(a, b, "subtract", -)
        let result = Tensor(unchecked: shape, values: values)
        return result.recording("subtract", parents: [a, b]) { g in
            if a.requiresGradient { a.accumulateGradient(Broadcasting.reduce(g, from: shape, to: a.shape)) }
            if b.requiresGradient {
                b.accumulateGradient(Broadcasting.reduce(g.map { -$0 }, from: shape, to: b.shape))
            }
        }
    }

    public static func * (a: Tensor, b: Tensor) throws -> Tensor {
        let (shape, values) = try elementwise(a, b, "multiply", *)
        let result = Tensor(unchecked: shape, values: values)
        return result.recording("multiply", parents: [a, b]) { g in
            if a.requiresGradient {
                let bValues = Broadcasting.expand(b.values, from: b.shape, to: shape)
                a.accumulateGradient(Broadcasting.reduce(zip(g, bValues).map { $0 * $1 }, from: shape, to: a.shape))
            }
            if b.requiresGradient {
                let aValues = Broadcasting.expand(a.values, from: a.shape, to: shape)
                b.accumulateGradient(Broadcasting.reduce(zip(g, aValues).map { $0 * $1 }, from: shape, to: b.shape))
            }
        }
    }

    public static func / (a: Tensor, b: Tensor) throws -> Tensor {
        let (shape, values) = try elementwise(a, b, "divide", /)
        let result = Tensor(unchecked: shape, values: values)
        return result.recording("divide", parents: [a, b]) { g in
            let bValues = Broadcasting.expand(b.values, from: b.shape, to: shape)
            if a.requiresGradient {
                a.accumulateGradient(Broadcasting.reduce(zip(g, bValues).map { $0 / $1 }, from: shape, to: a.shape))
            }
            if b.requiresGradient {
                // d(x/y)/dy = -x/y² = -z/y
                var local = [Float](repeating: 0, count: g.count)
                for i in 0..<g.count { local[i] = -g[i] * values[i] / bValues[i] }
                b.accumulateGradient(Broadcasting.reduce(local, from: shape, to: b.shape))
            }
        }
    }

    /// -x, as (-1) · x.
    public static prefix func - (a: Tensor) -> Tensor { a.scaled(by: -1) }

    // MARK: - With a constant (no broadcasting needed)

    /// x · c for a constant c.
    public func scaled(by factor: Float) -> Tensor {
        let result = Tensor(unchecked: shape, values: values.map { $0 * factor })
        return result.recording("scale", parents: [self]) { [self] g in
            self.accumulateGradient(g.map { $0 * factor })
        }
    }

    /// x + c for a constant c.
    public func shifted(by offset: Float) -> Tensor {
        let result = Tensor(unchecked: shape, values: values.map { $0 + offset })
        return result.recording("shift", parents: [self]) { [self] g in self.accumulateGradient(g) }
    }

    public static func + (a: Tensor, c: Float) -> Tensor { a.shifted(by: c) }
    public static func - (a: Tensor, c: Float) -> Tensor { a.shifted(by: -c) }
    public static func * (a: Tensor, c: Float) -> Tensor { a.scaled(by: c) }
    public static func * (c: Float, a: Tensor) -> Tensor { a.scaled(by: c) }
    public static func / (a: Tensor, c: Float) -> Tensor { a.scaled(by: 1 / c) }

    /// xᵖ elementwise; d/dx = p·xᵖ⁻¹.
    public func power(_ exponent: Float) -> Tensor {
        let result = Tensor(unchecked: shape, values: values.map { Foundation.pow($0, exponent) })
        return result.recording("power", parents: [self]) { [self] g in
            var local = [Float](repeating: 0, count: g.count)
            for i in 0..<g.count { local[i] = g[i] * exponent * Foundation.pow(self.values[i], exponent - 1) }
            self.accumulateGradient(local)
        }
    }
}

import Foundation
