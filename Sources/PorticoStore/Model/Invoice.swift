public struct Invoice: Sendable {
    public enum Status: String, Sendable, CaseIterable {
        case draft, sent, paid, overdue, void
    }

    public struct Line: Sendable {
        public var text: String
        public var quantity: Double
        public var unit: String?
        public var price: Double
    }

    public var number: String
    public var issued: StoreDate
    public var due: StoreDate?
    public var currency: String
    public var lines: [Line]
    public var taxRate: Double?
    public var status: Status
    public var paid: StoreDate?
    public var payURL: String?
    public var isPrivate: Bool
    public var source: String?
    public var location: SourceLocation
}
