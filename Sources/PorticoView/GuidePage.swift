/// One onboarding guide.
public struct GuidePage: Sendable, Encodable {
    public var page: PageChrome
    public var title = ""
    public var bodyHTML = ""
    public var previous: Link?
    public var next: Link?
    public init(page: PageChrome) { self.page = page }
}
