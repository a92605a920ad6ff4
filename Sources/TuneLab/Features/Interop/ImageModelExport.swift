import Foundation
import TuneCheckpoint
import TuneEngine
import TuneImages
import TuneModels

/// `export pytorch MODEL DIR` and `export script MODEL DIR` for an image model (`vision train`).
///
///     DIR/model.py             the network as a PyTorch nn.Module (`ImageModelScript.model`)
///     DIR/model.safetensors    its state_dict as TuneLab has it now (PyTorch's names and layouts)
///     DIR/config.json          its shape: labels, image size, channels
///     DIR/README.md            how to load it
/// and, for `export script`, the latest training repeated:
///     DIR/train.py             the program (`ImageModelScript.train`)
///     DIR/start.safetensors    the weights before that training's first step
///     DIR/images.safetensors   the images as they were split then (train_, validation_, test_)
///     DIR/batches.jsonl        every step's batch of image indices, in TuneLab's order
///     DIR/recipe.json          the settings and TuneLab's losses
enum ImageModelExport {
    static func run(_ object: ImageModelObject, withScript: Bool, folder path: String, context: CommandContext) throws {
        let verb = withScript ? "export script" : "export pytorch"
        let recording = object.lastTraining
        if withScript, recording == nil {
            throw CommandError("\(verb) \(object.name): \(object.name) has not been trained in this session, so there is no run to repeat; "
                + "train it (vision train \(object.name) data=IMAGES) or export only the model: export pytorch \(object.name) \(path)")
        }
        if withScript, let shift = recording?.augmentation?.shift {
            throw CommandError("\(verb) \(object.name): its latest run moved every image at random (augment=\(shift)), which the script "
                + "does not repeat; train it without augment= to export the run, or export only the model: export pytorch \(object.name) \(path)")
        }
        let network = object.network
        let config: [String: Any] = [
            "architecture": "LeNet5", "labels": object.labels, "image_size": network.imageSize,
            "channels": network.conv1.inputChannels, "trained_on": object.trainedOn,
        ]
        let target = URL(fileURLWithPath: CommandParser.expandingTilde(path))
        do {
            try StagedFolder.write(to: target) { staging in
                func write(_ text: String, _ name: String) throws {
                    try text.write(to: staging.appendingPathComponent(name), atomically: false, encoding: .utf8)
                }
                try network.stateDictionary().write(to: staging.appendingPathComponent("model.safetensors"))
                try JSONSerialization.data(withJSONObject: config, options: [.prettyPrinted, .sortedKeys])
                    .write(to: staging.appendingPathComponent("config.json"))
                try write(ImageModelScript.model, "model.py")
                try write(readme(object, recording: withScript ? recording : nil), "README.md")
                guard withScript, let recording else { return }
                try recording.startingCheckpoint.write(to: staging.appendingPathComponent("start.safetensors"))
                try images(recording).write(to: staging.appendingPathComponent("images.safetensors"))
                try write(recording.batches.map { "[" + $0.map(String.init).joined(separator: ", ") + "]\n" }.joined(), "batches.jsonl")
                try JSONSerialization.data(withJSONObject: recipe(recording, model: object.name), options: [.prettyPrinted, .sortedKeys])
                    .write(to: staging.appendingPathComponent("recipe.json"))
                try write(ImageModelScript.train, "train.py")
            }
        } catch {
            throw CommandError("\(verb) \(object.name): \(error)")
        }
        let parameters = network.namedParameters().reduce(0) { $0 + $1.tensor.count }
        context.output.line("Wrote \(object.name) to \(target.path): model.py (LeNet5, \(NumberFormatting.integer(parameters)) parameters), "
            + "model.safetensors (its state_dict), config.json\(withScript ? ", and its training on \(recording!.dataName): train.py, start.safetensors, images.safetensors, batches.jsonl (\(recording!.batches.count) steps), recipe.json" : ""), README.md.")
        if withScript {
            context.output.line("Run it: python \(path)/train.py   or   torchrun --nproc_per_node=2 \(path)/train.py")
        } else {
            context.output.line("In Python: sys.path.insert(0, \"\(path)\"); from model import load; model, labels = load(\"\(path)\")")
        }
    }

