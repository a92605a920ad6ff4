import Foundation
import TuneCheckpoint
import TuneEngine
import TuneImages
import TuneModels

/// What `vision train` keeps so that `export script` can repeat the training in PyTorch:
/// the LeNet-5 before its first step, the settings, the images as they were split, every
/// step's batch and loss. Taken when training starts and completed when it ends, so a
/// later `data split` or a second `vision train` does not change what was recorded.
struct ImageTrainingRecording {
    let dataName: String
    let options: TrainingOptions
    /// The model before the first step as a safetensors file's bytes: every parameter and
    /// buffer under PyTorch's state_dict names.
    let startingCheckpoint: Data
    let training: ImageSet
    let validation: ImageSet?
    let test: ImageSet?
    /// Every step's batch, as indices into `training`, and the loss TuneLab measured on it.
    var batches: [[Int]] = []
    var losses: [Float] = []
    /// The random shifts the run applied to its batches (`augment=`), which the
    /// exported script does not repeat; nil for none.
    var augmentation: ImageAugmentation?

    init(network: LeNet5, dataName: String, options: TrainingOptions, training: ImageSet, validation: ImageSet?, test: ImageSet?) throws {
        self.dataName = dataName
        self.options = options
        startingCheckpoint = try network.stateDictionary().encoded()
        self.training = training
        self.validation = validation
        self.test = test
    }
}

extension Module {
    /// The parameters and buffers as a PyTorch state_dict holds them (integer buffers such
    /// as BatchNorm's `num_batches_tracked` as I64), ready to encode or write.
    func stateDictionary(metadata: [String: String] = ["format": "pt"]) throws -> SafetensorsWriter {
        var writer = SafetensorsWriter(metadata: metadata)
        for (key, tensor) in namedParameters() { try writer.add(name: key, shape: tensor.shape, floats: tensor.values) }
        for (key, buffer) in namedBuffers() {
            switch buffer.storage {
            case .float: try writer.add(name: key, shape: buffer.shape, floats: buffer.values)
            case .integer: try writer.add(name: key, shape: buffer.shape, int64s: buffer.values.map { Int64($0) })
            }
        }
        return writer
    }
}
