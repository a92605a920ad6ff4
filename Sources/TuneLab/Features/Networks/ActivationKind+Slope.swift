import TuneEngine

extension ActivationKind {
    /// dy/dz written from the output y (and z for ReLU): what the chain rule multiplies by.
    func slope(preActivation z: Double, output y: Double) -> Double {
        switch self {
        case .sigmoid: return y * (1 - y)
        case .tanh: return 1 - y * y
        case .relu: return z > 0 ? 1 : 0
        case .identity: return 1
        case .gelu, .geluTanh: return .nan
        }
    }

    /// The formula of dy/dz, for printing.
    var slopeFormula: String {
        switch self {
        case .sigmoid: return "y·(1 − y)"
        case .tanh: return "1 − y²"
        case .relu: return "1 if z > 0 else 0"
        case .identity: return "1"
        case .gelu, .geluTanh: return "gelu′(z)"
        }
    }
}
