import Foundation

/// The lessons in a folder (`NN-slug.md` files), listed cheaply: only file names at first,
/// front matter when asked, whole lessons when opened.
public final class LessonLibrary {
    /// A lesson file, known by name before it is read.
    public final class Entry {
        public let file: URL
        public let number: Int
        public let slug: String
        private var cachedFront: Result<LessonFrontMatter, Error>?

        init(file: URL, number: Int, slug: String) {
            self.file = file
            self.number = number
            self.slug = slug
        }

        /// The front matter, read on first use.
        public var frontMatter: Result<LessonFrontMatter, Error> {
            if let cachedFront { return cachedFront }
            let result = Result<LessonFrontMatter, Error> {
                guard let text = try? String(contentsOf: file, encoding: .utf8) else {
                    throw LessonFileError(file: file.path, issues: [.init(line: 1, message: "cannot read the file as UTF-8 text")])
                }
                return try LessonParser.frontMatter(of: text, file: file.path).0
            }
            cachedFront = result
            return result
        }

        /// The title, or the slug when the front matter is broken.
        public var title: String { (try? frontMatter.get().title) ?? slug }
    }

    /// The folder; nil when none was found (no lessons then).
    public let folder: URL?
    private var cachedEntries: [Entry]?

    public init(folder: URL?) {
        self.folder = folder
    }

    /// Lesson files sorted by number (read from the folder on first use).
    public var entries: [Entry] {
        if let cachedEntries { return cachedEntries }
        var found: [Entry] = []
        if let folder, let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) {
            for name in names where name.hasSuffix(".md") {
                let (number, slug) = LessonParser.numberAndSlug(of: name)
                guard number > 0 else { continue }  // FORMAT.md, README.md ...
                found.append(Entry(file: folder.appendingPathComponent(name), number: number, slug: slug))
            }
        }
        found.sort { $0.number != $1.number ? $0.number < $1.number : $0.slug < $1.slug }
        cachedEntries = found
        return found
    }

    /// The lesson `reference` points at: a number, a slug, or the start of a title.
    public func entry(for reference: String) throws -> Entry {
        let all = entries
        guard !all.isEmpty else {
            throw CommandError("there are no lessons" + (folder.map { " in \($0.path)" } ?? " (no Lessons folder was found; use --lessons DIR or TUNELAB_HOME)"))
        }
        let range = "lessons are numbered \(all.first!.number) to \(all.last!.number)"
        if let number = Int(reference) {
            guard let entry = all.first(where: { $0.number == number }) else {
                throw CommandError("\(reference): there is no lesson \(number); \(range).")
            }
            return entry
        }
        let lowered = reference.lowercased()
        if let entry = all.first(where: { $0.slug.lowercased() == lowered }) { return entry }
        let byTitle = all.filter { $0.title.lowercased().hasPrefix(lowered) || $0.slug.lowercased().hasPrefix(lowered) }
        if byTitle.count == 1 { return byTitle[0] }
        if byTitle.count > 1 {
            throw CommandError("\(reference): several lessons match (\(byTitle.map { "\($0.number) \($0.title)" }.joined(separator: "; "))); give its number.")
        }
        let hint = EditDistance.didYouMean(reference, among: all.map(\.slug))
        throw CommandError("\(reference): no lesson has that number, slug or title;\(hint) \(range) (type lessons).")
    }

    /// The entry for a slug, if it is in the folder.
    public func entry(slug: String) -> Entry? { entries.first { $0.slug == slug } }
}
