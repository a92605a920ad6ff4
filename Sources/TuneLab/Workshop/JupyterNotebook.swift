import Foundation

/// The session as a Jupyter notebook (nbformat 4): lesson text as Markdown cells, each
/// command as a code cell with its printed output as a stream, plots as SVG outputs, and
/// the TuneLab version and seed in the metadata.
public enum JupyterNotebook {
    /// Commands that only move through a lesson: their lesson text becomes Markdown cells
    /// and the command itself is left out.
    static let navigationVerbs: Set<String> = ["next", "n", "back", "previous", "goto", "skip", "open", "lesson", "restart", "where"]

    /// The notebook as a JSON object (ready for `JSONSerialization`).
    public static func object(of session: Session) -> [String: Any] {
        var cells: [[String: Any]] = []
        var count = 0
        for entry in session.transcript.entries {
            for note in entry.notes {
                cells.append(["cell_type": "markdown", "metadata": [String: Any](), "source": lines(note)])
            }
            let verb = entry.command.trimmingCharacters(in: .whitespaces).split(separator: " ").first.map(String.init) ?? ""
            // A move that evaluated a check keeps its ✓/✗ lines; other moves are only lesson text.
            let judged = entry.output.contains("✓") || entry.output.contains("✗")
            if navigationVerbs.contains(verb), entry.succeeded, !judged { continue }
            count += 1
            var outputs: [[String: Any]] = []
            let printed = entry.output.trimmingCharacters(in: .newlines)
            if !printed.isEmpty {
                outputs.append(["output_type": "stream", "name": entry.succeeded ? "stdout" : "stderr", "text": lines(printed + "\n")])
            }
            for svg in entry.figures {
                outputs.append(["output_type": "display_data", "metadata": [String: Any](), "data": ["image/svg+xml": lines(svg), "text/plain": ["<plot>"]]])
            }
            cells.append(["cell_type": "code", "execution_count": count, "metadata": [String: Any](),
                          "source": lines(entry.command), "outputs": outputs])
        }
        let metadata: [String: Any] = [
            "kernelspec": ["name": "tunelab", "display_name": "TuneLab", "language": "tunelab"],
            "language_info": ["name": "tunelab", "version": TuneLabVersion.string],
            "tunelab": ["version": TuneLabVersion.string, "seed": session.seed],
        ]
        return ["nbformat": 4, "nbformat_minor": 5, "metadata": metadata, "cells": cells.enumerated().map { index, cell in
            var cell = cell
            cell["id"] = "cell-\(index + 1)"
            return cell
        }]
    }

    /// The notebook as JSON text.
    public static func json(of session: Session) throws -> Data {
        try JSONSerialization.data(withJSONObject: object(of: session), options: [.prettyPrinted, .sortedKeys])
    }

    /// Text split into lines that keep their `\n`, as notebooks store multi-line strings.
    static func lines(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        for character in text {
            current.append(character)
            if character == "\n" { result.append(current); current = "" }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }
}
