import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Content digests (SHA-256) of files by folder and name, each valid while the file's stamp is
/// the recorded one. Only settled files are recorded (changed well before they were read), so
/// an edit can never leave a file with the same stamp and other content.
///
/// And per folder a fingerprint walks (a client's, `guides`, `files`) its content digest with the
/// digest of its listing's stamps (`StoreListing`), recorded when every file in it was settled:
/// a folder listed with the same stamps needs none of its files looked up.
struct FileDigests: Sendable {
    struct Entry: Hashable, Sendable {
        var stamp: FileStamp
        var digest: Digest32
    }

    struct Root: Hashable, Sendable {
        var stamps: Digest32
        var digest: String
    }

    /// Folder path → file name → entry.
    var folders: [String: [String: Entry]] = [:]
    /// Folders as the cache file has them, not parsed yet (most are never needed: their root's
    /// stamps are unchanged); `entries(in:)` parses one on demand.
    var lines: [String: ArraySlice<UInt8>] = [:]
    var roots: [String: Root] = [:]

    /// The entries of `folder`, parsed from its line if need be.
    func entries(in folder: String) -> [String: Entry]? {
        if let entries = folders[folder] { return entries }
        return lines[folder].flatMap { line in line.withUnsafeBufferPointer { CacheReader.folderEntries($0) } }
    }

    /// Every folder's entries (parsing the lines; for tests and counts).
    var allFolders: [String: [String: Entry]] {
        var all = folders
        for folder in lines.keys where all[folder] == nil { all[folder] = entries(in: folder) }
        return all
    }

    var count: Int { allFolders.values.reduce(0) { $0 + $1.count } }
}

/// A SHA-256 digest held inline (no array to allocate per file).
struct Digest32: Hashable, Sendable {
    private var a: UInt64 = 0, b: UInt64 = 0, c: UInt64 = 0, d: UInt64 = 0

    /// The first 32 bytes of `bytes` (zero-filled when shorter).
    init(_ bytes: UnsafeRawBufferPointer) {
        Swift.withUnsafeMutableBytes(of: &self) { target in
            target.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes.prefix(32)))
        }
    }

    init(_ digest: SHA256.Digest) {
        self = digest.withUnsafeBytes { Digest32($0) }
    }

    init(bytes: [UInt8]) {
        self = bytes.withUnsafeBytes { Digest32($0) }
    }

    func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        var copy = self
        return Swift.withUnsafeBytes(of: &copy) { body($0) }
    }

    var bytes: [UInt8] { withUnsafeBytes { Array($0) } }
}

/// Collects the entries a fingerprint used, from any thread.
final class DigestRecorder: @unchecked Sendable {
    private var digests = FileDigests()
    private var learnedAny = false
    private let lock = NSLock()

    /// Notes that an entry was made by reading a file, or a root summarised anew (not taken from
    /// the known digests).
    func noteLearned() {
        lock.lock()
        learnedAny = true
        lock.unlock()
    }

    var learned: Bool {
        lock.lock()
        defer { lock.unlock() }
        return learnedAny
    }

    func record(folder: String, entries: [String: FileDigests.Entry]) {
        guard !entries.isEmpty else { return }
        lock.lock()
        if digests.folders[folder] == nil {
            digests.folders[folder] = entries
        } else {
            digests.folders[folder]!.merge(entries) { _, new in new }
        }
        lock.unlock()
    }

    func record(root: String, _ summary: FileDigests.Root) {
        lock.lock()
        digests.roots[root] = summary
        lock.unlock()
    }

    /// A root whose stamps are as `known` recorded them: its summary and its folders' lines are
    /// kept as they were, unparsed.
    func carry(root: String, folders: [String], from known: FileDigests) {
        lock.lock()
        digests.roots[root] = known.roots[root]
        for folder in folders {
            if let line = known.lines[folder] {
                digests.lines[folder] = line
            } else if let entries = known.folders[folder] {
                digests.folders[folder] = entries
            }
        }
        lock.unlock()
    }

    var table: FileDigests {
        lock.lock()
        defer { lock.unlock() }
        return digests
    }
}
