/// Invoices and hours by month against the retainer.
public struct BillingPage: Sendable, Encodable {
    public struct Month: Sendable, Encodable {
        public var label = ""
        public var hours = ""
        public var percent = 0
        public var barPercent = 0
        public var over = false
        /// False without a retainer: the month shows its hours only.
        public var hasBar = true
        public init() {}
    }

    public var page: PageChrome
    public var invoices: [InvoiceRow] = []
    public var outstanding: [String] = []
    public var retainer: String?
    public var months: [Month] = []
    /// Link to `time.csv`, the billable time entries (nil for encrypted portals).
    public var timeExport: String?
    public init(page: PageChrome) { self.page = page }
}
