/// One discussion thread: the opening post and its public comments.
public struct DiscussionPage: Sendable, Encodable {
    public var page: PageChrome
    public var title = ""
    public var project = Link(label: "", href: "")
    public var pinned = false
    public var opening = CommentView(anchor: "top", author: PersonView(name: "", role: nil, isClient: false),
                                     date: DateText(text: "", iso: ""), bodyHTML: "", attachments: [])
    public var comments: [CommentView] = []
    /// `mailto:` with the subject naming client and thread; nil when the agency has no email.
    public var replyMailto: String?
    public init(page: PageChrome) { self.page = page }
}
