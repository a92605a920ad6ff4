import TuneEngine

/// A deep fully connected classifier for points in the plane.
///
/// `layers` counts its Linear layers: block 0 maps the 2 inputs to `width`, blocks
/// 1…layers−2 map width to width, and `head` maps width to the class scores. Each block is
/// Linear → LayerNorm (with `norm`) → activation; with `residual`, blocks 1… add their
/// input back: x + block(x), so the gradient has a path that skips the block.
///
/// `initialization` chooses the starting weights: PyTorch's default U(−1/√fanIn, 1/√fanIn),
/// or He's N(0, 2/fanIn) with zero biases, which keeps the size of ReLU activations (and of
/// the gradients coming back) the same from layer to layer.
public final class DeepNetwork: Module, Layer {
    /// How the Linear layers' weights start.
    public enum Initialization: String, Sendable, CaseIterable {
        /// U(−1/√fanIn, 1/√fanIn) for weights and biases, as PyTorch's `nn.Linear`.
        case pytorch
        /// Weights N(0, 2/fanIn), biases 0 (He et al. 2015, `kaiming_normal_`).
        case he
    }

    /// Block i holds `layers.0` (Linear), then `layers.1` (LayerNorm, with norm), then the activation.
    public let blocks: [Sequential]
    public let head: Linear  // [classes, width]
    public let residual: Bool
    public let activation: ActivationKind
    public let usesNorm: Bool

    public init(layers: Int, width: Int, inputs: Int, classes: Int, activation: ActivationKind,
                residual: Bool, norm: Bool, initialization: Initialization = .pytorch, generator: inout RandomGenerator) {
        var blocks: [Sequential] = []
        for index in 0..<(layers - 1) {
            var parts: [any Layer] = [Linear(index == 0 ? inputs : width, width, generator: &generator)]
            if norm { parts.append(LayerNorm(width)) }
            parts.append(Activation(activation))
            blocks.append(Sequential(parts))
        }
        self.blocks = blocks
        head = Linear(width, classes, generator: &generator)
        self.residual = residual
        self.activation = activation
        usesNorm = norm
        super.init()
        if initialization == .he {
            // Var(W·x) = fanIn · Var(W) · E[x²], and ReLU keeps half of E[x²]: Var(W) = 2/fanIn
            // makes each layer's output as large as its input, at any depth.
            for layer in linearLayers {
                layer.weight.values = Tensor.kaimingNormal(layer.weight.shape, using: &generator).values
                layer.bias?.values = [Float](repeating: 0, count: layer.outputSize)
            }
        }
    }

    /// The Linear layers in order (blocks, then the head): "layer 1" … "layer N".
    public var linearLayers: [Linear] { blocks.map { $0.layers[0] as! Linear } + [head] }

    /// The keys of the Linear layers' weights, in order.
    public var linearWeightKeys: [String] {
        (0..<blocks.count).map { "blocks.\($0).layers.0.weight" } + ["head.weight"]
    }

    /// [N, inputs] → [N, classes]
    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        var x = input
        for (index, block) in blocks.enumerated() {
            let y = try block(x)
            x = residual && index > 0 ? try x + y : y
        }
        return try head(x)
    }
}
