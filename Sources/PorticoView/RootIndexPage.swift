/// The neutral page at the output root: it names no client and lists nothing.
public struct RootIndexPage: Sendable, Encodable {
    public var lang = "en"
    public var assets = "assets/"
    public var stylesheet = ""
    public var favicon = ""
    public var t: [String: String] = [:]
    public init() {}
}
