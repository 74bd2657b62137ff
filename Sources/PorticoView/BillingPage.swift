/// Invoices and hours by month against the retainer.
public struct BillingPage: Sendable {
    public struct Month: Sendable {
        public var label = ""
        public var hours = ""
        public var percent = 0
        public var barPercent = 0
        public var over = false
        public init() {}
    }

    public var page: PageChrome
    public var invoices: [InvoiceRow] = []
    public var outstanding: [String] = []
    public var retainer: String?
    public var months: [Month] = []
    public init(page: PageChrome) { self.page = page }
}
