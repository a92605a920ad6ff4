// swift-tools-version: 6.0
import PackageDescription
import Foundation

// MARK: - Code generation for the machine that builds
//
// The engine's own loops (GELU, softmax, layer norm, Adam, attention) are written so
// the compiler vectorizes them. By default it may only use SSE, 4 floats at a time.
// Where the building machine has AVX2 and FMA (every x86-64 CPU since about 2013),
// the engine is compiled for it: 8 floats at a time. The binary is run where it is
// built (`swift run`, `swift test`), so this is the same choice as `-march=native`.
// Swift never fuses a·b + c on its own, so wider vectors change only how many
// elements one instruction handles; the one place that asks for fused multiply-add
// (SmallMatrix) does so only where this says the CPU has it. TUNELAB_PORTABLE=1
// turns all of it off.
func engineCodeGeneration() -> [SwiftSetting] {
    #if arch(x86_64) && os(Linux)
    guard ProcessInfo.processInfo.environment["TUNELAB_PORTABLE"] == nil,
          let cpuInfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
          let flags = cpuInfo.split(separator: "\n").first(where: { $0.hasPrefix("flags") })
    else { return [] }
    let features = Set(flags.split(separator: " "))
    guard features.contains("avx2"), features.contains("fma") else { return [] }
    return [.unsafeFlags(["-target-cpu", "haswell"]), .define("TUNELAB_FUSED_MULTIPLY_ADD")]
    #else
    return []
    #endif
}

// MARK: - Package
//
// TuneLab: a terminal lab for learning fine-tuning.
//   TuneCheckpoint  safetensors files: reader, writer, header JSON, dtypes, half precision
//   TuneEngine  tensors, autograd, layers, optimizers, saving modules (computes, never prints)
//   TuneText    tokenizers and dataset readers
//   TuneImages  image data: Hershey glyphs, the MNIST sample, PNG/PGM class folders
//   TuneModels  GPT-style decoder, BERT encoder, heads, LoRA, fine-tuning strategies
//   TuneLab     session, commands, lessons, terminal rendering
//   tunelab     the executable: arguments, line reader, REPL loop
//   tunelab-bench  speed benchmarks (prints figures; tests never time anything)

