/// What happened in a session: each command line and what it printed, for `export`.
public struct Transcript: Sendable {
    /// One command and its output (without terminal styles).
    public struct Entry: Sendable, Equatable {
        public var command: String
        public var output: String
        public var succeeded: Bool

        public init(command: String, output: String, succeeded: Bool) {
            self.command = command
            self.output = output
            self.succeeded = succeeded
        }
    }

    public private(set) var entries: [Entry] = []

    public init() {}

    public mutating func append(_ entry: Entry) { entries.append(entry) }
}
