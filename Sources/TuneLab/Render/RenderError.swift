/// A renderer was given an argument it cannot draw, with what was given and what is accepted.
///
/// Renderers never crash on bad input: constructors that validate throw this instead.
public struct RenderError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The renderer or function that rejected the argument, e.g. `Histogram`.
    public let renderer: String
    /// The argument's name as written in the API, e.g. `binCount`.
    public let argument: String
    /// What was given, shortened for display.
    public let given: String
    /// What the argument accepts, in words.
    public let accepted: String

    public init(renderer: String, argument: String, given: String, accepted: String) {
        self.renderer = renderer
        self.argument = argument
        self.given = given
        self.accepted = accepted
    }

    public var description: String {
        "\(renderer): argument `\(argument)` was \(given); it accepts \(accepted)"
    }
}
