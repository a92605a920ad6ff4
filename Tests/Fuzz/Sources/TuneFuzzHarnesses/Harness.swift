import Foundation
import TuneCheckpoint
import TuneEngine
import TuneImages
import TuneLab
import TuneModels
import TuneText

/// The parsers fed with fuzzed input, one case per harness.
///
/// A harness only calls the parser. A thrown error is the parser doing its job and is
/// returned for the caller to inspect; a crash, trap or sanitizer report is a finding.
/// Two programs drive the same harnesses: `tunelab-fuzz` (libFuzzer, built by `.ci/fuzz`)
/// and the replay test in the normal suite (every seed file plus seeded mutations).
///
/// Contract for `run`: it never crashes on any bytes, returns within a fraction of a
/// second, and leaves nothing behind but its scratch folder.
public enum Harness: String, CaseIterable, Sendable {
    /// Lesson Markdown with its YAML front matter.
    case lesson
    /// `check` block expressions, parsed and evaluated on a session with objects.
    case check
    /// The command-line grammar (`verb object key=value`), against the real registry.
    case command
    /// CSV and TSV data files (the first byte picks header, delimiter and columns).
    case delimited
    /// JSON-lines data files.
    case jsonl
    /// safetensors checkpoints, header and every tensor's values.
    case safetensors
    /// config.json (BERT and the lab's own), vocab.txt and tokenizer.json.
    case modelfiles
    /// The lab's state: progress.json and the line history.
    case state
    /// PNG files through libpng, reduced to brightness and resized as image folders do.
    case png
    /// PGM files, binary (P5) and plain (P2), reduced and resized as image folders do.
    case pgm
    /// Gzip streams through zlib, then the MNIST sample's CSV reader (raw CSV when the
    /// bytes are not gzip, so the CSV reader is fuzzed directly too).
    case gzip
    /// Hershey `.jhf` font files, every glyph drawn by the rasterizer.
    case hershey

    /// Runs the parser on `data` and returns every error it threw (empty when it accepted
    /// the input).
    public func run(_ data: Data) -> [Error] {
        var errors: [Error] = []
        func attempt(_ body: () throws -> Void) {
            do { try body() } catch { errors.append(error) }
        }
        let text = String(decoding: data, as: UTF8.self)
        switch self {
        case .lesson:
            attempt {
                _ = try LessonParser(registry: Scratch.registry).parse(
                    text: text, file: URL(fileURLWithPath: "/fuzz/01-fuzz.md"), number: 1, slug: "fuzz")
            }
        case .check:
            attempt { _ = try CheckExpression(parsing: text).evaluate(in: Scratch.session) }
        case .command:
            attempt { _ = try CommandParser(registry: Scratch.registry, session: Scratch.session, checksFiles: false).parse(text) }
            attempt { _ = try CommandParser(registry: Scratch.registry, session: nil, checksFiles: false).parse(text) }
        case .delimited:
            guard let first = data.first else { return [] }
            let file = Scratch.file(Data(data.dropFirst()), named: first & 1 == 0 ? "data.csv" : "data.tsv")
            attempt {
                if first & 2 == 0 {
                    _ = try LabelledDataset.loadDelimited(from: file, onBadRow: first & 4 == 0 ? .skip : .reject)
                } else {
                    _ = try LabelledDataset.loadDelimited(
                        from: file, textColumn: .index(Int(first >> 3 & 3) + 1), labelColumn: .index(Int(first >> 5) + 1),
                        hasHeader: false, onBadRow: .skip)
                }
            }
        case .jsonl:
            let file = Scratch.file(data, named: "data.jsonl")
            attempt { _ = try LabelledDataset.loadJSONLines(from: file, onBadRow: .skip) }
        case .safetensors:
            attempt {
                let file = try SafetensorsFile(data: data, source: "fuzz.safetensors")
                for entry in file.entries {
                    attempt { _ = try file.floats(named: entry.name) }
                    attempt { _ = try file.int64s(named: entry.name) }
                }
            }
        case .modelfiles:
            guard let first = data.first else { return [] }
            let body = Data(data.dropFirst())
            switch first % 4 {
            case 0: attempt { _ = try BERTConfiguration(json: body, source: "config.json") }
            case 1:
                attempt { try JSONDecoder().decode(ModelCheckpoint.Config.self, from: body).gpt.validate() }
            case 2:
                attempt {
                    let tokenizer = try WordPieceTokenizer(vocabularyText: String(decoding: body, as: UTF8.self))
                    let ids = tokenizer.encode("The film was [MASK] good, wasn't it? Ünïcödé 東京")
                    _ = try tokenizer.decode(ids)
                }
            default:
                attempt { _ = try SavedTokenizer.fromJSON(body).tokenizer.encode("the battery lasts all day") }
            }
        case .state:
            attempt { _ = try JSONDecoder().decode(LessonProgress.self, from: data) }
            _ = HistoryFile.setAsideIfUnusable(Scratch.file(data, named: "history"))
            // Setting aside renames the file; clear the folder so it does not fill up.
            Scratch.removeAll(prefixed: "history.corrupt-")
        case .png, .pgm:
            attempt { _ = try ImageFile.decode(data, file: "fuzz.\(rawValue)", maximumPixels: Self.imagePixelLimit).image.resized(width: 28, height: 28) }
        case .gzip:
            attempt {
                let csv = data.starts(with: [0x1F, 0x8B])
                    ? try Gunzip.decompress(data, file: "fuzz.csv.gz", limit: Self.gzipOutputLimit) : data
                _ = try MNISTSample.parse(csv, file: "fuzz.csv")
            }
        case .hershey:
            attempt {
                let font = try HersheyFont(contentsOf: Scratch.file(data, named: "fuzz.jhf"))
                var generator = RandomGenerator(seed: 1)
                let rasterizer = GlyphRasterizer(size: 14, box: 11)
                for glyph in font.glyphs.prefix(Self.glyphsDrawn) {
                    _ = rasterizer.render(glyph, pose: GlyphPose(rotation: 0.3, noise: 0.05), generator: &generator)
                }
            }
        }
        return errors
    }

    // Limits that keep one run short while still reaching every branch: the pixel limit
    // is checked from the header whatever its value, a 256×256 image is decoded in well
    // under a millisecond, and the lab's own 256 MB gzip limit would let one input take
    // seconds.
    static let imagePixelLimit = 256 * 256
    static let gzipOutputLimit = 4 << 20
    static let glyphsDrawn = 16
}
