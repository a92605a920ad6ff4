/// A 2-D convolution: each output channel slides a learned kH×kW filter over all
/// input channels of an image and adds a bias.
///
/// Images are NHWC [batch, height, width, channels] (see `ImageWindow` for why).
/// The weight is stored [outputChannels, inputChannels, kH, kW], PyTorch's layout, so
/// a checkpoint's `conv1.weight` moves between the two unchanged; the forward pass
/// reads it in place as the [out, in·kH·kW] matrix of one GEMM.
public final class Conv2d: Module, Layer {
    public let weight: Tensor  // [outputChannels, inputChannels, kernelHeight, kernelWidth]
    public let bias: Tensor?  // [outputChannels]
    public let stride: Int
    public let padding: Int

    public var inputChannels: Int { weight.shape[1] }
    public var outputChannels: Int { weight.shape[0] }
    public var kernelSize: Int { weight.shape[2] }

    /// Initialized as PyTorch does: U(−1/√fanIn, 1/√fanIn), fanIn = inputChannels·k·k.
    public init(
        _ inputChannels: Int, _ outputChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
        bias: Bool = true, generator: inout RandomGenerator
    ) {
        let fanIn = inputChannels * kernelSize * kernelSize
        let bound = 1 / Float(Swift.max(fanIn, 1)).squareRoot()
        weight = .uniform([outputChannels, inputChannels, kernelSize, kernelSize], low: -bound, high: bound, using: &generator)
        weight.requiresGradient = true
        self.bias = bias ? .uniform([outputChannels], low: -bound, high: bound, using: &generator) : nil
        self.bias?.requiresGradient = true
        self.stride = stride
        self.padding = padding
        super.init()
    }

    /// [N, H, W, inputChannels] → [N, outH, outW, outputChannels]
    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        try input.convolution2d(weight: weight, bias: bias, stride: stride, padding: padding)
    }
}
