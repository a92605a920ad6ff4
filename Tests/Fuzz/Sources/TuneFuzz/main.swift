import CFuzz
import Foundation
import TuneFuzzHarnesses

// tunelab-fuzz: one libFuzzer program for every parser; TUNELAB_FUZZ_TARGET picks which.
// Built only by .ci/fuzz (TUNELAB_FUZZ=1 in Package.swift), never by `swift build`; the
// harnesses themselves live in TuneFuzzHarnesses, which the normal tests replay too.
//
//   TUNELAB_FUZZ_TARGET=lesson .build/fuzz/release/tunelab-fuzz -runs=1000000 Tests/Fuzz/corpus/lesson

let name = ProcessInfo.processInfo.environment["TUNELAB_FUZZ_TARGET"] ?? ""
guard let chosen = Harness(rawValue: name) else {
    let names = Harness.allCases.map(\.rawValue).joined(separator: ", ")
    FileHandle.standardError.write(Data("set TUNELAB_FUZZ_TARGET to one of: \(names)\n".utf8))
    exit(2)
}
let harness = chosen

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
    // Thrown errors are the parsers answering; only crashes and sanitizer reports count.
    _ = harness.run(Data(bytes: data!, count: size))
    return 0
})
