import Foundation

/// Elementwise functions of one tensor. Each states its derivative: the backward
/// pass multiplies the incoming gradient by f'(x), written in terms of the input x
/// and the output y = f(x), whichever is cheaper.
extension Tensor {
    /// y = f(x) elementwise, with dy/dx = derivative(x, y).
    func unary(
        _ operation: String, _ function: (Float) -> Float,
        derivative: @escaping (_ x: Float, _ y: Float) -> Float
    ) -> Tensor {
        let input = values
        let output = [Float](unsafeUninitializedCapacity: count) { out, initialized in
            input.withUnsafeBufferPointer { x in
                for i in 0..<x.count { out[i] = function(x[i]) }
            }
            initialized = input.count
        }
        let result = Tensor(unchecked: shape, values: output)
        return result.recording(operation, parents: [self]) { [self] g in
            self.accumulateGradient { acc in
                for i in 0..<g.count { acc[i] += g[i] * derivative(input[i], output[i]) }
            }
        }
    }

    /// eˣ; d/dx = eˣ = y.
    public func exp() -> Tensor { unary("exp", { fastExp($0) }, derivative: { _, y in y }) }

    /// ln x; d/dx = 1/x.
    public func log() -> Tensor { unary("log", { Foundation.log($0) }, derivative: { x, _ in 1 / x }) }

    /// √x; d/dx = 1/(2√x).
    public func sqrt() -> Tensor { unary("sqrt", { $0.squareRoot() }, derivative: { _, y in 0.5 / y }) }

    /// |x|; d/dx = sign(x) (0 at 0).
    public func abs() -> Tensor {
        unary("abs", { Swift.abs($0) }, derivative: { x, _ in x > 0 ? 1 : (x < 0 ? -1 : 0) })
    }

    /// x limited to [low, high]; the gradient is 1 inside and 0 where clamped.
    public func clamped(min low: Float, max high: Float) -> Tensor {
        unary("clamp", { Swift.min(Swift.max($0, low), high) }, derivative: { x, _ in x >= low && x <= high ? 1 : 0 })
    }

    // MARK: - Activations

    /// max(0, x); d/dx = 1 for x > 0, else 0. Units stuck below 0 are "dead".
    ///
    /// Written out rather than through `unary`: convolutional networks apply it to every
    /// value of every feature map, so both passes are plain vector loops split across
    /// cores. A NaN stays NaN (`Swift.max` keeps it), so a diverged run still shows.
    public func relu() -> Tensor {
        let n = count
        // An empty tensor gets an empty literal: making an array with capacity 0 writes
        // Swift's shared empty storage, a race when two threads do it.
        let output: [Float] = n == 0 ? [] : [Float](unsafeUninitializedCapacity: n) { y, initialized in
            initialized = n
            values.withUnsafeBufferPointer { x in
                Parallel.forEachChunk(n, cost: 1) { chunk in
                    for i in chunk { y[i] = Swift.max(x[i], 0) }
                }
            }
        }
        let result = Tensor(unchecked: shape, values: output)
        return result.recording("relu", parents: [self]) { [self] g in
            // dx += g where the output is positive (exactly where x > 0).
            withBuffers(g, output) { g, y in
                self.accumulateGradient { dx in
                    Parallel.forEachChunk(n, cost: 2) { chunk in
                        for i in chunk { dx[i] += y[i] > 0 ? g[i] : 0 }
                    }
                }
            }
        }
    }

    /// tanh x; d/dx = 1 - y².
    public func tanh() -> Tensor { unary("tanh", { Foundation.tanh($0) }, derivative: { _, y in 1 - y * y }) }

    /// σ(x) = 1/(1+e⁻ˣ); d/dx = y(1-y). Saturates (gradient ≈ 0) for |x| ≫ 1.
    public func sigmoid() -> Tensor {
        unary("sigmoid", { 1 / (1 + fastExp(-$0)) }, derivative: { _, y in y * (1 - y) })
    }

