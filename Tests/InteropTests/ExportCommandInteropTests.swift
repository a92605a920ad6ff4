import Foundation
import Testing
import TuneEngine
import TuneLab
import TuneModels

/// The lab's commands: `export hf` writes a folder transformers loads, `model load` reads it
/// back, and mistakes get a message and leave the session going.
@Suite("export hf / export peft / model load in the lab", .serialized)
struct ExportCommandInteropTests {
    final class Lab {
        let buffer = BufferOutput()
        let session = Session(seed: 0)
        let shell: Shell
        init() {
            let registry = CommandRegistry.standard()
            let navigator = LessonNavigator(library: LessonLibrary(folder: nil), store: nil, registry: registry, output: buffer.output, session: session)
            shell = Shell(session: session, registry: registry, output: buffer.output, lessons: navigator)
        }
        @discardableResult
        func run(_ line: String) -> (ok: Bool, text: String) {
            buffer.reset()
            let ok = shell.execute(line)
            return (ok, buffer.text)
        }
    }

    @Test("a trained model exported with export hf matches in transformers and loads back with model load")
    func exportTrainLoad() throws {
        let folder = try PythonEnvironment.temporaryFolder("lab")
        defer { try? FileManager.default.removeItem(at: folder) }
        let lab = Lab()
        #expect(lab.run("model new base preset=tiny layers=1 width=16 heads=2 context=16").ok)
        let trained = lab.run("train base on corpus steps=5 lr=3e-3")
        #expect(trained.ok, "\(trained.text)")
        let exported = folder.appendingPathComponent("base-gpt2")
        let export = lab.run("export hf base \(exported.path)")
        #expect(export.ok, "\(export.text)")
        #expect(export.text.contains("GPT2LMHeadModel"))

        // Again into the same folder: refused, and the folder is untouched.
        let before = try FileManager.default.contentsOfDirectory(atPath: exported.path).sorted()
        let again = lab.run("export hf base \(exported.path)")
        #expect(!again.ok && again.text.contains("is not empty"), "\(again.text)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: exported.path).sorted() == before)
        let peft = lab.run("export peft base \(folder.appendingPathComponent("adapters").path)")
        #expect(!peft.ok && peft.text.contains("LoRA"), "\(peft.text)")

        let load = lab.run("model load copy \(exported.path)")
        #expect(load.ok && load.text.contains("Hugging Face GPT-2 folder"), "\(load.text)")
        let original = try #require(lab.session.object(named: "base") as? LanguageModelObject).model
        let copy = try #require(lab.session.object(named: "copy") as? LanguageModelObject).model
        let ids = Array(try original.encode("the film was good and the cast was").prefix(16))
        original.gpt.evaluationMode(); copy.gpt.evaluationMode()
        let ours = try GradientMode.withoutGradients { try original.gpt.logits(ids, batch: 1, time: ids.count).values }
        #expect(try GradientMode.withoutGradients { try copy.gpt.logits(ids, batch: 1, time: ids.count).values } == ours)

        try PythonEnvironment.writeJSON(["text": "the film was good", "ids": ids, "prompt": Array(ids.prefix(3)), "new_tokens": 8],
                                        to: folder.appendingPathComponent("request.json"))
        let result = try PythonEnvironment.lastJSON(try PythonEnvironment.runScript(
            "gpt2_check_export.py", [exported.path, folder.appendingPathComponent("request.json").path]))
        #expect(integers(result["tokenizer_ids"]) == (try original.encode("the film was good")))
        let difference = maximumDifference(ours, floats(result["logits"]))
        print("export hf (lab, trained 5 steps): logits max |TuneLab − transformers| = \(difference)")
        #expect(difference <= 1e-4)
    }
}
