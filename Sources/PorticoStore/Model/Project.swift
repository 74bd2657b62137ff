public struct Project: Sendable {
    public enum Status: String, Sendable, CaseIterable {
        case planned, active, onHold = "on-hold", done
    }

    public var id: String
    public var title: String
    public var status: Status
    public var summary: String?
    public var start: StoreDate?
    public var due: StoreDate?
    public var isPrivate: Bool
    public var milestones: [Milestone]
    public var tickets: [Ticket]
    public var discussions: [Discussion]
    /// Absolute path of `projects/<id>/`.
    public var directory: String
    public var location: SourceLocation
}
