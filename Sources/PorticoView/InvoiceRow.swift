/// An invoice in a list.
public struct InvoiceRow: Sendable, Encodable {
    public var number = ""
    public var href = ""
    public var issued = DateText(text: "", iso: "")
    public var due: DateText?
    public var status = Badge(label: "", key: "", icon: "")
    public var total = ""
    public var outstanding: String?
    public init() {}
}
