import TuneModels

extension CommandSpec {
    /// `sample MODEL [prompt=] [length=] [temperature=] [top_k=] [seed=]`: let a language model write.
    public static let sample = CommandSpec(
        verb: "sample",
        summary: "let a language model continue a prompt",
        details: """
            The model writes one token at a time, each drawn from its predicted distribution. \
            temperature below 1 makes it more predictable, above 1 more adventurous, 0 always \
            takes the most likely token; top_k keeps only the k most likely tokens. Same seed, \
            same text.
            """,
        examples: ["sample base", "sample base prompt=\"The soup\" length=30 temperature=0.7 seed=3"],
        positionals: [PositionalSpec("model", .object(.model), summary: "a language model")],
        keys: [
            KeySpec("prompt", .text, summary: "the text to continue", default: "The", example: "\"The film\""),
            KeySpec("length", .integer(in: 1...500), summary: "tokens to write", default: "30"),
            KeySpec("temperature", aliases: ["temp"], .number(in: 0...10), summary: "0 = greedy; below 1 sharper, above 1 flatter", default: "0.8"),
            KeySpec("topK", aliases: ["top_k"], .integer(atLeast: 1), summary: "sample among the k most likely tokens", example: "20"),
            KeySpec("seed", .integer(atLeast: 0), summary: "the draw (default: the session seed)", example: "3"),
        ]
    ) { invocation, context in
        let name = invocation.text("model") ?? ""
        let holder = try TrainingRunner.model(name, context: context, verb: "sample")
        guard let model = holder as? LanguageModelObject else {
            throw CommandError("\(name) is a classifier: it predicts labels, not text. Sample its language model instead (ls shows the models).")
        }
        let prompt = invocation.text("prompt") ?? "The"
        let options = SamplingOptions(temperature: Float(invocation.number("temperature") ?? 0.8), topK: invocation.integer("topK"),
                                      seed: invocation.integer("seed").map(UInt64.init) ?? context.session.seed)
        let text: String
        do {
            text = try model.model.sample(prompt: prompt, count: invocation.integer("length") ?? 30, options: options)
        } catch {
            throw CommandError("sample \(name): \(error)")
        }
        let output = context.output
        output.line(output.styled(prompt, .bold) + (text.hasPrefix(" ") || text.hasPrefix(".") || text.hasPrefix(",") ? "" : " ") + text)
        output.line(output.styled("(\(model.stepsTaken) training steps, temperature \(OutputRendering.number(options.temperature)))", .dim))
    }
}
