/// Billable hours this month against the retainer.
public struct HoursSummary: Sendable {
    public var used = ""
    public var included = ""
    public var percent = 0
    /// Width for the bar, capped at 100.
    public var barPercent = 0
    public var over = false
    public var label = ""
    public var month = ""
    public init() {}
}
