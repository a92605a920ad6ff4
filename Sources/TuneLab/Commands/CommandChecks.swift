/// Checks that commands share: a valid new name, an existing object of a given kind.
enum CommandChecks {
    /// Fails when `name` is not a valid new name.
    static func checkNewName(_ name: String, in session: Session) throws {
        guard CommandParser.isValidName(name) else {
            throw CommandError("\(name): NAME expects \(ArgumentType.newName.accepts)")
        }
    }

    /// The object called `name` as `T`, or an error naming what exists.
    static func object<T: SessionObject>(_ name: String, as type: T.Type, kindName: String, in session: Session,
                                         making: String? = nil) throws -> T {
        if let object = session.object(named: name) as? T { return object }
        let existing = session.allObjects().compactMap { $0 as? T }.map(\.name)
        let have = existing.isEmpty ? "the session has none yet; make one with `\(making ?? kindName + " new NAME")`" : "the session has \(existing.joined(separator: ", "))"
        if let other = session.object(named: name) {
            throw CommandError("\(name) is a \(other.kind.name), not a \(kindName) (\(have)).")
        }
        throw CommandError("\(name): no \(kindName) of that name (\(have))." + EditDistance.didYouMean(name, among: existing))
    }
}
