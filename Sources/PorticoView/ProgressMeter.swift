/// Progress as a whole percentage with its accessible label ("3 of 5 done" is never shown for
/// milestones, since counts could reveal hidden tickets: only the percentage).
public struct ProgressMeter: Sendable, Encodable, Hashable {
    public var percent: Int
    public var label: String
    public init(percent: Int, label: String) {
        self.percent = percent
        self.label = label
    }
}
