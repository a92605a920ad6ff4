import ArgumentParser
import TuneLab

/// `tunelab`: the terminal lab for learning fine-tuning.
struct TuneLabCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tunelab",
        abstract: "A terminal lab for learning fine-tuning.",
        version: TuneLabVersion.string)

    func run() throws {
        print("TuneLab \(TuneLabVersion.string)")
    }
}

TuneLabCommand.main()
