import Testing
import TuneEngine

/// Convolution, pooling and flattening against finite differences and against the
/// textbook definition written as plain loops.
@Suite struct ConvolutionTests {
    let tolerance = 1e-2

    // MARK: - Values against the definition

    /// y[n, oh, ow, o] = b[o] + Σ_c Σ_i Σ_j x[n, oh·s+i−p, ow·s+j−p, c] · w[o, c, i, j]
    /// (positions outside the image are 0), straight from the definition.
    static func directConvolution(_ x: Tensor, _ w: Tensor, _ b: Tensor?, stride s: Int, padding p: Int) -> [Float] {
        let (n, h, wd, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (o, k) = (w.shape[0], w.shape[2])
        let oh = (h + 2 * p - k) / s + 1, ow = (wd + 2 * p - k) / s + 1
        var y = [Float](repeating: 0, count: n * oh * ow * o)
        for image in 0..<n {
            for r in 0..<oh {
                for q in 0..<ow {
                    for out in 0..<o {
                        var sum = b?.values[out] ?? 0
                        for channel in 0..<c {
                            for i in 0..<k {
                                for j in 0..<k {
                                    let row = r * s + i - p, column = q * s + j - p
                                    guard row >= 0, row < h, column >= 0, column < wd else { continue }
                                    sum += x.values[((image * h + row) * wd + column) * c + channel]
                                        * w.values[((out * c + channel) * k + i) * k + j]
                                }
                            }
                        }
                        y[((image * oh + r) * ow + q) * o + out] = sum
                    }
                }
            }
        }
        return y
    }

    @Test(arguments: [(1, 0), (1, 2), (2, 1), (3, 0)])
    func convolutionMatchesTheDefinition(stride: Int, padding: Int) throws {
        let x = randomTensor([2, 7, 6, 3], seed: 1), w = randomTensor([4, 3, 3, 3], seed: 2), b = randomTensor([4], seed: 3)
        for bias in [b, nil] {
            let y = try x.convolution2d(weight: w, bias: bias, stride: stride, padding: padding)
            let expected = Self.directConvolution(x, w, bias, stride: stride, padding: padding)
            #expect(y.shape == [2, (7 + 2 * padding - 3) / stride + 1, (6 + 2 * padding - 3) / stride + 1, 4])
            #expect(allClose(y.values, expected, tolerance: 1e-5))
        }
    }

    @Test func poolingMatchesTheDefinition() throws {
        // One image, one channel, 4×4: 0 1 2 3 / 4 5 6 7 / ...
        let x = try Tensor(shape: [1, 4, 4, 1], values: (0..<16).map(Float.init))
        #expect(try x.maxPool2d(kernelSize: 2).values == [5, 7, 13, 15])
        #expect(try x.averagePool2d(kernelSize: 2).values == [2.5, 4.5, 10.5, 12.5])
        // 3×3 windows, stride 2, padding 1: the corner window sees 0 1 4 5 and five zeros.
        #expect(try x.maxPool2d(kernelSize: 3, stride: 2, padding: 1).values == [5, 7, 13, 15])
        #expect(abs(try x.averagePool2d(kernelSize: 3, stride: 2, padding: 1).values[0] - 10 / 9) < 1e-6)
        // Negative values: padding must never win a max.
        let negative = try Tensor(shape: [1, 2, 2, 1], values: [-4, -3, -2, -1])
        #expect(try negative.maxPool2d(kernelSize: 2, stride: 1, padding: 1).values == [-4, -3, -3, -2, -1, -1, -2, -1, -1])
        // Channels pool separately: [1, 2, 2, 2] with channel 1 = −channel 0.
        let two = try Tensor(shape: [1, 2, 2, 2], values: [1, -1, 2, -2, 3, -3, 4, -4])
        #expect(try two.maxPool2d(kernelSize: 2).values == [4, -1])
        #expect(try two.globalAveragePool2d().values == [2.5, -2.5])
    }

    @Test func flattenUsesPyTorchsChannelFirstOrder() throws {
        // [1, 2, 2, 3] NHWC: value = 100·row + 10·column + channel.
        var values: [Float] = []
        for row in 0..<2 { for column in 0..<2 { for channel in 0..<3 { values.append(Float(100 * row + 10 * column + channel)) } } }
        let y = try Tensor(shape: [1, 2, 2, 3], values: values).flattenedImages()
        #expect(y.shape == [1, 12])
        #expect(y.values == [0, 10, 100, 110, 1, 11, 101, 111, 2, 12, 102, 112])
        #expect(try Tensor(shape: [2, 3, 2], values: (0..<12).map(Float.init)).flattenedImages().shape == [2, 6])
    }

    @Test func badShapesAreClearErrors() throws {
        let x = randomTensor([1, 5, 5, 2], seed: 4)
        #expect(throws: TensorError.self) { try x.convolution2d(weight: randomTensor([3, 1, 3, 3], seed: 5), bias: nil) }
        #expect(throws: TensorError.self) { try x.convolution2d(weight: randomTensor([3, 2, 7, 7], seed: 5), bias: nil) }
        #expect(throws: TensorError.self) { try x.convolution2d(weight: randomTensor([3, 2, 3], seed: 5), bias: nil) }
        #expect(throws: TensorError.self) { try x.convolution2d(weight: randomTensor([3, 2, 3, 3], seed: 5), bias: nil, stride: 0) }
        #expect(throws: TensorError.self) { try randomTensor([5, 5, 2], seed: 6).maxPool2d(kernelSize: 2) }
        #expect(throws: TensorError.self) { try x.maxPool2d(kernelSize: 2, padding: 2) }
        let error = #expect(throws: TensorError.self) { try x.convolution2d(weight: randomTensor([3, 1, 3, 3], seed: 5), bias: nil) }
        #expect(error?.description.contains("2 channels") == true)
    }

    // MARK: - Gradients against finite differences

    @Test(arguments: [(1, 0), (2, 1), (1, 2)])
    func convolutionGradients(stride: Int, padding: Int) throws {
        let x = randomTensor([2, 5, 6, 3], seed: 7), w = randomTensor([4, 3, 3, 3], seed: 8), b = randomTensor([4], seed: 9)
        for e in try gradientCheck([x, w, b], {
            try $0[0].convolution2d(weight: $0[1], bias: $0[2], stride: stride, padding: padding)
        }) { #expect(e < tolerance) }
        for e in try gradientCheck([x, w], { try $0[0].convolution2d(weight: $0[1], bias: nil, stride: stride, padding: padding) }) {
            #expect(e < tolerance)
        }
    }

    @Test func poolingGradients() throws {
        let x = randomTensor([2, 6, 5, 3], seed: 10)
        for e in try gradientCheck([x], step: 1e-3, { try $0[0].maxPool2d(kernelSize: 2) }) { #expect(e < tolerance) }
        for e in try gradientCheck([x], step: 1e-3, { try $0[0].maxPool2d(kernelSize: 3, stride: 2, padding: 1) }) { #expect(e < tolerance) }
        for e in try gradientCheck([x], { try $0[0].averagePool2d(kernelSize: 2) }) { #expect(e < tolerance) }
        for e in try gradientCheck([x], { try $0[0].averagePool2d(kernelSize: 3, stride: 2, padding: 1) }) { #expect(e < tolerance) }
        for e in try gradientCheck([x], { try $0[0].globalAveragePool2d() }) { #expect(e < tolerance) }
        for e in try gradientCheck([x], { try $0[0].flattenedImages() }) { #expect(e < tolerance) }
    }

    /// A small CNN end to end: conv → ReLU → pool → conv → flatten → linear, every parameter.
    @Test func smallNetworkGradients() throws {
        var generator = RandomGenerator(seed: 11)
        let model = Sequential([
            Conv2d(2, 3, kernelSize: 3, padding: 1, generator: &generator), Activation(.tanh), MaxPool2d(2),
            Conv2d(3, 4, kernelSize: 2, generator: &generator), Activation(.tanh), Flatten(),
            Linear(4 * 2 * 2, 3, generator: &generator),
        ])
        let x = randomTensor([2, 6, 6, 2], seed: 12)
        let parameters = model.namedParameters().map(\.tensor)
        #expect(model.namedParameters().map(\.key) == [
            "layers.0.weight", "layers.0.bias", "layers.3.weight", "layers.3.bias", "layers.6.weight", "layers.6.bias",
        ])
        for e in try gradientCheck([x] + parameters, step: 1e-3, { _ in try model(x) }) { #expect(e < tolerance) }
    }
}
