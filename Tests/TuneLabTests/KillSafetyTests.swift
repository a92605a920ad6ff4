import Foundation
import Testing
import TuneModels
import TuneLab

/// The lab killed with SIGKILL at random moments while it trains, saves a checkpoint and
/// steps through a lesson: after every kill the progress file, the line history and the
/// checkpoint still parse, the lab starts without setting anything aside, and at most the
/// step it was making is lost.
@Suite(.serialized) struct KillSafetyTests {
    static let trials = 120
    static let lessonSteps = 24

    /// A folder for one run of the test: the lesson folder, the lab's state, the working folder.
    struct Setup {
        let root = temporaryFolder("tunelab-kill")
        var lessons: URL { root.appendingPathComponent("lessons") }
        var state: URL { root.appendingPathComponent("state") }
        var work: URL { root.appendingPathComponent("work") }
        var progressFile: URL { state.appendingPathComponent("tunelab/progress.json") }
        var historyFile: URL { state.appendingPathComponent("tunelab/history") }
        var checkpoint: URL { work.appendingPathComponent("ckpt") }
        var environment: [String: String] { ["XDG_STATE_HOME": state.path, "NO_COLOR": "1"] }

        init() throws {
            for folder in [lessons, state, work] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
            // Prose steps only, so nothing is pre-typed at a terminal prompt.
            let parts = (1...KillSafetyTests.lessonSteps).map { "## Part \($0)\n\nText of part \($0).\n" }
            let lesson = "---\ntitle: Steps\nminutes: 1\nobjectives: [move]\nneeds: []\n---\n# Steps\n\n" + parts.dropFirst().joined(separator: "\n")
            try lesson.write(to: lessons.appendingPathComponent("01-steps.md"), atomically: true, encoding: .utf8)
        }

        /// The commands of one trial: from step `from` (0-based), `count` moves, each followed
        /// by a marker line, some training and a checkpoint save. Returns the lines and the
        /// 1-based steps moved to, in order.
        func script(from: Int, count: Int) -> (lines: [String], targets: [Int]) {
            var lines = ["model new m preset=tiny layers=1 width=16 heads=2 context=16", "open 1"]
            var targets: [Int] = []
            for move in 1...count {
                let target = (from + move) % KillSafetyTests.lessonSteps + 1
                targets.append(target)
                lines += ["goto \(target)", "seed \(1000 + target)", "train m on corpus steps=2", "model save m ckpt"]
            }
            return (lines, targets)
        }

        func savedStep() -> (step: Int?, warning: String?) {
            let (progress, warning) = ProgressStore(file: progressFile).load()
            return (progress.lessons["steps"]?.step, warning)
        }
    }

    /// Starts the lab on `lines` (through `script` for a terminal when `terminal`), kills
    /// it with SIGKILL after `delay` seconds (never when nil), returns what it printed.
    static func runLab(_ setup: Setup, lines: [String], terminal: Bool, killAfter delay: Double?) throws -> String {
        let binary = try tunelabBinary()
        let process = Process()
        let arguments = ["--lessons", setup.lessons.path, "--threads", "1"]
        if terminal {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
            process.arguments = ["-qfec", ([binary.path] + arguments).joined(separator: " "), "/dev/null"]
        } else {
            process.executableURL = binary
            process.arguments = arguments
        }
        var environment = ProcessInfo.processInfo.environment
        for (key, value) in setup.environment { environment[key] = value }
        process.environment = environment
        process.currentDirectoryURL = setup.work
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        // Read while it runs, so a full pipe never stalls it.
        let reading = DispatchGroup()
        let printed = LockedData()
        DispatchQueue.global().async(group: reading) { printed.data = output.fileHandleForReading.readDataToEndOfFile() }
        input.fileHandleForWriting.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        if let delay {
            usleep(UInt32(delay * 1_000_000))
            let target = terminal ? (labProcess(under: process.processIdentifier) ?? process.processIdentifier) : process.processIdentifier
            kill(target, SIGKILL)
            if terminal { kill(process.processIdentifier, SIGKILL) }
        } else {
            input.fileHandleForWriting.write(Data("quit\n".utf8))
        }
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        reading.wait()
        return String(decoding: printed.data, as: UTF8.self)
    }

