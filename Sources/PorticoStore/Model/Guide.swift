public struct Guide: Sendable {
    public var id: String
    public var title: String
    public var order: Int?
    public var isPrivate: Bool
    public var body: MarkdownText
    /// True for guides under `clients/<id>/guides/`.
    public var isClientGuide: Bool
    public var source: String?
    /// Absolute path of the guide's file, so links between guides can be resolved.
    public var path: String
    public var location: SourceLocation
}
