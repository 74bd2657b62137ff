import Foundation
import PorticoStore

/// Reads output files for the audit, decrypting those of encrypted portals so their contents
/// are checked too: page shells yield the page inside, `.bin` attachments their bytes, other
/// generated files their plaintext (a file that does not open is reported by the audit).
struct SealedOutputReader: Sendable {
    let root: String
    /// Top-level entries read from another folder than `root` (what a build left in place).
    var elsewhere: [String: String] = [:]
    /// Portal folder to its lock.
    let locks: [String: PortalLock]

    func read(_ relative: String) -> Data? {
        let folder = String(relative.prefix { $0 != "/" })
        // Plain system calls: the audit reads back every file a build did not check in memory.
        guard let data = FileStatus.contents((elsewhere[folder] ?? root) + "/" + relative, followingLinks: true).map({ Data($0) }) else { return nil }
        guard relative.contains("/"), let lock = locks[folder] else { return data }
        // The portal's stamp is written in the clear (it names inputs, not content).
        if relative == folder + "/" + OutputWriter.portalStamp { return data }
        let sealer = PortalSealer(lock: lock)
        if relative.hasSuffix(".bin") { return sealer.openFile(data).map { Data($0) } }
        guard relative.hasSuffix(".html") else { return sealer.open(data) }
        let html = String(decoding: data, as: UTF8.self)
        guard let match = html.firstMatch(of: /id="portico-payload"[^>]*>([A-Za-z0-9+\/=\s]+)</),
              let sealed = Data(base64Encoded: String(match.1).filter { !$0.isWhitespace }) else { return nil }
        return sealer.open(sealed)
    }
}
