import Crypto
import _CryptoExtras
import Foundation
import PorticoStore

/// The key of an encrypted portal (`portal.access` `password` or `key`) and what a browser needs
/// to derive it again. Keys are derived, never stored: from the password read from
/// `portal.passwordEnv` (PBKDF2-SHA256), or from the share secret (key-in-link portals).
public struct PortalLock: Sendable {
    public enum Mode: String, Sendable { case password, key }

    /// PBKDF2 rounds: OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256.
    public static let iterations = 600_000

    public var mode: Mode
    /// The raw 256-bit key.
    public var keyData: Data
    public var key: SymmetricKey { SymmetricKey(data: keyData) }
    /// PBKDF2 salt (password portals), unique per client and link version.
    public var salt: Data
    /// Salt for the opaque names of attachments.
    public var nameSalt: String

    /// The `#k=…` fragment that carries the key of a key-in-link portal.
    public var linkFragment: String? {
        guard mode == .key else { return nil }
        return "#k=" + keyData.base64URLEncoded
    }

    /// The lock for `client`, nil for link portals. Throws when a password or secret is missing:
    /// an encrypted portal is never published in the clear instead.
    public static func resolve(_ client: Client, secret: String?, baseURL: String,
                               environment: [String: String]) throws(BuildFailure) -> PortalLock? {
        let scope = "\(client.id):\(client.portal.linkVersion)"
        switch client.portal.access {
        case .link:
            return nil
        case .key:
            guard let secret, !secret.isEmpty else {
                throw .output("\(client.id): a key-in-link portal needs the share secret (portico.json's shareSecretEnv) to derive its key; nothing was published")
            }
            return PortalLock(mode: .key, keyData: mac(secret, "portico-key:" + scope), salt: Data(),
                              nameSalt: mac(secret, "portico-names:" + scope).hex)
        case .password:
            let variable = client.portal.passwordEnv ?? ""
            guard let password = environment[variable], !password.isEmpty else {
                throw .output("\(client.id): the password portal's variable $\(variable) is not set; nothing was published (never a fallback to plain pages)")
            }
            // Unique per client and link version, and unpredictable when a secret is set.
            let salt = Data(mac(secret ?? baseURL, "portico-salt:" + scope).prefix(16))
            let key: SymmetricKey
            do {
                key = try KDF.Insecure.PBKDF2.deriveKey(from: Data(password.utf8), salt: salt, using: .sha256,
                                                        outputByteCount: 32, rounds: iterations)
            } catch {
                throw .output("\(client.id): cannot derive the portal key: \(error)")
            }
            return PortalLock(mode: .password, keyData: key.withUnsafeBytes { Data($0) }, salt: salt,
                              nameSalt: mac(secret ?? baseURL, "portico-names:" + scope).hex)
        }
    }

    private static func mac(_ secret: String, _ message: String) -> Data {
        Data(HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: SymmetricKey(data: Data(secret.utf8))))
    }
}

extension Data {
    var base64URLEncoded: String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    var hex: String { InputFingerprint.hex(self) }
}
