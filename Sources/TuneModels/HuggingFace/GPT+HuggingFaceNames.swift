import TuneEngine

/// The one translation between this GPT's parameter keys and the tensor names of a
/// Hugging Face `GPT2LMHeadModel` checkpoint, used both to export and to import.
///
///     ours                                  GPT-2's                          layout
///     tokenEmbedding.weight                 transformer.wte.weight           [V, C] as is
///     positionEmbedding.weight              transformer.wpe.weight           [T, C] as is
///     blocks.3.attentionNorm.weight         transformer.h.3.ln_1.weight      [C]
///     blocks.3.attention.query/key/value    transformer.h.3.attn.c_attn      fused: [C, 3C] = [Wq; Wk; Wv]ᵀ
///     blocks.3.attention.output.weight      transformer.h.3.attn.c_proj.weight   transposed
///     blocks.3.mlpNorm.weight               transformer.h.3.ln_2.weight      [C]
///     blocks.3.mlp.hidden.weight            transformer.h.3.mlp.c_fc.weight  transposed
///     blocks.3.mlp.output.weight            transformer.h.3.mlp.c_proj.weight    transposed
///     finalNorm.weight                      transformer.ln_f.weight          [C]
///     head.weight (untied heads only)       lm_head.weight                   [V, C] as is
///
/// GPT-2's layers are `Conv1D`, not `Linear`: the same y = x·W + b, but W is stored
/// [in, out], the transpose of ours ([out, in], PyTorch's `Linear`). Its attention has
/// one layer for query, key and value whose output is the three side by side, so its
/// weight is ours stacked along the output axis, then transposed.
extension GPT {
    /// One Hugging Face tensor made from one or more of our parameters.
    public struct HuggingFaceTensor: Equatable, Sendable {
        /// The name in the checkpoint.
        public var name: String
        /// Our keys, in the order they are stacked along the output axis.
        public var keys: [String]
        /// Whether the checkpoint stores the (stacked) matrix transposed ([in, out]).
        public var transposed: Bool
    }

    /// Module paths outside the blocks: (ours, GPT-2's).
    public static let huggingFaceOuterNames: [(ours: String, checkpoint: String)] = [
        ("tokenEmbedding", "transformer.wte"),
        ("positionEmbedding", "transformer.wpe"),
        ("finalNorm", "transformer.ln_f"),
        ("head", "lm_head"),
    ]

    /// Module paths inside block i: ours follow `blocks.i.`, GPT-2's `transformer.h.i.`.
    /// Layers listed together are one fused Conv1D in the checkpoint.
    public static let huggingFaceBlockNames: [(ours: [String], checkpoint: String, conv1D: Bool)] = [
        (["attentionNorm"], "ln_1", false),
        (["attention.query", "attention.key", "attention.value"], "attn.c_attn", true),
        (["attention.output"], "attn.c_proj", true),
        (["mlpNorm"], "ln_2", false),
        (["mlp.hidden"], "mlp.c_fc", true),
        (["mlp.output"], "mlp.c_proj", true),
    ]

    /// Every checkpoint tensor this model has, with the keys it is made of.
    public var huggingFaceTensors: [HuggingFaceTensor] {
        var tensors: [HuggingFaceTensor] = []
        for (ours, checkpoint) in Self.huggingFaceOuterNames where !(ours == "head" && head == nil) {
            for leaf in ["weight", "bias"] where parameter("\(ours).\(leaf)") != nil {
                tensors.append(HuggingFaceTensor(name: "\(checkpoint).\(leaf)", keys: ["\(ours).\(leaf)"], transposed: false))
            }
        }
        for index in blocks.indices {
            for (ours, checkpoint, conv1D) in Self.huggingFaceBlockNames {
                for leaf in ["weight", "bias"] {
                    let keys = ours.map { "blocks.\(index).\($0).\(leaf)" }
                    guard keys.allSatisfy({ parameter($0) != nil }) else { continue }
                    tensors.append(HuggingFaceTensor(
                        name: "transformer.h.\(index).\(checkpoint).\(leaf)", keys: keys, transposed: conv1D && leaf == "weight"))
                }
            }
        }
        return tensors
    }
}
