import Foundation

/// A folder with one subfolder per class, each holding that class's PNG or PGM images
/// (torchvision's `ImageFolder` convention):
///
///     shapes/
///       circle/  a.png b.png ...
///       square/  c.pgm ...
///
/// Classes are the subfolder names in sorted order. Every image is reduced to brightness
/// and resized to `size` × `size`. Hidden files are skipped; any other file must be an image.
public struct ImageFolder: Sendable {
    public let images: ImageSet
    /// The distinct sizes found before resizing, as "W×H", most common first.
    public let originalSizes: [String]
    /// The channel count every file had (1 gray, 2 gray + alpha, 3 RGB, 4 RGB + alpha).
    public let channels: Int

    public init(folder: URL, size: Int = 28, maximumPixels: Int = ImageFile.maximumPixels) throws {
        let manager = FileManager.default
        func listing(_ url: URL) throws -> [String] {
            do { return try manager.contentsOfDirectory(atPath: url.path).filter { !$0.hasPrefix(".") }.sorted() } catch {
                throw ImageError.cannotRead(file: url.path, reason: "not a readable folder")
            }
        }
        let classes = try listing(folder).filter { name in
            var isFolder: ObjCBool = false
            return manager.fileExists(atPath: folder.appendingPathComponent(name).path, isDirectory: &isFolder) && isFolder.boolValue
        }
        guard classes.count >= 2 else { throw ImageError.tooFewClasses(folder: folder.path, found: classes) }
        var images: [GrayImage] = [], labels: [Int] = []
        var sizes: [String: Int] = [:]
        var firstChannels: (count: Int, file: String)? = nil
        for (label, name) in classes.enumerated() {
            let classFolder = folder.appendingPathComponent(name)
            let files = try listing(classFolder)
            guard !files.isEmpty else { throw ImageError.emptyClass(folder: classFolder.path) }
            for file in files {
                let url = classFolder.appendingPathComponent(file)
                var isFolder: ObjCBool = false
                if manager.fileExists(atPath: url.path, isDirectory: &isFolder), isFolder.boolValue {
                    throw ImageError.mixed(file: url.path, reason: "a folder inside a class folder; each class folder holds images only")
                }
                let decoded = try ImageFile.read(url, maximumPixels: maximumPixels)
                if let first = firstChannels, first.count != decoded.channels {
                    throw ImageError.mixed(
                        file: url.path,
                        reason: "has \(Self.describe(channels: decoded.channels)) but \(first.file) has \(Self.describe(channels: first.count)); "
                            + "save them all the same way (all gray, or all RGB)")
                }
                firstChannels = firstChannels ?? (decoded.channels, url.path)
                sizes["\(decoded.image.width)×\(decoded.image.height)", default: 0] += 1
                images.append(decoded.image.resized(width: size, height: size))
                labels.append(label)
            }
        }
        self.images = try ImageSet(name: folder.lastPathComponent, labels: classes, images: images, labelIndices: labels)
        originalSizes = sizes.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map(\.key)
        channels = firstChannels?.count ?? 1
    }

    static func describe(channels: Int) -> String {
        ["", "1 channel (gray)", "2 channels (gray and alpha)", "3 channels (RGB)", "4 channels (RGB and alpha)"][min(max(channels, 0), 4)]
    }
}
