/// A person of the agency. Portals show `name` and `role` only; `email` and `hourlyCost` are internal.
public struct TeamMember: Sendable {
    public var id: String
    public var name: String
    public var role: String?
    public var email: String?
    public var hourlyCost: Double?
}
