/// A whole loaded store. Plain values: nothing here renders or writes.
public struct Store: Sendable {
    /// Absolute path of the store folder.
    public var root: String
    /// How the store folder is named in messages, e.g. `Content`.
    public var displayRoot: String
    public var settings: Settings
    public var team: [TeamMember]
    public var sharedGuides: [Guide]
    public var clients: [Client]

    public func member(_ id: String) -> TeamMember? { team.first { $0.id == id } }
}
