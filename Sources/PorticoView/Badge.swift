/// A status or priority as shown: text, an icon character and a CSS key, so state is never
/// told by colour alone.
public struct Badge: Sendable, Encodable, Hashable {
    public var label: String
    /// Stable CSS modifier such as `waiting-on-client`, `overdue`, `paid`.
    public var key: String
    public var icon: String
    public init(label: String, key: String, icon: String) {
        self.label = label
        self.key = key
        self.icon = icon
    }
}
