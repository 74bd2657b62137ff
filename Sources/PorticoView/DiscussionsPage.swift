/// A project's discussion threads.
public struct DiscussionsPage: Sendable, Encodable {
    public struct Thread: Sendable, Encodable {
        public var title = ""
        public var href = ""
        public var author = PersonView(name: "", role: nil, isClient: false)
        public var date = DateText(text: "", iso: "")
        public var lastActivity = DateText(text: "", iso: "")
        public var pinned = false
        public var replies = ""
        public init() {}
    }

    public var page: PageChrome
    public var project = Link(label: "", href: "")
    public var threads: [Thread] = []
    public init(page: PageChrome) { self.page = page }
}
