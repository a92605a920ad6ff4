import Foundation
import Testing
import TuneLab

@Suite struct RegistryTests {
    @Test func everyCommandHasHelpAndExamplesThatParse() throws {
        let lab = TestLab(lessons: lessonFolder())
        // The objects the commands' examples name, as a learner would have made them.
        for model in ["base", "clf"] { lab.session.add(FakeModel(name: model)) }
        for (index, run) in ["r1", "r2", "r3", "sweep1"].enumerated() {
            lab.session.add(FakeRun(name: run, learningRate: 0.1 * Double(index + 1)))
        }
        let parser = CommandParser(registry: lab.registry, session: lab.session)
        #expect(lab.registry.commands.count >= 19)
        let list = lab.run("help").text
        for spec in lab.registry.commands {
            #expect(!spec.summary.isEmpty, "\(spec.verb) has no summary")
            #expect(!spec.examples.isEmpty, "\(spec.verb) has no example")
            for example in spec.examples {
                let invocation = try parser.parse(example)
                #expect(invocation?.spec.verb == spec.verb, "\(example)")
            }
            let help = lab.run("help \(spec.verb)")
            #expect(help.ok)
            #expect(help.text.contains("usage: \(spec.verb)"))
            #expect(help.text.contains(spec.examples[0]))
            #expect(list.contains(spec.verb))
            // Every subcommand: its own summary, examples that parse to it, and its own help.
            for subcommand in spec.subcommands {
                #expect(!subcommand.summary.isEmpty, "\(subcommand.fullName) has no summary")
                #expect(!subcommand.examples.isEmpty, "\(subcommand.fullName) has no example")
                #expect(help.text.contains(subcommand.summary) && help.text.contains(subcommand.usage), "help \(spec.verb): \(subcommand.fullName)")
                for example in subcommand.examples {
                    let invocation = try parser.parse(example)
                    #expect(invocation?.spec.verb == spec.verb, "\(example)")
                    #expect(invocation?.command.fullName == subcommand.fullName, "\(example)")
                }
                let subHelp = lab.run("help \(subcommand.fullName)")
                #expect(subHelp.ok, "\(subHelp.text)")
                #expect(subHelp.text.contains("usage: \(subcommand.usage)"))
                #expect(subHelp.text.contains(subcommand.examples[0]))
                for key in subcommand.keys { #expect(subHelp.text.contains(key.name + "="), "help \(subcommand.fullName): \(key.name)") }
            }
        }
    }

    @Test func groupsPickTheirSubcommandByTheSecondWord() throws {
        let lab = TestLab()
        let parser = CommandParser(registry: lab.registry, session: nil)
        let invocation = try #require(try parser.parse("DATA Subset films as few per_label=16"))
        #expect(invocation.spec.verb == "data")
        #expect(invocation.command.fullName == "data subset")
        #expect(invocation.integer("perLabel") == 16)
        #expect(invocation.text("new") == "few")

        func message(_ line: String) -> String {
            do { _ = try parser.parse(line); return "" } catch { return String(describing: error) }
        }
        #expect(message("data lod films") == "lod: data has no subcommand lod. Did you mean `data load`? It has load, show, split, subset, topics, text; help data explains each.")
        #expect(message("data").hasPrefix("data: say which one: load, show, split, subset, topics, text (e.g. `data load films`)"))
        #expect(message("data per_label=3 films").contains("data needs a subcommand first"))
        #expect(message("data per_label=3 films").contains("per_label= belongs to data show and data subset"))
        // A key of another subcommand is refused by the parser, naming whose it is.
        #expect(message("data load films perLabel=3").hasPrefix("perLabel: perLabel belongs to data show and data subset, not data load;"))
        #expect(message("mlp profile m1 steps=3") == "steps: steps belongs to mlp train, not mlp profile; mlp profile takes no keys.")
        #expect(message("data load films2 as few").hasPrefix("as: `as NEW` belongs to data subset, not data load;"))
        #expect(message("model copy base").hasPrefix("model copy: missing NEW (the new model's name); usage: model copy NAME NEW"))
        #expect(message("encoder probe mini").hasPrefix("encoder probe: missing `on DATASET` (a labelled dataset or domain"))
        // A key no subcommand has: the usual did-you-mean among this subcommand's keys.
        #expect(message("neuron train n1 stpes=3").contains("neuron train has no key stpes. Did you mean steps=?"))
    }

    @Test func helpShowsAGroupsSubcommandsAndEachSubcommand() {
        let lab = TestLab()
        let group = lab.run("help data").text
        #expect(group.contains("usage: data load|show|split|subset|topics|text ..."))
        #expect(group.contains("data split NAME [train=X] [validation=X] [seed=N]"))
        let load = lab.run("help data load")
        #expect(load.ok)
        #expect(load.text.hasPrefix("data load — "))
        #expect(load.text.contains("usage: data load NAME [FILE]"))
        #expect(load.text.contains("encoding="))
        #expect(!load.text.contains("perLabel="))
        let typo = lab.run("help data lod")
        #expect(!typo.ok && typo.text.contains("Did you mean `help data load`?"), "\(typo.text)")
        let plain = lab.run("help seed load")
        #expect(!plain.ok && plain.text.contains("seed has no subcommands"), "\(plain.text)")
    }

    @Test func helpExplainsKeysWithAliasesRangesAndDefaults() {
        let lab = TestLab()
        let help = lab.run("help fit").text
        #expect(help.contains("usage: fit [MODEL] [as RUN] [lr=X] [steps=N] [optimizer=sgd|adam] [verbose=yes|no] [note=TEXT] [stopAt=N]"))
        #expect(help.contains("learningRate= or lr=  step size: a number > 0 (default 0.1)"))
        #expect(help.contains("steps=  how many steps: a whole number from 1 to 100000 (default 4)"))
        #expect(help.contains("fit steps=3 lr=3e-4"))
    }

    @Test func aliasesAndCaseFindTheCommand() {
        let registry = CommandRegistry.standard()
        #expect(registry.command(named: "exit")?.verb == "quit")
        #expect(registry.command(named: "LS")?.verb == "ls")
        #expect(registry.command(named: "?")?.verb == "help")
        #expect(registry.command(named: "fly") == nil)
    }

    @Test func editDistanceCountsSwapsAsOneEdit() {
        #expect(EditDistance.distance("stpes", "steps") == 1)
        #expect(EditDistance.distance("seed", "seed") == 0)
        #expect(EditDistance.distance("kitten", "sitting") == 3)
        #expect(EditDistance.suggestions(for: "lesons", among: ["lessons", "ls", "open"]) == ["lessons"])
        #expect(EditDistance.suggestions(for: "zzz", among: ["lessons", "ls"]).isEmpty)
    }
}

@Suite struct ExportTests {
    @Test func exportWritesTheSessionAsAMarkdownNotebook() throws {
        let lab = TestLab()
        lab.run("seed 7")
        lab.run("fit steps=2")
        lab.run("sedd 1")
        let file = temporaryFolder().appendingPathComponent("notebook.md")
        let result = lab.run("export \(file.path)")
        #expect(result.text == "Wrote 3 commands to \(file.path).\n")
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.hasPrefix("# TuneLab session\n\nSeed 7. 3 commands.\n"))
        #expect(text.contains("```tunelab\nseed 7\n```\n\n```text\nSeed set to 7.\n```\n"))
        #expect(text.contains("```tunelab\nfit steps=2\n```\n\n```text\nfit: 2 steps, final loss 0.5\n```\n"))
        #expect(text.contains("error: sedd: unknown command. Did you mean `seed`? Type help for the list.\n```\n\n(this command failed)"))
    }

