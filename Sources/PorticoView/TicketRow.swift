/// A ticket in a list: enough to scan status, priority, due date and who works on it.
public struct TicketRow: Sendable, Encodable {
    public var title: String
    public var href: String
    public var status: Badge
    public var priority: Badge
    public var due: DateText?
    public var assignees: String
    public var project: String
    public init(title: String, href: String, status: Badge, priority: Badge, due: DateText?, assignees: String, project: String) {
        self.title = title
        self.href = href
        self.status = status
        self.priority = priority
        self.due = due
        self.assignees = assignees
        self.project = project
    }
}
