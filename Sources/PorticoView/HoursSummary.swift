/// Billable hours this month against the retainer, and the last 12 weeks.
public struct HoursSummary: Sendable, Encodable {
    /// One week of the chart, as a table row for readers who cannot see the chart.
    public struct Week: Sendable, Encodable {
        public var label = ""
        public var hours = ""
        public var current = false
        public init() {}
    }

    public var used = ""
    public var included = ""
    public var percent = 0
    /// Width for the bar, capped at 100.
    public var barPercent = 0
    public var over = false
    public var label = ""
    public var month = ""
    /// False when the client has no retainer: hours are shown without a bar.
    public var hasRetainer = true
    /// The last 12 weeks as inline SVG drawn at build time; empty when there is nothing to draw.
    public var chartHTML = ""
    public var weeks: [Week] = []
    /// Billable hours over the 12 weeks ("48.5 h").
    public var weeksTotal = ""
    public init() {}
}
