public struct Milestone: Sendable {
    public var id: String
    public var title: String
    public var due: StoreDate
    public var start: StoreDate?
    public var order: Int?
    public var isPrivate: Bool
    public var body: MarkdownText
    public var source: String?
    public var location: SourceLocation
}
