public struct Comment: Sendable {
    public var id: String
    public var author: Author
    public var date: StoreDate
    /// An internal comment: the team sees it, the client never does.
    public var isPrivate: Bool
    public var attachments: [Attachment]
    public var body: MarkdownText
    public var source: String?
    public var location: SourceLocation
}
