/// The shell of an encrypted page: it carries the page's ciphertext and asks for the password
/// (or reads the key from the link) in the browser. It shows nothing of the client.
public struct LockedPage: Sendable, Encodable {
    public var lang = "en"
    public var assets = ""
    public var stylesheet = ""
    public var script = ""
    public var favicon = ""
    /// `password` or `key`.
    public var mode = ""
    public var isPassword = false
    public var salt = ""
    public var iterations = 0
    /// Portal folder: scopes the key kept in the browser's session storage.
    public var scope = ""
    /// Base64 of nonce, ciphertext and tag.
    public var payload = ""
    public var t: [String: String] = [:]
    public init() {}
}
