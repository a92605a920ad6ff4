import Foundation
import TuneEngine
import TuneModels

/// `encoder load`, `params`, `attention`, `embed`, `similar`: loading the model and looking inside.
extension EncoderActions {
    static func load(_ invocation: CommandInvocation, context: CommandContext) throws {
        let name = invocation.text("model") ?? "mini"
        try CommandChecks.checkNewName(name, in: context.session)
        let began = Date()
        let files = try PretrainedModelFiles.openMiniLM()
        let encoder = try SentenceEncoder.load(from: files)
        let seconds = Date().timeIntervalSince(began)
        let object = PretrainedEncoderObject(name: name, encoder: encoder, files: files, loadSeconds: seconds)
        context.session.add(object)
        let configuration = encoder.model.configuration
        let output = context.output
        output.line("Loaded \(name): all-MiniLM-L6-v2 from \(files.location.path) in \(String(format: "%.2f", seconds)) s")
        output.line("  BERT encoder, \(configuration.layerCount) post-LN blocks, width \(configuration.hiddenSize), \(configuration.headCount) heads, "
            + "MLP \(configuration.intermediateSize), vocabulary \(NumberFormatting.integer(configuration.vocabularySize)) WordPiece tokens")
        output.line("  \(NumberFormatting.integer(encoder.model.parameterCount)) parameters; sentences up to \(encoder.maximumLength) tokens; "
            + "mean pooling, then unit length (\(configuration.hiddenSize) numbers per sentence)")
        output.line("See inside with `encoder params \(name)` and `encoder attention \(name) text=\"...\"`.")
    }

    static func params(_ invocation: CommandInvocation, context: CommandContext) throws {
        let object = try encoderObject(invocation, context)
        let model = object.encoder.model
        let output = context.output
        // Group: each embedding table, each block, the pooler.
        var order: [String] = []
        var groups: [String: (count: Int, shapes: [String])] = [:]
        for (key, tensor) in model.namedParameters() {
            let parts = key.split(separator: ".").map(String.init)
            let group: String
            if parts[0] == "layers", parts.count > 1 { group = "block " + parts[1] }
            else if parts[0] == "embeddings", parts.count > 2 { group = "embeddings." + parts[1] }
            else { group = parts[0] }
            if groups[group] == nil { order.append(group) }
            var entry = groups[group] ?? (0, [])
            entry.count += tensor.count
            if parts[0] != "layers" || parts[1] == "0" { entry.shapes.append(OutputRendering.shape(tensor.shape)) }
            groups[group] = entry
        }
        let total = model.parameterCount
        let table = TableRenderer(titles: ["module", "parameters", "share", "tensor shapes"], title: "parameters of \(object.name) (\(NumberFormatting.integer(total)))")
        var rows: [[TableRenderer.Cell]] = order.map { group in
            let entry = groups[group]!
            let shapes = group.hasPrefix("block ") && group != "block 0" ? "as block 0" : entry.shapes.prefix(4).joined(separator: " ") + (entry.shapes.count > 4 ? " …" : "")
            return [.text(group), .integer(entry.count), .text(percent(Double(entry.count) / Double(total))), .text(shapes)]
        }
        rows.append([.text("total"), .integer(total), .text("100.0%"), .empty])
        OutputRendering.print(table.render(rows: rows, style: OutputRendering.style(for: output)), to: output)
        let word = model.embeddings.word.weight.count
        output.line("The word-embedding table alone is \(percent(Double(word) / Double(total))) of the model: \(NumberFormatting.integer(model.configuration.vocabularySize)) tokens × \(model.hiddenSize) numbers.")
    }

