import ArgumentParser
import Foundation
import TuneEngine
import TuneLab

/// Options every form of `tunelab` takes.
struct LabOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("A folder of lessons to use instead of the shipped ones.", valueName: "DIR"))
    var lessons: String?

    @Option(name: .long, help: "The random seed the session starts with.")
    var seed: UInt64 = 0

    @Flag(name: .long, help: "Print without colors (the NO_COLOR environment variable does the same).")
    var noColor = false

    @Option(name: .long, help: "How many cores training uses (1 or 2 here; results are reproducible for a given count).")
    var threads: Int = 2

    /// The shell, its session and lessons, ready to run.
    func makeShell(output: Output, savesProgress: Bool) throws -> Shell {
        guard (1...64).contains(threads) else { throw ValidationError("--threads \(threads): give a number from 1 to 64") }
        EngineThreads.set(threads)
        Allocator.keepFreedBuffers()
        let lessonsFolder: URL?
        if let lessons {
            var isFolder: ObjCBool = false
            let path = (lessons as NSString).expandingTildeInPath
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else {
                throw ValidationError("--lessons \(lessons): no such folder")
            }
            lessonsFolder = URL(fileURLWithPath: path)
        } else {
            let home = StatePaths.findHome(executablePath: CommandLine.arguments.first.flatMap(Self.executablePath),
                                           currentDirectory: FileManager.default.currentDirectoryPath)
            lessonsFolder = home?.appendingPathComponent("Lessons")
        }
        let session = Session(seed: seed)
        let registry = CommandRegistry.standard()
        let store = savesProgress ? ProgressStore(file: StatePaths.progressFile()) : nil
        let navigator = LessonNavigator(library: LessonLibrary(folder: lessonsFolder), store: store,
                                        registry: registry, output: output, session: session)
        return Shell(session: session, registry: registry, output: output, lessons: navigator)
    }

    /// The running executable's path (/proc/self/exe on Linux, else argv[0] resolved).
    static func executablePath(_ argumentZero: String) -> String? {
        if let real = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return real }
        if argumentZero.contains("/") { return argumentZero }
        return Bundle.main.executablePath
    }
}

/// `tunelab`: the terminal lab for learning fine-tuning.
struct TuneLabCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tunelab",
        abstract: "A terminal lab for learning fine-tuning.",
        discussion: "With no subcommand, tunelab starts the interactive lab. Lessons and datasets are found in $TUNELAB_HOME, or in the first folder holding both Lessons/ and datasets/ above the executable or the current directory.",
        version: TuneLabVersion.string,
        subcommands: [Interactive.self, Run.self, Check.self, Report.self, Guide.self],
        defaultSubcommand: Interactive.self)
}

/// The interactive lab (the default).
struct Interactive: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "lab", abstract: "Start the interactive lab (the default).")

    @OptionGroup var options: LabOptions

    func run() throws {
        let output = Output.standard(colorAllowed: !options.noColor)
        let shell = try options.makeShell(output: output, savesProgress: true)
        let interactive = isatty(STDIN_FILENO) == 1
        let reader: LineReader
        if interactive {
            if let warning = HistoryFile.setAsideIfUnusable(StatePaths.historyFile()) { output.warning(warning) }
            reader = ReadlineLineReader(historyFile: StatePaths.historyFile()) { shell.completions(forPrefix: $0) }
            output.line(output.styled("TuneLab \(TuneLabVersion.string)", .bold)
                + " — a lab for learning fine-tuning. Type lessons to begin, help for the commands, quit to leave.")
        } else {
            reader = PlainLineReader()
        }
        // A script piped in gets only its commands' output, not the lesson's greeting.
        shell.lessons.resume(announcing: interactive)
        let failures = shell.run(reader: reader)
        if interactive { output.line() }
        if !interactive && failures > 0 { throw ExitCode(1) }
    }
}

/// `tunelab run FILE`: a script or a lesson, headless.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a script (one command a line, # comments) or a lesson (its cells and checks) without a prompt.",
        discussion: "Exits with status 1 when a command or a check failed.")

    @OptionGroup var options: LabOptions

    @Argument(help: "The script or lesson file.")
    var file: String

    func run() throws {
        let output = Output.standard(colorAllowed: !options.noColor)
        let shell = try options.makeShell(output: output, savesProgress: false)
        let url = URL(fileURLWithPath: (file as NSString).expandingTildeInPath)
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw ValidationError("\(file): cannot read it as UTF-8 text (does it exist?)")
        }
        var failures: [String]
        if HeadlessRunner.isLesson(text) {
            do {
                let (number, slug) = LessonParser.numberAndSlug(of: url.lastPathComponent)
                let lesson = try LessonParser(registry: shell.registry).parse(text: text, file: url, number: number, slug: slug)
                failures = HeadlessRunner.runLesson(lesson, in: shell).failures
            } catch {
                failures = [String(describing: error)]
            }
        } else {
            failures = HeadlessRunner.runScript(text: text, file: file, in: shell)
        }
        guard failures.isEmpty else {
            FileHandle.standardError.write(Data((["\(failures.count) failed:"] + failures).joined(separator: "\n").utf8 + [0x0A]))
            throw ExitCode(1)
        }
    }
}

