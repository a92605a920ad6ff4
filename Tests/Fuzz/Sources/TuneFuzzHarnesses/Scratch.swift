import Foundation
import TuneLab

/// What the harnesses share: a scratch folder for the readers that take a path, the
/// command registry, and a session with objects for names and paths to resolve.
///
/// Not thread-safe: one harness runs at a time (libFuzzer runs one input at a time; the
/// replay test runs its harnesses one after another).
public enum Scratch {
    /// One folder per process (tmpfs when there is one), so parallel fuzzers never share it.
    public static let folder: URL = {
        let shm = URL(fileURLWithPath: "/dev/shm")
        let base = FileManager.default.fileExists(atPath: shm.path) ? shm : FileManager.default.temporaryDirectory
        let folder = base.appendingPathComponent("tunelab-fuzz-\(getpid())")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // libFuzzer ends a run with exit(): remove the folder then, so /dev/shm (memory)
        // does not collect one folder per fuzzing run. A crash leaves it, beside the crash
        // file, and `.ci/fuzz` sweeps folders whose process is gone.
        atexit { Scratch.removeFolder() }
        return folder
    }()

    /// `data` written to the file `name` in the scratch folder.
    static func file(_ data: Data, named name: String) -> URL {
        let url = folder.appendingPathComponent(name)
        if (try? data.write(to: url)) == nil {
            // The folder was removed (`removeFolder`): make it again.
            try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try? data.write(to: url)
        }
        return url
    }

    /// Deletes the scratch files whose names start with `prefix`.
    static func removeAll(prefixed prefix: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return }
        for name in names where name.hasPrefix(prefix) {
            unlink(folder.appendingPathComponent(name).path)
        }
    }

    /// Deletes the scratch folder (the replay test calls this after each harness; the next
    /// file written makes it again).
    public static func removeFolder() {
        try? FileManager.default.removeItem(at: folder)
    }

    // One harness runs at a time (above), so these are never shared between threads.
    nonisolated(unsafe) static let registry = CommandRegistry.standard()

    /// A session with one object of each common kind, so names and paths resolve.
    nonisolated(unsafe) static let session: Session = {
        let session = Session(seed: 0)
        let quiet = Output(isTerminal: false, useColor: false) { _ in }
        let lab = Shell(session: session, registry: registry, output: quiet,
                        lessons: LessonNavigator(library: LessonLibrary(folder: nil), store: nil, registry: registry,
                                                 output: quiet, session: session))
        lab.execute("neuron new n seed=1")
        lab.execute("neuron train n steps=2 as r1")
        return session
    }()
}