    /// Every part's images [N, 1, H, W] and class indices [N], as one safetensors file.
    static func images(_ recording: ImageTrainingRecording) throws -> SafetensorsWriter {
        var writer = SafetensorsWriter(metadata: ["labels": recording.training.labels.joined(separator: "\n")])
        for (part, set) in [("train", recording.training), ("validation", recording.validation), ("test", recording.test)] {
            guard let set, set.count > 0 else { continue }
            // One channel, so NHWC and NCHW hold the same numbers in the same order.
            try writer.add(name: "\(part)_images", shape: [set.count, 1, set.height, set.width], floats: set.images.flatMap(\.pixels))
            try writer.add(name: "\(part)_labels", shape: [set.count], int64s: set.labelIndices.map { Int64($0) })
        }
        return writer
    }

    static func recipe(_ recording: ImageTrainingRecording, model: String) -> [String: Any] {
        let options = recording.options
        let totalSteps: Int
        switch options.length {
        case .steps(let steps): totalSteps = steps
        case .epochs(let epochs): totalSteps = epochs * max(1, (recording.training.count + options.batchSize - 1) / options.batchSize)
        }
        return [
            "model": model, "data": recording.dataName, "labels": recording.training.labels,
            "optimizer": options.optimizer.rawValue, "learning_rate": Double(options.learningRate),
            "schedule": options.schedule.rawValue, "warmup_steps": options.warmupSteps,
            "weight_decay": Double(options.weightDecay), "gradient_clipping": options.gradientClipping.map { Double($0) as Any } ?? NSNull(),
            "batch_size": options.batchSize, "total_steps": totalSteps, "steps_taken": recording.batches.count,
            "seed": Int(options.seed), "augmentation": "none",
            "tunelab_losses": recording.losses.map { Double($0) },
        ]
    }

    static func readme(_ object: ImageModelObject, recording: ImageTrainingRecording?) -> String {
        var text = """
        # \(object.name): a LeNet-5 from TuneLab, in PyTorch

        \(object.summary). `model.py` defines the network as a PyTorch `nn.Module`; `model.safetensors` is its
        `state_dict` (PyTorch's names and layouts, loaded with `strict=True`); `config.json` gives the class names
        in output order.

            import sys; sys.path.insert(0, "path/to/this/folder")
            from model import load
            model, labels = load("path/to/this/folder")
            logits = model(images)        # images: [N, 1, \(object.network.imageSize), \(object.network.imageSize)], brightness 0-1

        """
        if let recording {
            let options = recording.options
            text += """

            ## The training, repeated

            TuneLab trained it on \(recording.dataName) for \(recording.batches.count) steps of \(options.batchSize) images
            (\(options.optimizer.rawValue), learning rate \(options.learningRate), \(options.schedule.rawValue) schedule, weight decay
            \(options.weightDecay), gradient clipping \(options.gradientClipping.map { "\($0)" } ?? "none"), seed \(options.seed)).
            `train.py` repeats it from the same starting weights (`start.safetensors`) on the same images
            (`images.safetensors`) in the same batches (`batches.jsonl`):

                python -m venv .venv && .venv/bin/pip install torch accelerate safetensors
                .venv/bin/python train.py                      # CPU or one GPU
                .venv/bin/torchrun --nproc_per_node=2 train.py # two processes (GPUs, or CPU with gloo)

            Every step prints its loss beside TuneLab's. The first ones agree to the last digits or nearly; over
            tens of steps the two drift apart, because the convolutions add their products in a different order
            and training amplifies the rounding: the same recipe, not the same last digits. No augmentation is
            applied while training, here or in TuneLab.

            ## Further

            A bigger network on real photographs: `torchvision.models.resnet18(num_classes=\(object.labels.count))` with
            the same optimizer and schedule code, `torchvision.datasets.ImageFolder` for your own class folders, and
            `torchvision.transforms.v2` for augmentation.

            """
        }
        return text
    }
}
