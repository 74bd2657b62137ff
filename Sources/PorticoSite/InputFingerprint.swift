import Crypto
import Foundation
import PorticoPortal
import PorticoStore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Content digests of a build's inputs: the shared part of the store, each client's folder,
/// the theme, the clock key and the settings that shape a portal. A client whose key is the
/// same as in the last build gets the same portal, so it is neither rendered nor rewritten.
///
/// Keys depend on file contents only (the same store gives the same keys on any machine), but
/// a file is read only when needed: the digest of a file whose metadata (device, inode, size,
/// modification and change times) is as recorded in `known` is taken from there. `digests`
/// holds what this fingerprint saw, for the next build's cache.
struct InputFingerprint: Sendable {
    /// Bump when a change to Portico itself changes output for the same inputs.
    static let generation = "portico-output-1"

    let storeRoot: String
    private let known: FileDigests
    private let seen = DigestRecorder()
    private let settledBefore: FileTime?
    /// The store folder with symlinks resolved (symlinked folders are followed only inside it).
    private let realRoot: String

    /// `known`: the digests the last build recorded. `settledBefore` is for tests: files changed
    /// before it count as settled (by default, files changed over two seconds before a walk).
    init(storeRoot: String, known: FileDigests? = nil, settledBefore: FileTime? = nil) {
        self.storeRoot = storeRoot
        self.known = known ?? FileDigests()
        self.settledBefore = settledBefore
        realRoot = URL(fileURLWithPath: storeRoot).resolvingSymlinksInPath().path
    }

    private init(storeRoot: String, realRoot: String, known: FileDigests, settledBefore: FileTime?) {
        self.storeRoot = storeRoot
        self.realRoot = realRoot
        self.known = known
        self.settledBefore = settledBefore
    }

    /// A fingerprint of the same store with the last build's digests (known once the cache has
    /// been read, after the listing): the store's real path is not worked out again.
    func knowing(_ known: FileDigests?, settledBefore: FileTime? = nil) -> InputFingerprint {
        InputFingerprint(storeRoot: storeRoot, realRoot: realRoot, known: known ?? FileDigests(), settledBefore: settledBefore)
    }

    /// The digests this fingerprint used that may be trusted later (see `FileDigests`).
    var digests: FileDigests { seen.table }

    /// Whether `digests` holds entries `known` lacked (files read and settled): worth saving
    /// even when nothing else is written, or the next build reads those files again.
    var learnedDigests: Bool { seen.learned }

    /// Digest of every file under `path` (relative path and content), in a stable order.
    func digest(of path: String) -> String {
        digest(of: listing(of: path))
    }

    /// What is under `path`, with stamps (no file read, no digest looked up): the part of a
    /// fingerprint that needs no cache, done while the cache is read.
    func listing(of path: String) -> StoreListing {
        StoreListing(path, realRoot: realRoot)
    }

    /// The digest of what `listing` found: the root's recorded digest when its stamps are as
    /// recorded, else each file's (see `DigestWalk`), recording the root when all were settled.
    func digest(of listing: StoreListing) -> String {
        let path = listing.path
        // Folders only: a shared file's entry lives in the store folder's line beside others.
        let summarised = listing.root == .folder && !listing.hasLinks
        if summarised, let summary = known.roots[path], summary.stamps == listing.stamps {
            seen.carry(root: path, folders: listing.folders, from: known)
            return summary.digest
        }
        let walk = DigestWalk(known: known, seen: seen, trustedBefore: settledBefore ?? FileTime.now().minus(seconds: 2))
        let (digest, settled) = walk.digest(of: listing)
        if summarised, settled {
            seen.record(root: path, FileDigests.Root(stamps: listing.stamps, digest: digest))
            seen.noteLearned()
        }
        return digest
    }

    /// The store files every portal depends on.
    static func sharedPaths(storeRoot: String) -> [String] {
        ["portico.json", "team.json", "guides", "files"].map { storeRoot + "/" + $0 }
    }

    /// What of `client.json` a portal's key needs besides file contents, read once and without
    /// the full loader: the clock key (day and next check-in) and the password its pages are
    /// sealed with, if any (a new password means new ciphertext).
    func clientKeyParts(client id: String, defaultTimeZone: String, now: Date, environment: [String: String]) -> [String] {
        let path = storeRoot + "/clients/\(id)/client.json"
        // Plain system calls: a rebuild reads every client's file (Foundation's read costs several times as much).
        guard let bytes = FileStatus.contents(path, followingLinks: true),
              let record = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else { return ["unreadable"] }
        let zone = record["timezone"] as? String ?? defaultTimeZone
        let checkIn = (record["communication"] as? [String: Any])?["checkIn"] as? String
        let variable = (record["portal"] as? [String: Any])?["passwordEnv"] as? String
        let password = variable.flatMap { environment[$0] } ?? ""
        return [PortalClock.key(timeZone: zone, checkIn: checkIn, now: now),
                Self.hex(SHA256.hash(data: Data(password.utf8)))]
    }

    static func combine(_ parts: [String]) -> String {
        hex(SHA256.hash(data: Data(parts.joined(separator: "\u{1F}").utf8)))
    }

    /// Lowercase hex of `bytes` (what `String(format: "%02x")` per byte gives, without its cost).
    static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in bytes {
            text.append(hexDigits[Int(byte >> 4)])
            text.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
