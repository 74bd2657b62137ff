/// A file attached to a ticket, discussion or comment; the file lives in the item's bundle folder.
public struct Attachment: Sendable {
    /// Bundle-relative file name as written.
    public var file: String
    public var title: String?
    public var isPrivate: Bool
    /// Absolute path of the file, resolved inside the bundle.
    public var path: String
    public var location: SourceLocation
}
