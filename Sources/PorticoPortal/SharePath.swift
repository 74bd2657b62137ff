import Crypto
import Foundation

/// The unguessable folder of a client's portal: `<client-id>-<token>`, where the token is the
/// first 20 characters of the lowercase base32 (RFC 4648) of
/// HMAC-SHA256(secret, "<client-id>:<linkVersion>"). Without a secret the folder is the id.
public enum SharePath {
    public static func folder(clientID: String, linkVersion: Int, secret: String?) -> String {
        guard let secret, !secret.isEmpty else { return clientID }
        return clientID + "-" + token(clientID: clientID, linkVersion: linkVersion, secret: secret)
    }

    public static func token(clientID: String, linkVersion: Int, secret: String) -> String {
        let key = SymmetricKey(data: Data(secret.utf8))
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(clientID):\(linkVersion)".utf8), using: key)
        return String(base32(Array(mac)).prefix(20))
    }

    /// RFC 4648 base32, lowercase, without padding.
    public static func base32(_ bytes: [UInt8]) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567")
        var output = ""
        var buffer = 0, bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | Int(byte)
            bits += 8
            while bits >= 5 {
                output.append(alphabet[(buffer >> (bits - 5)) & 31])
                bits -= 5
            }
            buffer &= (1 << bits) - 1
        }
        if bits > 0 { output.append(alphabet[(buffer << (5 - bits)) & 31]) }
        return output
    }
}
