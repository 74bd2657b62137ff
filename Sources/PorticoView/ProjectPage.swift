/// A project: milestones in order with progress and state, a timeline, tickets by milestone.
public struct ProjectPage: Sendable, Encodable {
    public struct MilestoneSection: Sendable, Encodable {
        public var anchor = ""
        public var title = ""
        public var bodyHTML = ""
        public var start: DateText?
        public var due: DateText?
        public var state = Badge(label: "", key: "", icon: "")
        public var progress = ProgressMeter(percent: 0, label: "")
        public var tickets: [TicketRow] = []
        /// Billable hours on the milestone's visible tickets ("6.5 h"), nil when none.
        public var hours: String?
        public init() {}
    }

    public var page: PageChrome
    public var title = ""
    public var status = Badge(label: "", key: "", icon: "")
    public var summaryHTML = ""
    public var start: DateText?
    public var due: DateText?
    public var progress = ProgressMeter(percent: 0, label: "")
    /// Inline SVG drawn at build time; empty when there is nothing to draw.
    public var timelineHTML = ""
    public var milestones: [MilestoneSection] = []
    /// Tickets not tied to a milestone.
    public var otherTickets: [TicketRow] = []
    public var discussions: Link?
    public var hours: String?
    public init(page: PageChrome) { self.page = page }
}