    @Test func stylesAreKeptOutOfTheTranscript() {
        let buffer = BufferOutput(isTerminal: true, useColor: true)
        buffer.output.beginCapture()
        buffer.output.line(buffer.output.styled("bold", .bold) + " plain")
        buffer.output.status("50%")
        #expect(buffer.output.endCapture() == "bold plain\n")
        #expect(buffer.text.contains("\u{1B}[1mbold\u{1B}[0m plain\n"))
    }

    @Test func proseIsWrappedAndStyledOnlyWithColor() {
        let plain = BufferOutput(width: 30).output
        let lines = LessonProse.render("# Title\n\nA **bold** word and `code` in a sentence long enough to wrap.\n\n- an item that also wraps around the edge", output: plain)
        #expect(lines == ["Title", "=====", "", "A bold word and `code` in a", "sentence long enough to wrap.", "", "  • an item that also wraps", "    around the edge"])
        let colored = BufferOutput(useColor: true, width: 30).output
        let styled = LessonProse.render("A **bold** word", output: colored)
        #expect(styled == ["A \u{1B}[1mbold\u{1B}[0m word"])
    }

    @Test func listItemsKeepTheirHangingIndentAndIndentedCodeStaysCode() {
        let plain = BufferOutput(width: 30).output
        let markdown = """
            1. the first item runs on
               over a second source line
            2. short

               a second paragraph of item two

            After the list.

                train base on corpus
            """
        let lines = LessonProse.render(markdown, output: plain)
        #expect(lines == [
            "  1. the first item runs on", "     over a second source line", "  2. short", "",
            "     a second paragraph of", "     item two", "", "After the list.", "",
            "    train base on corpus",
        ])
    }
}
