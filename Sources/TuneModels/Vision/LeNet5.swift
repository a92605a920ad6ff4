import TuneEngine

/// LeNet-5 (LeCun et al., 1998) in the form most introductions to CNNs use:
///
///     x     [N, 28, 28, 1]   gray images, NHWC
///     conv1 1→6, 5×5, padding 2, ReLU   → [N, 28, 28, 6]
///     pool  max 2×2                     → [N, 14, 14, 6]
///     conv2 6→16, 5×5, ReLU             → [N, 10, 10, 16]
///     pool  max 2×2                     → [N, 5, 5, 16]
///     flatten (channel, row, column)    → [N, 400]
///     fc1 400→120, ReLU → fc2 120→84, ReLU → fc3 84→10   (logits)
///
/// 61,706 parameters for 28×28 gray images and 10 classes. The keys are those of the
/// usual PyTorch module (`conv1.weight` [6, 1, 5, 5], `fc1.weight` [120, 400], ...), in
/// PyTorch's layouts, so a checkpoint loads there with `load_state_dict`.
public final class LeNet5: Module, Layer {
    public let conv1: Conv2d
    public let conv2: Conv2d
    public let fc1: Linear
    public let fc2: Linear
    public let fc3: Linear
    let pool = MaxPool2d(2)
    let flatten = Flatten()

    /// The side of the square images this model takes.
    public let imageSize: Int

    /// `imageSize` must leave at least one pixel after the second pooling (≥ 12).
    public init(imageSize: Int = 28, inputChannels: Int = 1, classes: Int = 10, generator: inout RandomGenerator) {
        self.imageSize = imageSize
        conv1 = Conv2d(inputChannels, 6, kernelSize: 5, padding: 2, generator: &generator)
        conv2 = Conv2d(6, 16, kernelSize: 5, generator: &generator)
        let side = (imageSize / 2 - 4) / 2  // 28 → 14 → 10 → 5
        fc1 = Linear(16 * side * side, 120, generator: &generator)
        fc2 = Linear(120, 84, generator: &generator)
        fc3 = Linear(84, classes, generator: &generator)
        super.init()
    }

    /// [N, H, W, C] → [N, classes] logits.
    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        try fc3(features(input))
    }

    /// [N, H, W, C] → [N, 84]: the last hidden layer, the features a new head (or a
    /// nearest-prototype classifier) builds on.
    public func features(_ input: Tensor) throws -> Tensor {
        try layerOutputs(input).last!.output
    }

    /// Every stage's output in order, named by what made it ("conv1", "relu1", "pool1",
    /// ..., "fc2", "relu4"), ending in the 84 features; for showing feature maps.
    ///
    /// Inside `ActivationTrace.collect` the pass records the four ReLU outputs, each under
    /// the layer it follows: conv1 [N, 28, 28, 6], conv2 [N, 10, 10, 16], fc1 [N, 120],
    /// fc2 [N, 84] (kind relu). Outside a trace recording does nothing.
    public func layerOutputs(_ input: Tensor) throws -> [(name: String, output: Tensor)] {
        var outputs: [(String, Tensor)] = []
        var x = input
        func keep(_ name: String, _ value: Tensor) { outputs.append((name, value)); x = value }
        // The ReLUs are applied here, not by Activation modules: the trace names each
        // after the layer whose outputs it switches off.
        func activate(_ name: String, after layer: Module) {
            keep(name, x.relu())
            ActivationTrace.record(layer, role: "activation", kind: .relu, x)
        }
        try keep("conv1", conv1(x)); activate("relu1", after: conv1); try keep("pool1", pool(x))
        try keep("conv2", conv2(x)); activate("relu2", after: conv2); try keep("pool2", pool(x))
        try keep("flatten", flatten(x))
        try keep("fc1", fc1(x)); activate("relu3", after: fc1)
        try keep("fc2", fc2(x)); activate("relu4", after: fc2)
        return outputs
    }
}
