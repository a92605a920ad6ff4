import TuneEngine
import TuneImages

/// Where an image's features are read: its raw pixels, or a layer of a trained LeNet-5.
public enum ImageFeatureSource: Sendable, Equatable {
    /// The 784 brightness values themselves (no learning at all).
    case pixels
    /// The output of a LeNet-5 stage (`pool2`, `relu3`, `relu4`, ...), flattened.
    case layer(String)

    public var name: String {
        switch self {
        case .pixels: return "pixels"
        case .layer(let name): return name
        }
    }
}

extension LeNet5 {
    /// The features of every image from `source`, one row per image, in batches of 256
    /// without gradients (frozen: nothing is trained).
    public func embeddings(of images: ImageSet, from source: ImageFeatureSource) throws -> SentenceEmbeddings {
        guard case .layer(let layer) = source else {
            return SentenceEmbeddings(values: images.pixelRows, dimension: images.width * images.height)
        }
        let wasTraining = isTraining
        evaluationMode()
        defer { if wasTraining { trainingMode() } }
        var values: [Float] = [], dimension = 0
        try GradientMode.withoutGradients {
            for start in stride(from: 0, to: images.count, by: 256) {
                let indices = Array(start..<min(images.count, start + 256))
                let outputs = try layerOutputs(ImageClassificationTask.batch(images, indices))
                guard let output = outputs.first(where: { $0.name == layer })?.output else {
                    throw ImageError.invalidArgument(name: "layer", value: layer, accepts: "one of " + outputs.map(\.name).joined(separator: ", "))
                }
                dimension = output.count / indices.count
                values += output.values
            }
        }
        return SentenceEmbeddings(values: values, dimension: dimension)
    }
}
