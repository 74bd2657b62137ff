/// One invoice, printable.
public struct InvoicePage: Sendable, Encodable {
    public struct Line: Sendable, Encodable {
        public var text = ""
        public var quantity = ""
        public var price = ""
        public var amount = ""
        public init() {}
    }

    public var page: PageChrome
    public var number = ""
    public var status = Badge(label: "", key: "", icon: "")
    public var issued = DateText(text: "", iso: "")
    public var due: DateText?
    public var paid: DateText?
    public var billTo = ""
    public var from = ""
    public var lines: [Line] = []
    public var subtotal = ""
    public var taxLabel: String?
    public var tax: String?
    public var total = ""
    public var payURL: String?
    public init(page: PageChrome) { self.page = page }
}
