public struct Discussion: Sendable {
    public var id: String
    public var title: String
    public var author: Author
    public var date: StoreDate
    public var pinned: Bool
    public var isPrivate: Bool
    public var attachments: [Attachment]
    public var body: MarkdownText
    public var comments: [Comment]
    public var source: String?
    /// The thread's folder (`discussions/<id>/`).
    public var bundleDirectory: String?
    public var location: SourceLocation
}
