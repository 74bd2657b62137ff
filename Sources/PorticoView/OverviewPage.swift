/// The portal's front page: what needs the client, what is coming, how things stand.
public struct OverviewPage: Sendable, Encodable {
    public struct ProjectCard: Sendable, Encodable {
        public var title = ""
        public var href = ""
        public var status = Badge(label: "", key: "", icon: "")
        public var progress = ProgressMeter(percent: 0, label: "")
        public var due: DateText?
        public var nextMilestone: String?
        public init() {}
    }

    public struct Activity: Sendable, Encodable {
        public var text = ""
        public var title = ""
        public var href = ""
        public var date = DateText(text: "", iso: "")
        public init() {}
    }

    public var page: PageChrome
    public var greeting = ""
    public var needsInput: [TicketRow] = []
    public var upcoming: [TicketRow] = []
    public var projects: [ProjectCard] = []
    public var recent: [Activity] = []
    public var hours: HoursSummary?
    public var openInvoices: [InvoiceRow] = []
    public var checkIn: CheckInView?
    /// Shown until every step is done.
    public var onboarding: OnboardingView?
    public init(page: PageChrome) { self.page = page }
}
