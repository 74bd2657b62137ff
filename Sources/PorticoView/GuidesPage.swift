/// How we work together: guides, the onboarding checklist, channels and check-ins.
public struct GuidesPage: Sendable, Encodable {
    public var page: PageChrome
    public var guides: [Link] = []
    public var onboarding: OnboardingView?
    public var channels: [String] = []
    public var responseTime: String?
    public var checkIn: CheckInView?
    public var contactEmail: String?
    public var contactMailto: String?
    public init(page: PageChrome) { self.page = page }
}
