/// `portico.json`: the agency and the defaults every client inherits.
public struct Settings: Sendable {
    public struct Agency: Sendable {
        public var name: String
        public var email: String?
        public var url: String?
        /// Store-relative path of the logo, e.g. `files/logo.svg`.
        public var logo: String?
    }

    public var agency: Agency
    public var baseURL: String
    public var timezone: String
    public var locale: String
    /// The name of the environment variable holding the share secret (never the secret itself).
    public var shareSecretEnv: String?
}
