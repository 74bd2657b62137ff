/// A person as a client may see them: a name and a role, or a contact of the client's own.
public struct PersonView: Sendable, Encodable, Hashable {
    public var name: String
    public var role: String?
    public var isClient: Bool
    public var initials: String
    public init(name: String, role: String?, isClient: Bool) {
        self.name = name
        self.role = role
        self.isClient = isClient
        self.initials = String(name.split(separator: " ").prefix(2).compactMap(\.first)).uppercased()
    }
}
