public struct Ticket: Sendable {
    public enum Status: String, Sendable, CaseIterable {
        case open, inProgress = "in-progress", waitingOnClient = "waiting-on-client", review, done
    }

    public enum Priority: String, Sendable, CaseIterable {
        case low, normal, high, urgent
    }

    public var id: String
    public var title: String
    public var milestone: String?
    public var status: Status
    public var priority: Priority
    public var created: StoreDate?
    public var due: StoreDate?
    public var completed: StoreDate?
    public var assignees: [String]
    public var estimate: Double?
    public var isPrivate: Bool
    public var time: [TimeEntry]
    public var attachments: [Attachment]
    public var body: MarkdownText
    public var comments: [Comment]
    public var source: String?
    /// The bundle folder (`tickets/<id>/`) when the ticket is one; nil for `tickets/<id>.md`.
    public var bundleDirectory: String?
    public var location: SourceLocation
}