    /// GELU, x·Φ(x), exact form with the error function (BERT, GPT-2's paper form).
    /// d/dx = Φ(x) + x·φ(x), computed in the same pass and kept for backward; without
    /// a graph (inference) the slope is neither computed nor stored.
    public func gelu() -> Tensor {
        let n = count
        let needsSlope = GradientMode.isEnabled && requiresGradient
        var slope = [Float]()
        let out = [Float](unsafeUninitializedCapacity: n) { y, initialized in
            initialized = n
            guard n > 0 else { return }
            values.withUnsafeBufferPointer { x in
                if needsSlope {
                    slope = [Float](unsafeUninitializedCapacity: n) { d, written in
                        written = n
                        Parallel.forEachChunk(n, cost: 8) { chunk in
                            geluKernel(x.baseAddress! + chunk.lowerBound, y.baseAddress! + chunk.lowerBound,
                                       d.baseAddress! + chunk.lowerBound, chunk.count)
                        }
                    }
                } else {
                    Parallel.forEachChunk(n, cost: 6) { chunk in
                        geluKernel(x.baseAddress! + chunk.lowerBound, y.baseAddress! + chunk.lowerBound, chunk.count)
                    }
                }
            }
        }
        let result = Tensor(unchecked: shape, values: out)
        guard needsSlope else {
            result.operation = "gelu"  // no graph: nothing will ask for a gradient
            return result
        }
        return result.recording("gelu", parents: [self]) { [self] g in
            withBuffers(g, slope) { g, slope in
                self.accumulateGradient(overwritingIfFresh: { acc, isFresh in
                    Parallel.forEachChunk(n, cost: 2) { chunk in
                        let offset = chunk.lowerBound
                        multiply(g.baseAddress! + offset, slope.baseAddress! + offset,
                                 into: acc.baseAddress! + offset, chunk.count, adding: !isFresh)
                    }
                })
            }
        }
    }

    /// GELU's tanh approximation (GPT-2's code): 0.5x(1 + tanh(√(2/π)(x + 0.044715x³))).
    public func geluTanh() -> Tensor {
        let c: Float = 0.7978845608  // √(2/π)
        return unary(
            "gelu_tanh", { x in 0.5 * x * (1 + Foundation.tanh(c * (x + 0.044715 * x * x * x))) },
            derivative: { x, _ in
                let inner = c * (x + 0.044715 * x * x * x)
                let t = Foundation.tanh(inner)
                return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * c * (1 + 3 * 0.044715 * x * x)
            })
    }

    // MARK: - Selection

    /// Picks `a` where `condition` is nonzero, else `b` (all three broadcast to one shape).
    /// The gradient goes to whichever input was picked.
    public static func select(_ condition: Tensor, _ a: Tensor, _ b: Tensor) throws -> Tensor {
        let shape = try Broadcasting.resultShape(
            try Broadcasting.resultShape(condition.shape, a.shape, operation: "where"), b.shape, operation: "where")
        let c = Broadcasting.expand(condition.values, from: condition.shape, to: shape)
        let x = Broadcasting.expand(a.values, from: a.shape, to: shape)
        let y = Broadcasting.expand(b.values, from: b.shape, to: shape)
        var values = [Float](repeating: 0, count: c.count)
        for i in 0..<c.count { values[i] = c[i] != 0 ? x[i] : y[i] }
        let result = Tensor(unchecked: shape, values: values)
        return result.recording("where", parents: [a, b]) { g in
            if a.requiresGradient {
                let local = (0..<g.count).map { c[$0] != 0 ? g[$0] : 0 }
                a.accumulateGradient(Broadcasting.reduce(local, from: shape, to: a.shape))
            }
            if b.requiresGradient {
                let local = (0..<g.count).map { c[$0] != 0 ? 0 : g[$0] }
                b.accumulateGradient(Broadcasting.reduce(local, from: shape, to: b.shape))
            }
        }
    }
}


/// GELU over `count` values: y = x·Φ(x) and its slope d = Φ(x) + x·φ(x).
/// A standalone function over raw pointers so the compiler vectorizes the loop.
///
/// Φ(x) = ½(1 + erf(x/√2)), and erf(a) needs e^(−a²) = e^(−x²/2): the very
/// exponential in φ(x) = e^(−x²/2)/√(2π). So one exponential serves both.
@inline(never)
func geluKernel(
    _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ slope: UnsafeMutablePointer<Float>, _ count: Int
) {
    for i in 0..<count {
        let v = x[i]
        let gaussian = fastExp(-0.5 * v * v)  // e^(−x²/2)
        let cdf = 0.5 * (1 + fastErf(v * 0.707_106_78, exponentialOfMinusSquare: gaussian))  // Φ(x)
        y[i] = v * cdf
        slope[i] = cdf + v * gaussian * 0.398_942_28  // Φ(x) + x·φ(x)
    }
}

/// GELU's values only, for inference: y = x·Φ(x).
@inline(never)
func geluKernel(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ count: Int) {
    for i in 0..<count {
        let v = x[i]
        y[i] = v * 0.5 * (1 + fastErf(v * 0.707_106_78, exponentialOfMinusSquare: fastExp(-0.5 * v * v)))
    }
}

/// z[i] = x[i]·y[i], or z[i] += x[i]·y[i] when `adding` (a chain-rule product).
@inline(never)
func multiply(
    _ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, into z: UnsafeMutablePointer<Float>, _ count: Int,
    adding: Bool
) {
    if adding {
        for i in 0..<count { z[i] += x[i] * y[i] }
    } else {
        for i in 0..<count { z[i] = x[i] * y[i] }
    }
}
