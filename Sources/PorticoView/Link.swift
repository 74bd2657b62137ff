/// A labelled link, `href` relative to the page it is on.
public struct Link: Sendable, Encodable, Hashable {
    public var label: String
    public var href: String
    public init(label: String, href: String) {
        self.label = label
        self.href = href
    }
}
