/// A date or time as shown to the client, with its machine-readable form for `<time>`.
public struct DateText: Sendable, Encodable, Hashable {
    public var text: String
    public var iso: String
    /// Past due and not done.
    public var overdue: Bool
    public init(text: String, iso: String, overdue: Bool = false) {
        self.text = text
        self.iso = iso
        self.overdue = overdue
    }
}
