/// The regular check-in, in the client's time zone with the agency's beside it.
public struct CheckInView: Sendable, Encodable {
    public var schedule = ""
    public var next: String?
    public var nextISO: String?
    public var agencyTime: String?
    public init() {}
}
