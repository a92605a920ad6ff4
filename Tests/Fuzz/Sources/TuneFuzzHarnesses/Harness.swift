import Foundation
import TuneEngine
import TuneLab
import TuneModels
import TuneText

/// The parsers fed with libFuzzer's inputs. A harness only calls the parser: a thrown
/// error is the parser doing its job; a crash, trap or sanitizer report is a finding.
enum Harness: String, CaseIterable {
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

    nonisolated(unsafe) static var current = Harness.lesson

    /// One scratch file per process for the readers that take a path (tmpfs when there is one).
    static let scratchFolder: URL = {
        let shm = URL(fileURLWithPath: "/dev/shm")
        let base = FileManager.default.fileExists(atPath: shm.path) ? shm : FileManager.default.temporaryDirectory
        let folder = base.appendingPathComponent("tunelab-fuzz-\(getpid())")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }()

    static func scratch(_ data: Data, named name: String) -> URL {
        let url = scratchFolder.appendingPathComponent(name)
        try? data.write(to: url)
        return url
    }

    static let registry = CommandRegistry.standard()

    /// A session with one object of each common kind, so names and paths resolve.
    static let session: Session = {
        let session = Session(seed: 0)
        let quiet = Output(isTerminal: false, useColor: false) { _ in }
        let lab = Shell(session: session, registry: registry, output: quiet,
                        lessons: LessonNavigator(library: LessonLibrary(folder: nil), store: nil, registry: registry,
                                                 output: quiet, session: session))
        lab.execute("neuron new n seed=1")
        lab.execute("neuron train n steps=2 as r1")
        return session
    }()

    func run(_ data: Data) {
        let text = String(decoding: data, as: UTF8.self)
        switch self {
        case .lesson:
            _ = try? LessonParser(registry: Self.registry).parse(
                text: text, file: URL(fileURLWithPath: "/fuzz/01-fuzz.md"), number: 1, slug: "fuzz")
        case .check:
            if let expression = try? CheckExpression(parsing: text) {
                _ = expression.evaluate(in: Self.session)
            }
        case .command:
            _ = try? CommandParser(registry: Self.registry, session: Self.session, checksFiles: false).parse(text)
            _ = try? CommandParser(registry: Self.registry, session: nil, checksFiles: false).parse(text)
        case .delimited:
            guard let first = data.first else { return }
            let body = data.dropFirst()
            let file = Self.scratch(Data(body), named: first & 1 == 0 ? "data.csv" : "data.tsv")
            if first & 2 == 0 {
                _ = try? LabelledDataset.loadDelimited(from: file, onBadRow: first & 4 == 0 ? .skip : .reject)
            } else {
                _ = try? LabelledDataset.loadDelimited(
                    from: file, textColumn: .index(Int(first >> 3 & 3) + 1), labelColumn: .index(Int(first >> 5) + 1),
                    hasHeader: false, onBadRow: .skip)
            }
        case .jsonl:
            let file = Self.scratch(data, named: "data.jsonl")
            _ = try? LabelledDataset.loadJSONLines(from: file, onBadRow: .skip)
        case .safetensors:
            guard let file = try? SafetensorsFile(data: data, source: "fuzz.safetensors") else { return }
            for entry in file.entries {
                _ = try? file.floats(named: entry.name)
                _ = try? file.int64s(named: entry.name)
            }
        case .modelfiles:
            guard let first = data.first else { return }
            let body = Data(data.dropFirst())
            switch first % 4 {
            case 0: _ = try? BERTConfiguration(json: body, source: "config.json")
            case 1:
                if let config = try? JSONDecoder().decode(ModelCheckpoint.Config.self, from: body) {
                    try? config.gpt.validate()
                }
            case 2:
                if let tokenizer = try? WordPieceTokenizer(vocabularyText: String(decoding: body, as: UTF8.self)) {
                    let ids = tokenizer.encode("The film was [MASK] good, wasn't it? Ünïcödé 東京")
                    _ = try? tokenizer.decode(ids)
                }
            default:
                if let tokenizer = try? SavedTokenizer.fromJSON(body) {
                    _ = try? tokenizer.tokenizer.encode("the battery lasts all day")
                }
            }
        case .state:
            _ = try? JSONDecoder().decode(LessonProgress.self, from: data)
            let file = Self.scratch(data, named: "history")
            _ = HistoryFile.setAsideIfUnusable(file)
            // Setting aside renames the file; clear the folder so it does not fill up.
            if let names = try? FileManager.default.contentsOfDirectory(atPath: Self.scratchFolder.path) {
                for name in names where name.hasPrefix("history.corrupt-") {
                    unlink(Self.scratchFolder.appendingPathComponent(name).path)
                }
            }
        }
    }
}