    /// The `tunelab` child of `script` (waits up to a second for it to start).
    static func labProcess(under parent: Int32) -> Int32? {
        for _ in 0..<100 {
            let children = (try? String(contentsOfFile: "/proc/\(parent)/task/\(parent)/children", encoding: .utf8)) ?? ""
            if let child = children.split(separator: " ").first.flatMap({ Int32($0) }) { return child }
            usleep(10_000)
        }
        return nil
    }

    @Test func killedAtRandomMomentsTheStateStillParses() throws {
        let setup = try Setup()
        // One uncut run: how long a trial takes, and a complete checkpoint to overwrite.
        let started = Date()
        let first = setup.script(from: 0, count: 3)
        let uncut = try Self.runLab(setup, lines: first.lines, terminal: false, killAfter: nil)
        let duration = Date().timeIntervalSince(started)
        #expect(uncut.contains("Seed set to \(1000 + first.targets.last!)."), "\(uncut)")
        #expect(setup.savedStep().step == first.targets.last! - 1)

        var random = SplitMix(seed: 16)
        var killedBeforeAnyMarker = 0, killedMidway = 0
        var sent = Set(first.lines + ["quit", "where"])
        for trial in 0..<Self.trials {
            let before = setup.savedStep().step ?? 0
            let (lines, targets) = setup.script(from: before, count: 3)
            sent.formUnion(lines)
            let terminal = trial % 3 == 2
            let delay = random.unit() * duration * 1.1
            let printed = try Self.runLab(setup, lines: lines, terminal: terminal, killAfter: delay)

            // 1. The progress file parses, and holds the last step the lab reported or the one after.
            let (saved, warning) = setup.savedStep()
            #expect(warning == nil, "trial \(trial): \(warning ?? "")")
            let reported = targets.lastIndex { printed.contains("Seed set to \(1000 + $0).") }
            let allowed: Set<Int>
            if let reported {
                allowed = Set([targets[reported] - 1] + (reported + 1 < targets.count ? [targets[reported + 1] - 1] : []))
                killedMidway += 1
            } else {
                allowed = [before, targets[0] - 1]
                killedBeforeAnyMarker += 1
            }
            #expect(saved.map(allowed.contains) ?? (before == 0), "trial \(trial): saved step \(saved.map(String.init) ?? "none"), allowed \(allowed.sorted())")

            // 2. The checkpoint loads (every save overwrote a complete one with the same shapes).
            #expect(throws: Never.self, "trial \(trial)") { _ = try ModelCheckpoint.loadLanguageModel(from: setup.checkpoint) }

            // 3. The history is whole lines of what was typed (in this trial or an earlier one).
            if FileManager.default.fileExists(atPath: setup.historyFile.path) {
                let history = try String(contentsOf: setup.historyFile, encoding: .utf8)
                for line in history.split(separator: "\n") {
                    #expect(sent.contains(String(line)), "trial \(trial): history line «\(line)»")
                }
            }

            // 4. Nothing was set aside, and no temporary file is left once the lab starts again.
            if trial % 10 == 9 {
                let again = try Self.runLab(setup, lines: ["where"], terminal: false, killAfter: nil)
                #expect(!again.contains("could not be read"), "trial \(trial): \(again)")
                #expect(again.contains("Lesson 1, Steps: step") || again.contains("No lesson is open"), "\(again)")
            }
            let names = try FileManager.default.contentsOfDirectory(atPath: setup.state.appendingPathComponent("tunelab").path)
            #expect(!names.contains { $0.contains(".corrupt-") }, "trial \(trial): \(names)")
        }
        // The kills fell both before the first step and in the middle of the work.
        #expect(killedBeforeAnyMarker > 0 && killedMidway > 0, "\(killedBeforeAnyMarker) early, \(killedMidway) midway")
        #expect(HistoryFile.setAsideIfUnusable(setup.historyFile) == nil)
    }
}

/// What the reading thread collected (read once it finished).
final class LockedData: @unchecked Sendable {
    var data = Data()
}

/// A small seeded generator for the kill moments (SplitMix64).
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
