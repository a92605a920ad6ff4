import Foundation
import TuneEngine
import TuneModels

extension CommandSpec {
    /// `attention MODEL "text" [layer=] [head=]`: where each token looks.
    public static let attention = CommandSpec(
        verb: "attention",
        summary: "draw a language model's attention map for a text as a heatmap",
        details: """
            Row i shows how token i spreads its attention over tokens 0..i (a causal model never \
            looks ahead, so the upper triangle is empty). Darker cells get more weight; each row \
            sums to 1. Kept as NAME (default attn): NAME.tokens, NAME.previous (the mean weight \
            on the previous token), NAME.self, NAME.first, NAME.entropy (mean, in nats).
            """,
        examples: ["attention base \"The soup arrived cold. Overall, it was bad.\"", "attention base \"the plot was sharp\" layer=1 head=2"],
        positionals: [
            PositionalSpec("model", .object(.model), summary: "a language model (or a classifier's trunk)"),
            PositionalSpec("text", .text, summary: "the text, in quotes"),
            PositionalSpec("name", .newName, summary: "the result's name (default attn)", required: false, keyword: "as"),
        ],
        keys: [
            KeySpec("layer", .integer(in: 0...47), summary: "which block, from 0", default: "0"),
            KeySpec("head", .integer(in: 0...63), summary: "which head, from 0", default: "0"),
        ]
    ) { invocation, context in
        let modelName = invocation.text("model") ?? ""
        let holder = try TrainingRunner.model(modelName, context: context, verb: "attention")
        let gpt: GPT
        let encode: (String) throws -> [Int]
        let token: (Int) -> String
        switch holder {
        case let language as LanguageModelObject:
            gpt = language.gpt
            encode = { try language.model.encode($0) }
            token = { language.model.tokenizer.tokenizer.token(for: $0) ?? "?" }
        case let classifier as ClassifierObject:
            gpt = classifier.classifier.trunk
            encode = { try classifier.tokenizer.tokenizer.encode($0) }
            token = { classifier.tokenizer.tokenizer.token(for: $0) ?? "?" }
        default:
            throw CommandError("\(modelName) is a \(holder.kind.name); attention draws a language model's attention (or a classifier's trunk).")
        }
        let layer = invocation.integer("layer") ?? 0, head = invocation.integer("head") ?? 0
        guard layer < gpt.blocks.count else {
            throw CommandError("layer=\(layer): \(modelName) has \(gpt.blocks.count) layer\(gpt.blocks.count == 1 ? "" : "s"); layer expects 0 to \(gpt.blocks.count - 1).")
        }
        guard head < gpt.configuration.heads else {
            throw CommandError("head=\(head): \(modelName) has \(gpt.configuration.heads) heads; head expects 0 to \(gpt.configuration.heads - 1).")
        }
        let text = invocation.text("text") ?? ""
        var ids = try encode(text)
        guard ids.count >= 2 else { throw CommandError("\"\(text)\": TEXT needs at least two tokens to show who attends to whom.") }
        ids = Array(ids.prefix(min(gpt.configuration.contextLength, 24)))
        let time = ids.count
        let labels = ids.map { String(token($0).prefix(8)) }
        let map = try gpt.attentionMap(of: ids, tokens: labels, layer: layer, head: head)
        let matrix: [[Double]] = map.weights.map { $0.map(Double.init) }  // this head's [T, T]
        let output = context.output
        let heatmap = try Heatmap(matrix: matrix, rowLabels: labels, columnLabels: labels,
                                  title: "attention of \(modelName), layer \(layer), head \(head) (rows: each token; columns: where it looks)")
        OutputRendering.print(heatmap.render(style: OutputRendering.style(for: output)), to: output)
        // -- summaries
        let focus = AttentionMap.focus(of: map.weights)
        let (previous, selfWeight, first, entropy) = (focus.previous, focus.itself, focus.first, focus.entropy)
        output.line("Mean weight on the previous token \(OutputRendering.number(previous)), on itself \(OutputRendering.number(selfWeight)), "
            + "on the first token \(OutputRendering.number(first)); mean entropy \(OutputRendering.number(entropy)) nats.")
        let name = invocation.text("name") ?? "attn"
        try EvaluationSupport.checkResultName(name, in: context.session)
        let result = EvaluationObject(name: name, description: "attention of \(modelName) layer \(layer) head \(head) on \"\(text)\"")
        result.numbers = ["tokens": Double(time), "previous": previous, "self": selfWeight, "first": first, "entropy": entropy,
                          "layer": Double(layer), "head": Double(head)]
        context.session.add(result)
    }
}
