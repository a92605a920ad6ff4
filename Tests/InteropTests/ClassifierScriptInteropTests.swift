import Foundation
import Testing
import TuneEngine
import TuneLab
import TuneModels

/// `export script RUN DIR` for fine-tuning runs: the exported train.py repeats a classifier run
/// (frozen blocks; discriminative rates with last-token pooling; LoRA adapters; gradual
/// unfreezing) with TuneLab's losses; what is not a run is refused with the reason.
@Suite("export script: fine-tuning runs repeated in PyTorch", .serialized)
struct ClassifierScriptInteropTests {
    static func lab() -> ExportCommandInteropTests.Lab {
        let lab = ExportCommandInteropTests.Lab()
        #expect(lab.run("model new base preset=tiny layers=2 width=16 heads=2 context=16").ok)
        #expect(lab.run("train base on corpus steps=5 lr=3e-3").ok)
        #expect(lab.run("data load films").ok)
        #expect(lab.run("data subset films as few per_label=6").ok)
        return lab
    }

    /// Runs the exported script for `steps` steps (in `processes` processes) and returns its losses.
    static func scriptLosses(_ exported: URL, steps: Int, processes: Int = 1, into folder: URL) throws -> [Float] {
        let file = folder.appendingPathComponent("losses-\(exported.lastPathComponent)-\(processes).json")
        let script = exported.appendingPathComponent("train.py").path
        let result = processes == 1
            ? try PythonEnvironment.runPython([script, "--max-steps", "\(steps)", "--losses", file.path])
            : try PythonEnvironment.runPython(
                ["-m", "torch.distributed.run", "--nproc_per_node=\(processes)", "--master_port=\(30_400 + Int.random(in: 0..<400))",
                 script, "--max-steps", "\(steps)", "--losses", file.path],
                environment: ["OMP_NUM_THREADS": "1"])
        #expect(result.status == 0, "\(result.errors.suffix(3000))")
        print("export script \(exported.lastPathComponent), \(processes) process(es):\n\(result.output)")
        let (losses, count) = try ScriptExportInteropTests.losses(file)
        #expect(count == processes)
        return losses
    }

    @Test("strategy=freeze: first loss within 1e-4 of TuneLab's, step 3 within 1e-3; torchrun ×2 within 1e-4")
    func frozenBlocks() throws {
        let folder = try PythonEnvironment.temporaryFolder("classifier")
        defer { try? FileManager.default.removeItem(at: folder) }
        let lab = Self.lab()
        // 5 examples a step: the epoch's last batch is short, and the second epoch is a new shuffle.
        let tuned = lab.run("finetune base on few strategy=freeze freeze=1 steps=3 batch=5 lr=3e-3 warmup=0 as clf run=c1")
        #expect(tuned.ok, "\(tuned.text)")
        let ours = try #require(lab.session.object(named: "c1") as? RunObject).history.trainLosses
        #expect(ours.count == 3)

        let exported = folder.appendingPathComponent("c1")
        let export = lab.run("export script c1 \(exported.path)")
        #expect(export.ok, "\(export.text)")
        for file in ["train.py", "recipe.json", "train.jsonl", "batches.jsonl", "head.safetensors", "model/config.json", "model/model.safetensors", "README.md"] {
            #expect(FileManager.default.fileExists(atPath: exported.appendingPathComponent(file).path), "\(file) missing")
        }
        let recipe = try JSONSerialization.jsonObject(with: Data(contentsOf: exported.appendingPathComponent("recipe.json"))) as? [String: Any]
        let frozen = recipe?["frozen"] as? [String] ?? []
        #expect(frozen.contains("transformer.h.0.attn.c_attn.weight") && frozen.contains("transformer.wte.weight"))
        #expect(!frozen.contains("transformer.h.1.attn.c_attn.weight") && !frozen.contains("head.weight"))

        let theirs = try Self.scriptLosses(exported, steps: 3, into: folder)
        print("export script (finetune strategy=freeze): TuneLab \(ours), PyTorch \(theirs)")
        #expect(theirs.count == 3)
        guard theirs.count == 3 else { return }
        #expect(abs(theirs[0] - ours[0]) <= 1e-4, "first-step loss: TuneLab \(ours[0]), PyTorch \(theirs[0])")
        #expect(abs(theirs[2] - ours[2]) <= 1e-3, "step-3 loss: TuneLab \(ours[2]), PyTorch \(theirs[2])")

        let split = try Self.scriptLosses(exported, steps: 3, processes: 2, into: folder)
        #expect(maximumDifference(split, theirs) <= 1e-4, "one process \(theirs), two \(split)")
    }

    @Test("strategy=discriminative with last-token pooling: first loss within 1e-4, step 3 within 1e-3")
    func discriminativeRates() throws {
        let folder = try PythonEnvironment.temporaryFolder("classifier")
        defer { try? FileManager.default.removeItem(at: folder) }
        let lab = Self.lab()
        let tuned = lab.run("finetune base on few strategy=discriminative factor=4 pool=last steps=3 batch=4 lr=1e-2 as clf run=c2")
        #expect(tuned.ok, "\(tuned.text)")
        let ours = try #require(lab.session.object(named: "c2") as? RunObject).history.trainLosses
        let exported = folder.appendingPathComponent("c2")
        let export = lab.run("export script c2 \(exported.path)")
        #expect(export.ok, "\(export.text)")
        let recipe = try JSONSerialization.jsonObject(with: Data(contentsOf: exported.appendingPathComponent("recipe.json"))) as? [String: Any]
        let multipliers = Set((recipe?["groups"] as? [[String: Any]] ?? []).compactMap { ($0["lr_multiplier"] as? NSNumber)?.doubleValue })
        #expect(multipliers == [1, 0.25, 0.0625, 0.015625], "\(multipliers)")  // head, block 1, block 0, embeddings

        let theirs = try Self.scriptLosses(exported, steps: 3, into: folder)
        print("export script (finetune strategy=discriminative pool=last): TuneLab \(ours), PyTorch \(theirs)")
        #expect(theirs.count == 3)
        guard theirs.count == 3, ours.count == 3 else { return }
        #expect(abs(theirs[0] - ours[0]) <= 1e-4, "first-step loss: TuneLab \(ours[0]), PyTorch \(theirs[0])")
        #expect(abs(theirs[2] - ours[2]) <= 1e-3, "step-3 loss: TuneLab \(ours[2]), PyTorch \(theirs[2])")
    }

