/// A public comment: permalink anchor, author, time and body.
public struct CommentView: Sendable, Encodable {
    /// The anchor id (`c-<comment id>`), also the fragment of the permalink.
    public var anchor: String
    public var author: PersonView
    public var date: DateText
    public var bodyHTML: String
    public var attachments: [AttachmentView]
    public init(anchor: String, author: PersonView, date: DateText, bodyHTML: String, attachments: [AttachmentView]) {
        self.anchor = anchor
        self.author = author
        self.date = date
        self.bodyHTML = bodyHTML
        self.attachments = attachments
    }
}
