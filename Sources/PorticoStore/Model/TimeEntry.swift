public struct TimeEntry: Sendable {
    public var date: StoreDate
    public var hours: Double
    /// Team id.
    public var by: String
    /// Internal when the entry is non-billable or its ticket is private.
    public var note: String?
    public var billable: Bool
    public var location: SourceLocation
}