    @Test("strategy=lora: adapters beside c_attn; first loss within 1e-4, step 3 within 1e-3")
    func loraAdapters() throws {
        let folder = try PythonEnvironment.temporaryFolder("classifier")
        defer { try? FileManager.default.removeItem(at: folder) }
        let lab = Self.lab()
        // Two LoRA runs in a row: the second starts from trained adapters (B ≠ 0), so they must load.
        #expect(lab.run("finetune base on few strategy=lora rank=2 alpha=4 steps=2 lr=1e-2 warmup=0 as adapted run=l0").ok)
        let tuned = lab.run("finetune adapted on few strategy=lora rank=2 alpha=4 steps=3 batch=4 lr=1e-2 warmup=0 run=l1")
        #expect(tuned.ok, "\(tuned.text)")
        let ours = try #require(lab.session.object(named: "l1") as? RunObject).history.trainLosses
        let exported = folder.appendingPathComponent("l1")
        let export = lab.run("export script l1 \(exported.path)")
        #expect(export.ok, "\(export.text)")
        #expect(FileManager.default.fileExists(atPath: exported.appendingPathComponent("adapters.safetensors").path))
        let theirs = try Self.scriptLosses(exported, steps: 3, into: folder)
        print("export script (finetune strategy=lora): TuneLab \(ours), PyTorch \(theirs)")
        #expect(theirs.count == 3)
        guard theirs.count == 3, ours.count == 3 else { return }
        #expect(abs(theirs[0] - ours[0]) <= 1e-4, "first-step loss: TuneLab \(ours[0]), PyTorch \(theirs[0])")
        #expect(abs(theirs[2] - ours[2]) <= 1e-3, "step-3 loss: TuneLab \(ours[2]), PyTorch \(theirs[2])")
    }

    @Test("strategy=gradual: blocks open at epoch starts; every step within 1e-3, the first within 1e-4; torchrun ×2")
    func gradualUnfreezing() throws {
        let folder = try PythonEnvironment.temporaryFolder("classifier")
        defer { try? FileManager.default.removeItem(at: folder) }
        let lab = Self.lab()
        // 12 training examples, 5 a step: epochs start at steps 1, 4, 7, 10, and at each after
        // the first one more block (then the embeddings) starts to learn.
        let tuned = lab.run("finetune base on few strategy=gradual every=1 epochs=4 batch=5 lr=1e-2 warmup=0 as slow run=g1")
        #expect(tuned.ok, "\(tuned.text)")
        let ours = try #require(lab.session.object(named: "g1") as? RunObject).history.trainLosses
        #expect(ours.count == 12)
        let exported = folder.appendingPathComponent("g1")
        let export = lab.run("export script g1 \(exported.path)")
        #expect(export.ok, "\(export.text)")
        let recipe = try JSONSerialization.jsonObject(with: Data(contentsOf: exported.appendingPathComponent("recipe.json"))) as? [String: Any]
        #expect((recipe?["unfreeze_every_epochs"] as? NSNumber)?.intValue == 1)
        let frozen = recipe?["frozen"] as? [String] ?? []
        #expect(frozen.contains("transformer.h.1.mlp.c_fc.weight"))

        let theirs = try Self.scriptLosses(exported, steps: 12, into: folder)
        print("export script (finetune strategy=gradual): TuneLab \(ours), PyTorch \(theirs)")
        #expect(theirs.count == 12)
        guard theirs.count == 12, ours.count == 12 else { return }
        #expect(abs(theirs[0] - ours[0]) <= 1e-4, "first-step loss: TuneLab \(ours[0]), PyTorch \(theirs[0])")
        // Every step, including those right after a block opens (4, 7, 10).
        #expect(maximumDifference(theirs, ours) <= 1e-3, "TuneLab \(ours), PyTorch \(theirs)")

        let split = try Self.scriptLosses(exported, steps: 12, processes: 2, into: folder)
        #expect(maximumDifference(split, theirs) <= 1e-4, "one process \(theirs), two \(split)")
    }

    @Test("objects that are not runs are refused with the reason; nothing is written")
    func refusals() throws {
        let folder = try PythonEnvironment.temporaryFolder("classifier")
        defer { try? FileManager.default.removeItem(at: folder) }
        let lab = Self.lab()
        #expect(lab.run("finetune base on few strategy=lora rank=2 steps=2 as adapted run=l1").ok)
        let notRun = lab.run("export script base \(folder.appendingPathComponent("base").path)")
        #expect(!notRun.ok && notRun.text.contains("language model") && notRun.text.contains("export hf"), "\(notRun.text)")
        let notImage = lab.run("export pytorch adapted \(folder.appendingPathComponent("adapted").path)")
        #expect(!notImage.ok && notImage.text.contains("only image models"), "\(notImage.text)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }
}
