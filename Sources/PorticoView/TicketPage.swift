/// One ticket with its public comments and attachments.
public struct TicketPage: Sendable, Encodable {
    public struct TimeLine: Sendable, Encodable {
        public var date = DateText(text: "", iso: "")
        public var person = ""
        public var hours = ""
        /// What the time was spent on (billable entries of visible tickets only).
        public var note: String?
        public init() {}
    }

    public var page: PageChrome
    public var title = ""
    public var status = Badge(label: "", key: "", icon: "")
    /// What the status asks of the client (waiting on them, ready for review); nil for the others,
    /// whose page shows no callout.
    public var callout: String?
    public var priority = Badge(label: "", key: "", icon: "")
    public var project = Link(label: "", href: "")
    public var milestone: Link?
    public var created: DateText?
    public var due: DateText?
    public var completed: DateText?
    public var assignees: [PersonView] = []
    public var estimate: String?
    public var timeSpent: String?
    public var timeEntries: [TimeLine] = []
    public var bodyHTML = ""
    public var attachments: [AttachmentView] = []
    public var comments: [CommentView] = []
    /// `mailto:` with the subject naming client and ticket; nil when the agency has no email.
    public var replyMailto: String?
    public init(page: PageChrome) { self.page = page }
}
