/// `tunelab-bench`: how fast TuneLab's engine trains, next to PyTorch and numpy on
/// the same machine and in the same run.
///
///     tunelab-bench [gemm|mlp|gpt|bert|startup|memory|cnn|all] [--threads 1|2|both] [--runs N]
///                   [--quick] [--json FILE] [--reference DIR --python PATH]
///                   [--max-wait SECONDS] [--retries N]
///     tunelab-bench --from-json FILE [--from-json FILE ...]   (one table from earlier runs)
///
/// Workloads (shapes and counting as the reference scripts in shared/bench):
/// - gemm     GFLOP/s of `Tensor.matmul` on [n, n] and of `cblas_sgemm` called
///            directly, n = 128, 256, 512, 1024; the engine/direct ratio.
/// - mlp      steps/s, MLP 64→128→128→10, ReLU, cross-entropy, SGD momentum 0.9, batch 64.
/// - gpt      steps/s and tokens/s, tiny GPT (GPTConfiguration.benchmark), AdamW, 32 × 64.
/// - bert     the MiniLM-shape encoder (random weights): inference sentences/s, batch
///            32 × 32, without gradients; one AdamW training step, batch 16 × 32, s/step.
/// - cnn      LeNet-5 on 28×28 images: training steps/s (batch 64, SGD momentum 0.9)
///            and inference images/s (batch 256, no graph).
/// - startup  wall time of `tunelab --version` and of `tunelab` reaching its first
///            prompt with standard input closed (the `tunelab` built beside this one).
/// - memory   peak resident memory of tiny-GPT training and of MiniLM-shape fine-tuning,
///            each in a child process of its own.
///
/// Before each run the benchmark waits (at most --max-wait s) for other processes to
/// go quiet, records the CPU they used during the run ("bg cores"), and retries a
/// disturbed run (--retries). Progress goes to standard error, the table to
/// standard output.
///
/// Side by side with PyTorch and numpy (the exact commands):
///
///     # once: a CPU-only torch in a virtual environment outside the repository
///     python3 -m venv /tmp/torchenv
///     /tmp/torchenv/bin/pip install /opt/wheels/torch-2.13.0+cpu-cp311-cp311-manylinux_2_28_x86_64.whl numpy==2.4.6
///
///     # from the package root
///     swift build -c release --product tunelab-bench
///     swift build -c release --product tunelab          # for the start-up figures
///     .build/release/tunelab-bench all --threads both \
///         --reference ../shared/bench --python /tmp/torchenv/bin/python --json bench-results.json
///
/// A quick check: `.build/release/tunelab-bench gemm --threads 1 --runs 1`.
import Foundation
import TuneEngine

// The same allocator setting as the lab, so the figures are the lab's speed.
Allocator.keepFreedBuffers()

do {
    let arguments = Array(CommandLine.arguments.dropFirst())
    if arguments.first == MemoryBenchmark.childCommand {
        try MemoryBenchmark.childMain(Array(arguments.dropFirst()))
        exit(0)
    }
    let options = try BenchOptions(arguments)
    if options.showsHelp {
        print(BenchOptions.usage)
        exit(0)
    }
    if !options.jsonInputs.isEmpty {
        print(try Report.loading(options.jsonInputs).table())
        exit(0)
    }
    let report = try BenchRun(options).run()
    print(report.table())
    if let path = options.jsonPath {
        try report.writeJSON(to: path, arguments: options.arguments)
        progress("wrote \(path)")
    }
    if report.failures > 0 { exit(1) }
} catch {
    FileHandle.standardError.write(Data("tunelab-bench: \(error)\n".utf8))
    exit(1)
}
