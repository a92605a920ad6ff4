/// Reverse-mode automatic differentiation.
///
/// Every op computes its result, then (when gradients are on and an input wants
/// one) records its inputs as `parents` and a closure that pushes the result's
/// gradient back into them. `backward()` replays those closures from the loss
/// back to the parameters.

// MARK: - Gradient mode

/// Whether ops record the graph. Evaluation runs inside `withoutGradients`, which
/// builds no graph and so keeps no intermediate values alive.
public enum GradientMode {
    // A task-local value, not a global: two trainings on two threads (tests run in
    // parallel) each keep their own mode.
    @TaskLocal private static var enabled = true

    /// Whether ops currently record the graph.
    public static var isEnabled: Bool { enabled }

    /// Runs `body` with graph recording off, then restores the previous mode.
    public static func withoutGradients<T>(_ body: () throws -> T) rethrows -> T {
        try $enabled.withValue(false) { try body() }
    }
}

extension Tensor {
    // MARK: - Recording (used by every op)

    /// Links `self` (an op's fresh result) to its inputs if any input wants a
    /// gradient, and returns self. `propagate` receives d(loss)/d(self).
    @discardableResult
    func recording(
        _ operation: String, parents: [Tensor], propagate: @escaping (_ gradient: [Float]) -> Void
    ) -> Tensor {
        self.operation = operation
        guard GradientMode.isEnabled, parents.contains(where: { $0.requiresGradient }) else {
            return self
        }
        self.parents = parents
        self.requiresGradient = true
        self.propagateGradient = propagate
        return self
    }

    /// Adds `delta` into this tensor's gradient (gradients accumulate: a tensor
    /// used twice receives the sum of both paths). Ignored if it wants no gradient.
    func accumulateGradient(_ delta: [Float]) {
        guard requiresGradient else { return }
        if gradient == nil {
            gradient = delta
            return
        }
        withBuffers(delta, writing: &gradient!) { d, g in
            guard let source = d.baseAddress, let target = g.baseAddress else { return }
            VectorKernels.add(source, into: target, Swift.min(g.count, d.count))
        }
    }

    /// Like `accumulateGradient(_:)` with a buffer, for ops that can write their
    /// contribution directly: when this tensor has no gradient yet, `body` gets an
    /// *uninitialized* buffer and `isFresh` true, and must write every element
    /// (a GEMM with beta 0, say); otherwise it gets the existing gradient and
    /// `isFresh` false, and must add into it. This saves zero-filling a buffer only
    /// to add into it once.
    func accumulateGradient(overwritingIfFresh body: (_ buffer: UnsafeMutableBufferPointer<Float>, _ isFresh: Bool) -> Void) {
        guard requiresGradient else { return }
        if gradient == nil {
            gradient = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                body(buffer, true)
                initialized = buffer.count
            }
            return
        }
        gradient!.withUnsafeMutableBufferPointer { body($0, false) }
    }

    /// Like `accumulateGradient`, but hands the caller the (zeroed if new) buffer
    /// to add into, avoiding a temporary array in hot ops.
    func accumulateGradient(_ body: (UnsafeMutableBufferPointer<Float>) -> Void) {
        guard requiresGradient else { return }
        if gradient == nil { gradient = [Float](repeating: 0, count: count) }
        gradient!.withUnsafeMutableBufferPointer { body($0) }
    }

    // MARK: - Backward

    /// Computes d(self)/d(t) for every tensor t in the graph that requires a
    /// gradient, adding it into `t.gradient`. `self` must hold one value (a loss).
    ///
    /// Intermediate results release their gradients as soon as they have passed
    /// them on; leaves (parameters, inputs) keep theirs for the optimizer.
    public func backward() throws {
        guard count == 1 else { throw TensorError.notScalar(operation: "backward()", shape: shape) }
        guard requiresGradient else {
            throw TensorError.invalidArgument(
                operation: "backward()",
                reason: "this value does not depend on anything that requires a gradient")
        }

        // 1. Order the graph so that each tensor comes after everything it was computed from.
        var order: [Tensor] = []
        var visited = Set<ObjectIdentifier>()
        var stack: [(tensor: Tensor, childrenDone: Bool)] = [(self, false)]
        while let (tensor, childrenDone) = stack.popLast() {
            if childrenDone { order.append(tensor); continue }
            guard visited.insert(ObjectIdentifier(tensor)).inserted else { continue }
            stack.append((tensor, true))
            for parent in tensor.parents where parent.requiresGradient
                && !visited.contains(ObjectIdentifier(parent)) {
                stack.append((parent, false))
            }
        }

        // 2. Apply the chain rule from the loss backwards, node by node.
        accumulateGradient([1])
        for tensor in order.reversed() {
            guard let propagate = tensor.propagateGradient, let gradient = tensor.gradient else { continue }
            propagate(gradient)
            tensor.gradient = nil  // an intermediate: its job is done
        }
    }

    /// Forgets this tensor's gradient (optimizers call it on every parameter).
    public func zeroGradient() {
        gradient = nil
    }
}
