/// The nonlinearity between layers. Without one, stacked Linear layers collapse
/// into a single Linear layer.
public enum ActivationKind: String, CaseIterable, Codable, Sendable {
    case relu, gelu, geluTanh = "gelu_tanh", tanh, sigmoid, identity

    public func apply(_ x: Tensor) -> Tensor {
        switch self {
        case .relu: return x.relu()
        case .gelu: return x.gelu()
        case .geluTanh: return x.geluTanh()
        case .tanh: return x.tanh()
        case .sigmoid: return x.sigmoid()
        case .identity: return x
        }
    }
}

/// An activation as a layer, for `Sequential`.
public final class Activation: Module, Layer {
    public let kind: ActivationKind

    public init(_ kind: ActivationKind) {
        self.kind = kind
        super.init()
    }

    public func callAsFunction(_ input: Tensor) throws -> Tensor { kind.apply(input) }
}
