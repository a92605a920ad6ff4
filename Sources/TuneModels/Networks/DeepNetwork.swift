import TuneEngine

/// A deep fully connected classifier for points in the plane.
///
/// `layers` counts its Linear layers: block 0 maps the 2 inputs to `width`, blocks
/// 1…layers−2 map width to width, and `head` maps width to the class scores. Each block is
/// Linear → LayerNorm (with `norm`) → activation; with `residual`, blocks 1… add their
/// input back: x + block(x), so the gradient has a path that skips the block.
public final class DeepNetwork: Module, Layer {
    /// Block i holds `layers.0` (Linear), then `layers.1` (LayerNorm, with norm), then the activation.
    public let blocks: [Sequential]
    public let head: Linear  // [classes, width]
    public let residual: Bool
    public let activation: ActivationKind
    public let usesNorm: Bool

    public init(layers: Int, width: Int, inputs: Int, classes: Int, activation: ActivationKind,
                residual: Bool, norm: Bool, generator: inout RandomGenerator) {
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
