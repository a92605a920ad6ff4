import Foundation
import Testing
import TuneImages
import TuneLab

@Suite struct ImageDataCommandTests {
    @Test func loadsAClassFolderShowsItAndSplitsIt() throws {
        let folder = temporaryFolder("tunelab-images").appendingPathComponent("shapes")
        let white = try ImageFile.png(samples: [UInt8](repeating: 255, count: 36), width: 6, height: 6, channels: 1)
        for label in ["bright", "dark"] {
            try FileManager.default.createDirectory(at: folder.appendingPathComponent(label), withIntermediateDirectories: true)
            for index in 0..<10 {
                let data = label == "bright" ? white : Data("P5 6 6 255\n".utf8) + Data(repeating: 0, count: 36)
                try data.write(to: folder.appendingPathComponent("\(label)/\(index).\(label == "bright" ? "png" : "pgm")"))
            }
        }
        let lab = TestLab()
        let loaded = lab.run("data load shapes \(folder.path) size=8")
        #expect(loaded.ok, "\(loaded.text)")
        #expect(lab.session.value(at: ["shapes", "count"]) == 20)
        #expect(lab.session.value(at: ["shapes", "width"]) == 8)
        let shown = lab.run("data show shapes per_label=2")
        #expect(shown.ok, "\(shown.text)")
        // 8×8 images shown as 8 columns × 4 lines: the bright class is all "@", the dark all blank.
        #expect(shown.text.contains("bright  @@@@@@@@ @@@@@@@@"))
        let png = folder.deletingLastPathComponent().appendingPathComponent("grid.png")
        let exported = lab.run("data show shapes per_label=2 png=\(png.path)")
        #expect(exported.ok, "\(exported.text)")
        // Two rows (classes) of two 8×8 images, 2 pixels apart: 22 × 22; bright first (classes sorted).
        let decoded = try ImageFile.read(png)
        #expect(decoded.image.width == 22 && decoded.image.height == 22)
        #expect(decoded.image[2, 2] == 1 && decoded.image[12, 2] == 0 && decoded.image[0, 0] == 128.0 / 255)
        let split = lab.run("data split shapes train=0.6 validation=0.2")
        #expect(split.ok, "\(split.text)")
        #expect(lab.session.value(at: ["shapes", "train", "count"]) == 12)
    }

    @Test func aSingleClassFolderIsRefusedNamingTheFolder() throws {
        let folder = temporaryFolder("tunelab-images").appendingPathComponent("lonely")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("only"), withIntermediateDirectories: true)
        try ImageFile.png(samples: [0], width: 1, height: 1, channels: 1).write(to: folder.appendingPathComponent("only/a.png"))
        let lab = TestLab()
        let result = lab.run("data load lonely \(folder.path)")
        #expect(!result.ok)
        #expect(result.text.contains("1 class folder (only)") && result.text.contains("at least two"))
        #expect(lab.session.object(named: "lonely") == nil)
    }

    @Test func makesHersheyLettersAndUnseenSymbols() {
        let lab = TestLab()
        #expect(lab.run("data load L letters per_class=2").ok)
        #expect(lab.session.value(at: ["L", "labels"]) == 52)
        #expect(lab.session.value(at: ["L", "count"]) == 104)
        let symbols = lab.run("data load S symbols per_class=1")
        #expect(symbols.ok && symbols.text.contains("symbols no letter font draws"))
        #expect((lab.session.value(at: ["S", "labels"]) ?? 0) >= 100)
    }
}
