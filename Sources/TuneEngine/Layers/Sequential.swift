/// Layers applied one after another. Keys are `layers.0.weight`, `layers.2.bias`, ...
public final class Sequential: Module, Layer {
    public let layers: [Module]

    public init(_ layers: [any Layer]) {
        self.layers = layers
        super.init()
    }

    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        var x = input
        for layer in layers {
            x = try (layer as! any Layer)(x)
            if let activation = layer as? Activation {
                ActivationTrace.record(activation, role: "activation", kind: activation.kind, x)
            }
        }
        return x
    }
}