/// `tunelab check FILE...`: validate lessons, run their cells, evaluate their checks.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check lessons: parse them, run every cell headless, evaluate every check, report failures as file:line.")

    @OptionGroup var options: LabOptions

    @Argument(help: "Lesson files.")
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one lesson file, e.g. tunelab check Lessons/01-*.md") }
    }

    func run() throws {
        let output = Output.standard(colorAllowed: !options.noColor)
        var failed = 0
        for file in files {
            // Each lesson runs in a fresh session, as a learner would meet it; cell output is kept quiet.
            let quiet = BufferOutput()
            let shell = try options.makeShell(output: quiet.output, savesProgress: false)
            let url = URL(fileURLWithPath: (file as NSString).expandingTildeInPath)
            let lesson: Lesson
            do {
                lesson = try LessonParser(registry: shell.registry).parse(file: url)
            } catch {
                output.line(String(describing: error))
                output.line(output.styled("✗ \(file): cannot be parsed", .red))
                failed += 1
                continue
            }
            let report = HeadlessRunner.runLesson(lesson, in: shell, showsOutput: false)
            for failure in report.failures { output.line(failure) }
            let workshop = (report.exerciseCount > 0 ? ", \(report.exerciseCount) exercises" : "") + (report.predictionCount > 0 ? ", \(report.predictionCount) predictions" : "")
            let summary = "\(file): \(report.cellCount) cells, \(report.checkCount) checks\(workshop), compute \(String(format: "%.2f", report.computeSeconds)) s"
            if report.failures.isEmpty {
                output.line(output.styled("✓ ", .green) + summary)
            } else {
                output.line(output.styled("✗ ", .red) + summary + ", \(report.failures.count) failed")
                failed += 1
            }
        }
        if failed > 0 { throw ExitCode(1) }
    }
}

extension RoomReport.Format: ExpressibleByArgument {}

/// `tunelab report FILE...`: a room's learner reports as one table.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Aggregate learners' report files (written in the lab with report FILE) into one table.",
        discussion: "Per lesson: how many finished, the median minutes, the check most often failed, and learners stopped at the same step. Files that are not learner reports are named on standard error and left out.")

    @Option(name: .long, help: "terminal, markdown or csv.")
    var format: RoomReport.Format = .terminal

    @Argument(help: "Learner report files (JSON).")
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("give learners' report files, e.g. tunelab report reports/*.json") }
    }

    func run() throws {
        let (reports, problems) = RoomReport.load(files: files)
        for problem in problems { FileHandle.standardError.write(Data(("tunelab report: " + problem + "\n").utf8)) }
        guard !reports.isEmpty else {
            FileHandle.standardError.write(Data("tunelab report: none of the \(files.count) files is a learner report.\n".utf8))
            throw ExitCode(1)
        }
        let environment = ProcessInfo.processInfo.environment
        let style = RenderStyle.detect(environment: environment, isTerminal: isatty(STDOUT_FILENO) == 1, fallbackWidth: 160)
        print(RoomReport(reports: reports).render(format, style: style), terminator: "")
    }
}

/// `tunelab guide`: the instructor's guide, made from the lessons.
struct Guide: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write an instructor's guide (Markdown) from the lessons: objectives, minutes, the numbers learners will see, common mistakes, offline preparation.")

    @OptionGroup var options: LabOptions

    @Option(name: [.short, .long], help: ArgumentHelp("Write the guide to this file instead of standard output.", valueName: "FILE"))
    var output: String?

    @Flag(name: .customLong("run"), help: "Run each lesson headless first and add the values its checks read (takes the lessons' compute time).")
    var runLessons = false

    func run() throws {
        let quiet = BufferOutput()
        let shell = try options.makeShell(output: quiet.output, savesProgress: false)
        let library = shell.lessons.library
        guard !library.entries.isEmpty else { throw ValidationError("no lessons found; use --lessons DIR or set TUNELAB_HOME") }
        var lessons: [Lesson] = []
        for entry in library.entries {
            do { lessons.append(try LessonParser(registry: shell.registry).parse(file: entry.file)) } catch {
                FileHandle.standardError.write(Data("tunelab guide: left out \(entry.file.path):\n\(error)\n".utf8))
            }
        }
        var measured: [Int: (seed: UInt64, values: [Int: [String: Double]])] = [:]
        if runLessons {
            for lesson in lessons {
                let buffer = BufferOutput()
                let fresh = try options.makeShell(output: buffer.output, savesProgress: false)
                let report = HeadlessRunner.runLesson(lesson, in: fresh, showsOutput: false)
                measured[lesson.number] = (options.seed, report.values)
                for failure in report.failures { FileHandle.standardError.write(Data("tunelab guide: \(failure)\n".utf8)) }
                withExtendedLifetime(buffer) {}
            }
        }
        let text = InstructorGuide.markdown(lessons: lessons, measured: measured)
        if let output {
            do { try text.write(toFile: (output as NSString).expandingTildeInPath, atomically: true, encoding: .utf8) } catch {
                throw ValidationError("--output \(output): cannot write it (\(error.localizedDescription))")
            }
        } else {
            print(text, terminator: "")
        }
    }
}

TuneLabCommand.main()
