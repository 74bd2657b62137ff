/// The onboarding checklist.
public struct OnboardingView: Sendable, Encodable {
    public struct Step: Sendable, Encodable {
        public var step = ""
        public var done = false
        public var doneDate: DateText?
        public var file: AttachmentView?
        public init() {}
    }

    public var steps: [Step] = []
    public var complete = false
    public var progress = ProgressMeter(percent: 0, label: "")
    public init() {}
}
