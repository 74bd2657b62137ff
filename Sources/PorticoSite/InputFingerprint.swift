import Crypto
import Foundation
import PorticoPortal

/// Content digests of a build's inputs: the shared part of the store, each client's folder,
/// the theme, the clock key and the settings that shape a portal. A client whose key is the
/// same as in the last build gets the same portal, so it is neither rendered nor rewritten.
struct InputFingerprint {
    /// Bump when a change to Portico itself changes output for the same inputs.
    static let generation = "portico-output-1"

    let storeRoot: String

    /// Digest of every file under `path` (relative path and content), in a stable order.
    func digest(of path: String) -> String {
        var hasher = SHA256()
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else { return "absent" }
        if !isDirectory.boolValue {
            hasher.update(data: manager.contents(atPath: path) ?? Data())
        } else if let walker = manager.enumerator(atPath: path) {
            var files: [String] = []
            while let relative = walker.nextObject() as? String { files.append(relative) }
            for relative in files.sorted() {
                let full = path + "/" + relative
                guard manager.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
                hasher.update(data: Data("\(relative)\u{0}".utf8))
                hasher.update(data: SHA256.hash(data: manager.contents(atPath: full) ?? Data()).withUnsafeBytes { Data($0) })
            }
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// The store files every portal depends on.
    func sharedDigest() -> String {
        ["portico.json", "team.json", "guides", "files"].map { digest(of: storeRoot + "/" + $0) }.joined(separator: ":")
    }

    /// What of `client.json` a portal's key needs besides file contents, read once and without
    /// the full loader: the clock key (day and next check-in) and the password its pages are
    /// sealed with, if any (a new password means new ciphertext).
    func clientKeyParts(client id: String, defaultTimeZone: String, now: Date, environment: [String: String]) -> [String] {
        let path = storeRoot + "/clients/\(id)/client.json"
        guard let data = FileManager.default.contents(atPath: path),
              let record = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return ["unreadable"] }
        let zone = record["timezone"] as? String ?? defaultTimeZone
        let checkIn = (record["communication"] as? [String: Any])?["checkIn"] as? String
        let variable = (record["portal"] as? [String: Any])?["passwordEnv"] as? String
        let password = variable.flatMap { environment[$0] } ?? ""
        return [PortalClock.key(timeZone: zone, checkIn: checkIn, now: now),
                SHA256.hash(data: Data(password.utf8)).map { String(format: "%02x", $0) }.joined()]
    }

    static func combine(_ parts: [String]) -> String {
        SHA256.hash(data: Data(parts.joined(separator: "\u{1F}").utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