    static func attention(_ invocation: CommandInvocation, context: CommandContext) throws {
        let object = try encoderObject(invocation, context)
        guard let text = invocation.text("text") else {
            throw CommandError("encoder attention needs a sentence: text=\"the plot was predictable\"")
        }
        let layer = invocation.integer("layer") ?? 0
        let head = invocation.integer("head")
        let map = try object.encoder.attentionMap(of: text, layer: layer, head: head ?? 0)
        let weights = head == nil ? map.headMean : map.weights
        let title = "attention in block \(layer), " + (head.map { "head \($0)" } ?? "mean of \(map.allHeads.count) heads")
            + ": row = token that looks, column = token looked at"
        let heatmap = try Heatmap(matrix: weights, rowLabels: map.tokens, columnLabels: map.tokens, title: title)
        let output = context.output
        OutputRendering.print(heatmap.render(style: OutputRendering.style(for: output)), to: output)
        // Where each token looks most, in words.
        let strongest = map.strongest(in: weights)
        let (toSelf, toPrevious, toNext) = (strongest.toSelf, strongest.toPrevious, strongest.toNext)
        let (toFirst, toSeparator) = (strongest.toFirst, strongest.toSeparator)
        output.line("\(map.tokens.count) WordPiece tokens: \(map.tokens.joined(separator: " "))")
        output.line("Where each token looks most: itself \(percent(toSelf)), the previous token \(percent(toPrevious)), "
            + "the next \(percent(toNext)), [CLS] \(percent(toFirst)), [SEP] \(percent(toSeparator)) of the tokens.")
        let name = resultName(invocation, "att")
        context.session.add(PretrainedResultObject(
            name: name, summary: "attention of \(object.name) in block \(layer) on \"\(text)\"",
            numbers: [(["tokens"], Double(map.tokens.count)), (["toSelf"], toSelf), (["toSeparator"], toSeparator),
                      (["toPrevious"], toPrevious), (["toNext"], toNext), (["toFirst"], toFirst),
                      (["maxWeight"], Double(weights.joined().max() ?? 0))]))
    }

    static func embed(_ invocation: CommandInvocation, context: CommandContext) throws {
        let object = try encoderObject(invocation, context)
        guard let text = invocation.text("text") else { throw CommandError("encoder embed needs a sentence: text=\"the soup arrived cold\"") }
        let ids = object.encoder.tokenIDs(text)
        let vector = try object.embeddings(of: [text]).row(0)
        let length = SentenceEmbeddings.dot(vector, vector).squareRoot()
        let output = context.output
        output.line("tokens (\(ids.count)): " + ids.map { object.encoder.tokenizer.token(for: $0) ?? "?" }.joined(separator: " "))
        output.line("ids: " + ids.map(String.init).joined(separator: " "))
        output.line("embedding: \(vector.count) numbers, length \(String(format: "%.4f", length)); the first 8: "
            + vector.prefix(8).map { String(format: "%+.4f", $0) }.joined(separator: " "))
        context.session.add(PretrainedResultObject(
            name: resultName(invocation, "emb"), summary: "embedding of \"\(text)\"",
            numbers: [(["tokens"], Double(ids.count)), (["length"], Double(length)), (["dimension"], Double(vector.count))]))
    }

    static func similar(_ invocation: CommandInvocation, context: CommandContext) throws {
        let object = try encoderObject(invocation, context)
        guard let first = invocation.text("text"), let second = invocation.text("to") else {
            throw CommandError("encoder similar needs two sentences: text=\"the soup arrived cold\" to=\"my dinner was not warm\"")
        }
        let rows = try object.embeddings(of: [first, second])
        let cosine = Double(SentenceEmbeddings.cosine(rows.row(0), rows.row(1)))
        context.output.line("cosine(\"\(first)\", \"\(second)\") = \(String(format: "%.4f", cosine))")
        context.output.line("1 means the same direction, near 0 unrelated (slightly negative happens).")
        let name = resultName(invocation, "sim")
        context.session.add(PretrainedResultObject(name: name, summary: "cosine of two sentences: \(String(format: "%.4f", cosine))",
                                                   numbers: [(["cosine"], cosine)]))
    }
}
