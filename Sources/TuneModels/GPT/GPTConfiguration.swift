import TuneEngine

/// The shape of a GPT-style language model. Defaults are the lessons' small model;
/// a preset states only what differs.
public struct GPTConfiguration: Codable, Equatable, Sendable {
    public var vocabularySize: Int
    public var contextLength = 64  // tokens the model sees at once
    public var layers = 2  // transformer blocks
    public var heads = 4  // attention heads per block (width must divide by it)
    public var width = 64  // features per position ("d_model")
    public var mlpRatio = 4  // MLP hidden size = mlpRatio × width
    public var dropout: Float = 0  // probability, during training only
    public var tiedHead = true  // the output layer reuses the token embedding (fewer parameters)
    public var activation: ActivationKind = .gelu
    public var placement: NormPlacement = .pre

    public init(
        vocabularySize: Int, contextLength: Int = 64, layers: Int = 2, heads: Int = 4, width: Int = 64,
        mlpRatio: Int = 4, dropout: Float = 0, tiedHead: Bool = true, activation: ActivationKind = .gelu,
        placement: NormPlacement = .pre
    ) {
        self.vocabularySize = vocabularySize
        self.contextLength = contextLength
        self.layers = layers
        self.heads = heads
        self.width = width
        self.mlpRatio = mlpRatio
        self.dropout = dropout
        self.tiedHead = tiedHead
        self.activation = activation
        self.placement = placement
    }

    /// The benchmark model, the same as the PyTorch reference: vocab 65, context 64,
    /// 4 layers, 4 heads, width 128 (809,856 parameters).
    public static let benchmark = GPTConfiguration(vocabularySize: 65, contextLength: 64, layers: 4, heads: 4, width: 128)

    /// Checks that the numbers make a model; the error names the setting.
    public func validate() throws {
        func require(_ condition: Bool, _ message: String) throws {
            if !condition { throw TensorError.invalidArgument(operation: "GPT configuration", reason: message) }
        }
        try require(vocabularySize >= 2, "vocabularySize must be at least 2, got \(vocabularySize)")
        try require(contextLength >= 1 && contextLength <= 4096, "contextLength must be in 1...4096, got \(contextLength)")
        try require(layers >= 0 && layers <= 48, "layers must be in 0...48, got \(layers)")
        try require(width >= 1 && width <= 4096, "width must be in 1...4096, got \(width)")
        try require(heads >= 1 && width % heads == 0, "width \(width) must divide into heads \(heads)")
        try require(mlpRatio >= 1 && mlpRatio <= 16, "mlpRatio must be in 1...16, got \(mlpRatio)")
        try require(dropout >= 0 && dropout < 1, "dropout must be in [0, 1), got \(dropout)")
    }
}
