/// What happened in a session: each command line and what it printed, for `export`.
public struct Transcript: Sendable {
    /// One command and its output (without terminal styles).
    public struct Entry: Sendable, Equatable {
        public var command: String
        public var output: String
        public var succeeded: Bool
        /// SVG documents the command drew (plots), for notebook exports.
        public var figures: [String] = []
        /// Lesson text the command showed (Markdown), for notebook exports.
        public var notes: [String] = []

        public init(command: String, output: String, succeeded: Bool) {
            self.command = command
            self.output = output
            self.succeeded = succeeded
        }
    }

    public private(set) var entries: [Entry] = []
    /// Figures and lesson text made by the command running now; the next entry takes them.
    private var pendingFigures: [String] = []
    private var pendingNotes: [String] = []

    public init() {}

    public mutating func append(_ entry: Entry) {
        var entry = entry
        entry.figures += pendingFigures
        entry.notes += pendingNotes
        pendingFigures = []
        pendingNotes = []
        entries.append(entry)
    }

    /// Keeps an SVG plot the running command drew, with that command's entry.
    public mutating func attach(svg: String) { pendingFigures.append(svg) }

    /// Keeps lesson text (Markdown) the running command showed, with that command's entry.
    public mutating func attach(note markdown: String) { pendingNotes.append(markdown) }
}
