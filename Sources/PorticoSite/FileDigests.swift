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
struct FileDigests: Sendable {
    struct Entry: Hashable, Sendable {
        var stamp: FileStamp
        var digest: Digest32
    }

    /// Folder path → file name → entry.
    var folders: [String: [String: Entry]] = [:]

    var count: Int { folders.values.reduce(0) { $0 + $1.count } }
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
    private var folders: [String: [String: FileDigests.Entry]] = [:]
    private var learnedAny = false
    private let lock = NSLock()

    /// Notes that an entry was made by reading a file (not taken from the known digests).
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
        if folders[folder] == nil {
            folders[folder] = entries
        } else {
            folders[folder]!.merge(entries) { _, new in new }
        }
        lock.unlock()
    }

    var table: FileDigests {
        lock.lock()
        defer { lock.unlock() }
        return FileDigests(folders: folders)
    }
}
