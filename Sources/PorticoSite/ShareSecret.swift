import PorticoStore

/// The secret that makes portal paths unguessable, read from the variable portico.json names.
public struct ShareSecret: Sendable {
    public var value: String?
    public var warning: String?

    public static func read(_ settings: Settings, environment: [String: String]) -> ShareSecret {
        guard let name = settings.shareSecretEnv, !name.isEmpty else {
            return ShareSecret(value: nil, warning: "warning: portico.json names no 'shareSecretEnv': portal links are guessable (<client-id>)")
        }
        guard let secret = environment[name], !secret.isEmpty else {
            return ShareSecret(value: nil, warning: "warning: $\(name) is not set: portal links are guessable (<client-id>); set it to a long random secret")
        }
        return ShareSecret(value: secret, warning: nil)
    }
}
