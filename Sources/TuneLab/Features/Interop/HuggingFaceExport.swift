import Foundation
import TuneEngine
import TuneModels

/// `export hf NAME DIR` and `export peft NAME DIR`: a session model as a folder that
/// Hugging Face libraries load (see `HuggingFaceGPT` and `HuggingFaceBERT` for the layouts).
enum HuggingFaceExport {
    /// What `export` writes when its first word is one of these.
    enum Kind: String, CaseIterable {
        /// A transformers folder: GPT2LMHeadModel, or a sentence-transformers MiniLM classifier.
        case hf
        /// A PEFT adapter folder for the original all-MiniLM-L6-v2.
        case peft
    }

    static func run(_ kind: Kind, name: String?, folder path: String?, context: CommandContext) throws {
        guard let name, let path else {
            throw CommandError("export \(kind.rawValue) needs a model and a folder: export \(kind.rawValue) NAME DIR (e.g. export \(kind.rawValue) base exports/base-\(kind.rawValue))")
        }
        let folder = URL(fileURLWithPath: CommandParser.expandingTilde(path))
        guard let object = context.session.object(named: name) else {
            throw CommandError("\(name): no such model in the session.")
        }
        do {
            switch (kind, object) {
            case (.hf, let language as LanguageModelObject):
                try HuggingFaceGPT.export(language.model, to: folder)
                context.output.line("Wrote \(name) to \(folder.path) as a GPT2LMHeadModel (config.json, generation_config.json, model.safetensors, tokenizer.json).")
                context.output.line("In Python: AutoModelForCausalLM.from_pretrained(\"\(path)\") and AutoTokenizer.from_pretrained(\"\(path)\").")
            case (.hf, let fineTuned as FineTunedEncoderObject):
                try HuggingFaceBERT.export(fineTuned.classifier, base: try baseFiles(context), to: folder)
                context.output.line("Wrote \(name) to \(folder.path) as a sentence-transformers folder: BertModel\(fineTuned.strategy.isLoRA ? " (adapters merged)" : ""), mean pooling, a \(fineTuned.classifier.labels.count)-class head (2_Dense); README.md shows the PyTorch.")
            case (.peft, let fineTuned as FineTunedEncoderObject):
                guard case .lora(let configuration) = fineTuned.strategy else {
                    throw CommandError("export peft \(name): \(name) was fine-tuned without LoRA, so it has no adapters; use export hf \(name) \(path) for the whole model.")
                }
                try HuggingFaceBERT.exportAdapters(fineTuned.classifier, configuration: configuration, to: folder)
                context.output.line("Wrote \(name)'s LoRA adapters to \(folder.path) (adapter_config.json, adapter_model.safetensors, the head in 2_Dense).")
                context.output.line("In Python: PeftModel.from_pretrained(AutoModel.from_pretrained(<all-MiniLM-L6-v2>), \"\(path)\").")
            case (.hf, is ClassifierObject):
                throw HuggingFaceFolderError.noEquivalent(
                    what: "\(name), a classifier on a GPT trunk",
                    reason: "its head reads a pooled vector (mean or last token, with its own padding id and prompt template), and GPT2ForSequenceClassification reads only the last non-padding token; export its language model (export hf MODEL DIR) or fine-tune the MiniLM encoder instead")
            case (.peft, _):
                throw CommandError("export peft \(name): only MiniLM classifiers fine-tuned with LoRA (encoder finetune ... strategy=lora) have PEFT adapters.")
            default:
                throw HuggingFaceFolderError.noEquivalent(
                    what: "\(name), a \(object.kind.name)",
                    reason: "Hugging Face folders hold transformers; TuneLab exports its GPT language models (GPT2LMHeadModel) and fine-tuned MiniLM classifiers")
            }
        } catch let error as CommandError {
            throw error
        } catch {
            throw CommandError("export \(kind.rawValue) \(name): \(error)")
        }
    }

    /// The pre-trained MiniLM files (config, vocabulary) the fine-tuned classifier started from.
    static func baseFiles(_ context: CommandContext) throws -> PretrainedModelFiles {
        if let encoder = context.session.allObjects().compactMap({ $0 as? PretrainedEncoderObject }).first { return encoder.files }
        return try PretrainedModelFiles.openMiniLM()
    }
}

extension FineTuningStrategy {
    var isLoRA: Bool {
        if case .lora = self { return true }
        return false
    }
}
