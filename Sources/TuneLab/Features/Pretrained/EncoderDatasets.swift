import Foundation
import TuneEngine
import TuneText

/// The labelled data an encoder command reads: `films` (a dataset in the session, made by
/// `data load`, or else a shipped domain under datasets/sentiment/) or one part of it,
/// `films.test`.
struct EncoderData {
    /// The dataset's name as typed (without the part).
    let name: String
    let train: LabelledDataset?
    let validation: LabelledDataset?
    let test: LabelledDataset?
    /// The part named after the dot, if one was.
    let chosenPart: LabelledDataset?

    /// The labels in class order (from the first part there is).
    var labels: [String] { (train ?? test ?? validation ?? chosenPart)?.labels ?? [] }

    /// Reads `spec` ("films" or "films.test").
    static func resolve(_ spec: String, session: Session) throws -> EncoderData {
        let pieces = spec.split(separator: ".", maxSplits: 1).map(String.init)
        let name = pieces[0], partName = pieces.count > 1 ? pieces[1] : nil
        var parts: [String: LabelledDataset] = [:]
        if let object = session.object(named: name) {
            guard let dataset = object as? DatasetObject else {
                throw CommandError("\(name) is a \(object.kind.name), not a labelled dataset; load one with `data load films`.")
            }
            for part in dataset.parts { parts[part.name] = part.data }
            if !dataset.isSplit { parts["train"] = dataset.train }
        } else {
            let (found, tried) = DataFiles.resolve(name)
            guard let folder = found, DataFiles.isFolder(folder) else {
                throw CommandError("\(name): no dataset of that name in the session, and no shipped domain (tried \(tried.joined(separator: ", "))). "
                    + "Use films, restaurants or gadgets, or load one first with `data load NAME FILE`.")
            }
            var labels: [String]?
            for (part, url) in DataFiles.splitFiles(in: folder) {
                let data = try LabelledDataset.load(from: url, labels: labels)
                labels = labels ?? data.labels
                parts[part] = data
            }
        }
        // Named as the learner types them: films.test.
        for (partName, data) in parts where data.name != "\(name).\(partName)" {
            parts[partName] = try LabelledDataset(name: "\(name).\(partName)", columns: data.columns, labels: data.labels)
        }
        var chosen: LabelledDataset?
        if let partName {
            guard let part = parts[partName] else {
                throw CommandError("\(spec): \(name) has no part \"\(partName)\"; it has \(parts.keys.sorted().joined(separator: ", ")).")
            }
            chosen = part
        }
        return EncoderData(name: name, train: parts["train"], validation: parts["validation"], test: parts["test"], chosenPart: chosen)
    }

    /// The part to evaluate on: the chosen one, else test, else validation.
    func evaluationPart(_ spec: String) throws -> LabelledDataset {
        if let part = chosenPart ?? test ?? validation { return part }
        throw CommandError("\(spec) has no test or validation part to measure on; split it with `data split \(name)`.")
    }

    /// The part a model that learns nothing from the data is scored on: the chosen one, else
    /// test, else validation, else (a dataset that is not split) all of it, said in a note.
    func untrainedEvaluationPart(_ spec: String, output: Output) throws -> LabelledDataset {
        if let part = chosenPart ?? test ?? validation { return part }
        guard let all = train else { return try evaluationPart(spec) }
        output.line(output.styled("\(name) is not split into train and test: scoring all \(all.count) examples "
            + "(\(name).all names them). That is fair here: zero-shot learns nothing from \(name).", .dim))
        return try LabelledDataset(name: "\(name).all", columns: all.columns, labels: all.labels)
    }

    /// The training part (not the evaluation part when a part was named).
    func trainingPart(_ spec: String) throws -> LabelledDataset {
        if let train { return train }
        throw CommandError("\(spec) has no training part; split it with `data split \(name)`.")
    }

    /// `count` examples of `data`, an equal share per label (the remainder to the first
    /// labels), drawn with `seed`; all of them when `count` is nil or not smaller.
    static func balancedSubset(_ data: LabelledDataset, count: Int?, seed: UInt64) throws -> LabelledDataset {
        guard let count, count < data.count else { return data }
        var generator = RandomGenerator(seed: seed)
        let labels = data.labels
        var chosen: [Int] = []
        for (index, var members) in data.indicesByLabel().enumerated() {
            members.shuffle(using: &generator)
            let share = count / labels.count + (index < count % labels.count ? 1 : 0)
            chosen += members.prefix(share)
        }
        chosen.sort()
        return try LabelledDataset(name: "\(data.name) (\(chosen.count) of \(data.count))", columns: data.columns.gathering(chosen), labels: labels)
    }
}

/// The process's peak resident memory (VmHWM in /proc/self/status), in megabytes; nil
/// where there is no /proc.
enum ProcessMemory {
    static func peakMegabytes() -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let digits = line.split(separator: " ").compactMap { Double($0) }
            if let kilobytes = digits.first { return kilobytes / 1024 }
        }
        return nil
    }
}
