import Foundation
import TuneEngine
import TuneModels

/// The lessons' pre-training run (`PretrainingRecipe.lessons` on datasets/corpus),
/// timed end to end: the "≤ 60 s on 2 cores" budget of lesson 2. Wall time is the
/// figure; process CPU time is noted beside it, because on a shared machine the
/// wall clock also counts time the process spent waiting for a core.
struct PretrainingBenchmark {
    /// datasets/ found from the current directory or above the executable.
    static func datasetsFolder() -> URL? {
        var candidates = [URL(fileURLWithPath: FileManager.default.currentDirectoryPath)]
        candidates.append(ChildProcess.ownExecutable.deletingLastPathComponent())
        for start in candidates {
            var folder = start
            for _ in 0..<6 {
                let datasets = folder.appendingPathComponent("datasets/corpus/train.txt")
                if FileManager.default.fileExists(atPath: datasets.path) {
                    return folder.appendingPathComponent("datasets")
                }
                folder = folder.deletingLastPathComponent()
            }
        }
        return nil
    }

    func run(threads: Int) throws -> [Measurement] {
        guard let folder = Self.datasetsFolder() else {
            throw BenchError.missingFile(path: "datasets/corpus/train.txt", purpose: "the pre-training benchmark (run it from the package folder)")
        }
        EngineThreads.set(threads)
        let cpuBefore = processCPUSeconds()
        let result = try PretrainingRecipe.lessons.run(datasets: ProjectDatasets(folder: folder))
        let cpu = processCPUSeconds() - cpuBefore
        let note = String(
            format: "process CPU %.1f s; validation loss %.3f vs unigram %.3f (from %.3f); target ≤ 60 s",
            cpu, result.validationLoss, result.unigramBaseline, result.initialValidationLoss)
        return [Measurement(
            key: "pretrain lessons", workload: "lesson pre-training (PretrainingRecipe.lessons)", tool: .tuneLab,
            threads: threads, summary: Summary([result.seconds]), unit: "s (wall)", higherIsBetter: false, note: note)]
    }

    private func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}