let package = Package(
    name: "TuneLab",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "tunelab", targets: ["tunelab"]),
        .executable(name: "tunelab-bench", targets: ["TuneBench"]),
        .library(name: "TuneEngine", targets: ["TuneEngine"]),
        .library(name: "TuneCheckpoint", targets: ["TuneCheckpoint"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        // `swift package generate-documentation` for the DocC catalogs (TuneEngine.docc, TuneLab.docc)
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // MARK: - C libraries (each imported by exactly one Swift file)
        //
        // OpenBLAS and readline are found without pkg-config. OpenBLAS: Debian installs
        // cblas.h and libopenblas.so under the alternatives system
        // (/usr/include/x86_64-linux-gnu, /usr/lib/x86_64-linux-gnu), so the pthread, OpenMP
        // and serial builds can be switched with update-alternatives (.ci/openblas-variants);
        // pkg-config names the pthread build's own folders. Readline: its pkg-config file
        // adds -D flags that SwiftPM refuses (with a warning on every build).
        .systemLibrary(
            name: "CBLAS", path: "Sources/CBLAS",
            providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(
            name: "CReadline", path: "Sources/CReadline",
            providers: [.apt(["libreadline-dev"])]),
        .systemLibrary(
            name: "CPNG", path: "Sources/CPNG", pkgConfig: "libpng",
            providers: [.apt(["libpng-dev"])]),
        .systemLibrary(
            name: "CGzip", path: "Sources/CGzip", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),

        // MARK: - Libraries
        // The safetensors format on its own: bytes in, names, shapes and numbers out. Knows
        // nothing of tensors or modules (TuneEngine's Module+Safetensors joins the two).
        .target(name: "TuneCheckpoint"),
        .target(
            name: "TuneEngine", dependencies: ["CBLAS", "TuneCheckpoint"],
            swiftSettings: engineCodeGeneration()),
        .target(
            name: "TuneText",
            dependencies: [.product(name: "CSV", package: "CSV.swift")]),
        .target(
            name: "TuneImages",
            dependencies: ["TuneEngine", "CPNG", "CGzip", "ZIPFoundation"]),
        .target(
            name: "TuneModels",
            dependencies: ["TuneEngine", "TuneCheckpoint", "TuneText", "TuneImages", "ZIPFoundation"]),
        .target(
            name: "TuneLab",
            dependencies: ["TuneEngine", "TuneCheckpoint", "TuneText", "TuneModels", "TuneImages", "Yams"]),

        // MARK: - Executables
        .executableTarget(
            name: "tunelab",
            dependencies: [
                "TuneLab", "TuneEngine", "CReadline",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(
            name: "TuneBench", dependencies: ["TuneEngine", "TuneModels", "CBLAS"],
            exclude: ["Reference"]),  // the PyTorch/numpy reference scripts

        // MARK: - Tests
        .testTarget(name: "TuneCheckpointTests", dependencies: ["TuneCheckpoint", "TuneEngine"], exclude: ["Fixtures"]),
        .testTarget(name: "TuneEngineTests", dependencies: ["TuneEngine", "TuneCheckpoint"], exclude: ["Fixtures"]),
        .testTarget(name: "TuneTextTests", dependencies: ["TuneText", "ZIPFoundation"]),
        .testTarget(name: "TuneModelsTests", dependencies: ["TuneModels", "TuneCheckpoint"]),
        .testTarget(name: "TuneImagesTests", dependencies: ["TuneImages"]),
        .testTarget(name: "TuneLabTests", dependencies: ["TuneLab", "tunelab"]),
        // Exports checked in PyTorch/transformers/peft: .ci/interop/venv.sh builds the Python
        // environment on first use (cached under ~/.cache/tunelab).
        .testTarget(
            name: "InteropTests", dependencies: ["TuneModels", "TuneLab", "TuneCheckpoint"], exclude: ["Scripts"]),

        // MARK: - Fuzz harnesses
        //
        // The parsers' fuzz harnesses, built always: the replay test runs every seed in
        // Tests/Fuzz/corpus and seeded mutations of them through the harnesses (the brief fuzz
        // run of CI); the libFuzzer program below drives the same harnesses for long runs.
        .target(
            name: "TuneFuzzHarnesses",
            dependencies: ["TuneLab", "TuneText", "TuneModels", "TuneImages", "TuneEngine", "TuneCheckpoint"],
            path: "Tests/Fuzz/Sources/TuneFuzzHarnesses"),
        .testTarget(name: "TuneFuzzTests", dependencies: ["TuneFuzzHarnesses", "TuneEngine"], path: "Tests/Fuzz/Tests"),
    ],
    swiftLanguageModes: [.v6]
)

// MARK: - Fuzzing (only when TUNELAB_FUZZ is set; .ci/fuzz builds it)
//
// One libFuzzer program over every parser's harness (TuneFuzzHarnesses), kept out of the
// normal build and tests because it needs -sanitize=fuzzer. .ci/fuzz builds it with
// -sanitize=fuzzer and AddressSanitizer and links with lld (the system's gold linker
// fails on libFuzzer with SwiftPM's objects).
if ProcessInfo.processInfo.environment["TUNELAB_FUZZ"] != nil {
    package.targets += [
        .target(name: "CFuzz", path: "Tests/Fuzz/Sources/CFuzz"),
        .executableTarget(
            name: "TuneFuzz",
            dependencies: ["CFuzz", "TuneFuzzHarnesses"],
            path: "Tests/Fuzz/Sources/TuneFuzz",
            linkerSettings: [.unsafeFlags(["-use-ld=lld"])]),
    ]
    package.products.append(.executable(name: "tunelab-fuzz", targets: ["TuneFuzz"]))
}
