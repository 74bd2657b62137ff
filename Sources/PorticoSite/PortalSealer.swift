import Crypto
import Foundation

/// AES-256-GCM for the pages and files of an encrypted portal, in the layout the browser's
/// WebCrypto code reads: 12-byte nonce, then ciphertext and 16-byte tag.
/// Nonces are synthetic (HMAC of the path and the plaintext under the key): rebuilding an
/// unchanged page gives the same bytes, and different plaintexts never share a nonce.
struct PortalSealer {
    let lock: PortalLock

    func seal(_ plaintext: Data, path: String) -> Data {
        let digest = SHA256.hash(data: plaintext)
        var material = Data("portico-nonce:\(path):".utf8)
        material.append(contentsOf: digest)
        let mac = HMAC<SHA256>.authenticationCode(for: material, using: lock.key)
        let nonce = try! AES.GCM.Nonce(data: Data(mac.prefix(12)))
        let box = try! AES.GCM.seal(plaintext, using: lock.key, nonce: nonce)
        return Data(nonce) + box.ciphertext + box.tag
    }

    /// An attachment: its media type on the first line, then its bytes.
    func sealFile(_ bytes: Data, mimeType: String, path: String) -> Data {
        seal(Data((mimeType + "\n").utf8) + bytes, path: path)
    }

    func open(_ sealed: Data) -> Data? {
        guard sealed.count >= 28, let box = try? AES.GCM.SealedBox(combined: sealed) else { return nil }
        return try? AES.GCM.open(box, using: lock.key)
    }

    func openFile(_ sealed: Data) -> Data? {
        guard let plain = open(sealed), let newline = plain.firstIndex(of: 0x0A) else { return nil }
        return plain[plain.index(after: newline)...]
    }
}
