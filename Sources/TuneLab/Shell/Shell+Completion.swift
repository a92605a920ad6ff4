import Foundation

extension Shell {
    /// Candidates for the word before the cursor in `prefix` (the line up to the cursor):
    /// verbs first, then a group's subcommands (`data lo` → `load`), then keys (`lr=`), values of a key (choices, object names, files),
    /// positionals (object names, lesson numbers and slugs, file paths).
    /// Each candidate replaces the whole last word.
    public func completions(forPrefix prefix: String) -> [String] {
        let words = prefix.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        let endsWithSpace = prefix.last == " " || prefix.last == "\t"
        let word = endsWithSpace ? "" : (words.last ?? "")
        let isFirstWord = words.isEmpty || (words.count == 1 && !endsWithSpace)
        if isFirstWord {
            return registry.commands.map(\.verb).filter { $0.hasPrefix(word) }.sorted()
        }
        guard var spec = registry.command(named: words[0]) else { return [] }
        var previous = endsWithSpace ? words.dropFirst() : words.dropFirst().dropLast()
        // A group: the next word is a subcommand's name; after it, that subcommand's grammar.
        while !spec.subcommands.isEmpty {
            guard let chosen = previous.first else {
                return spec.subcommands.map(\.verb).filter { $0.hasPrefix(word.lowercased()) }.sorted()
            }
            guard let subcommand = spec.subcommand(named: chosen) else { return [] }
            spec = subcommand
            previous = previous.dropFirst()
        }

        if let equals = word.firstIndex(of: "=") {
            let keyText = String(word[..<equals])
            let valuePrefix = String(word[word.index(after: equals)...])
            guard let key = spec.key(spelled: keyText) else { return [] }
            return values(for: key.type, prefix: valuePrefix).map { keyText + "=" + $0 }
        }

        var candidates: [String] = []
        let typedKeys = Set(previous.compactMap { $0.split(separator: "=", maxSplits: 1).count > 1 || $0.hasSuffix("=") ? spec.key(spelled: String($0.split(separator: "=").first ?? ""))?.name : nil })
        // The word after a keyword (`on`) is that positional's value.
        if let last = previous.last, let keyed = spec.positionals.first(where: { $0.keyword == last }) {
            return values(for: keyed.type, prefix: word)
        }
        let positionalWords = previous.filter { !$0.contains("=") }
        let unkeyed = spec.positionals.filter { $0.keyword == nil }
        let keywordsUsed = Set(positionalWords)
        if positionalWords.count < unkeyed.count {
            candidates += values(for: unkeyed[positionalWords.count].type, prefix: word)
        }
        for positional in spec.positionals {
            if let keyword = positional.keyword, !keywordsUsed.contains(keyword), keyword.hasPrefix(word) {
                candidates.append(keyword)
            }
        }
        for key in spec.keys where !typedKeys.contains(key.name) {
            for spelling in key.spellings where spelling.hasPrefix(word) {
                candidates.append(spelling + "=")
            }
        }
        return candidates
    }

    private func values(for type: ArgumentType, prefix: String) -> [String] {
        let all: [String]
        switch type {
        case .choice(let options): all = options
        case .boolean: all = ["yes", "no"]
        case .object(let kind): all = session.names(of: kind)
        case .lesson: all = lessons.library.entries.flatMap { [String($0.number), $0.slug] }
        case .existingFile, .writableFile: return Self.pathCompletions(for: prefix)
        case .integer, .number, .text, .newName: all = []
        }
        return all.filter { $0.hasPrefix(prefix) }
    }

    /// Files and folders whose path starts with `prefix` (folders end in `/`).
    public static func pathCompletions(for prefix: String) -> [String] {
        let slash = prefix.lastIndex(of: "/")
        let folderPart = slash.map { String(prefix[...$0]) } ?? ""
        let namePart = slash.map { String(prefix[prefix.index(after: $0)...]) } ?? prefix
        let folder = folderPart.isEmpty ? "." : CommandParser.expandingTilde(folderPart)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        return names.filter { $0.hasPrefix(namePart) && (namePart.hasPrefix(".") || !$0.hasPrefix(".")) }
            .sorted()
            .map { name in
                var isFolder: ObjCBool = false
                let full = (folder as NSString).appendingPathComponent(name)
                _ = FileManager.default.fileExists(atPath: full, isDirectory: &isFolder)
                return folderPart + name + (isFolder.boolValue ? "/" : "")
            }
    }
}
