import Crypto
import Foundation
import PorticoPortal
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

    /// The digests this fingerprint used that may be trusted later (see `FileDigests`).
    var digests: FileDigests { seen.table }

    /// Whether `digests` holds entries `known` lacked (files read and settled): worth saving
    /// even when nothing else is written, or the next build reads those files again.
    var learnedDigests: Bool { seen.learned }

    /// Digest of every file under `path` (relative path and content), in a stable order.
    func digest(of path: String) -> String {
        var walk = DigestWalk(known: known, seen: seen, realRoot: realRoot, trustedBefore: settledBefore ?? FileTime.now().minus(seconds: 2))
        return walk.digest(of: path)
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

/// A file time with nanoseconds, as `stat` gives it.
struct FileTime: Hashable, Comparable, Sendable {
    var seconds: Int64
    var nanoseconds: Int64

    static func < (lhs: FileTime, rhs: FileTime) -> Bool {
        (lhs.seconds, lhs.nanoseconds) < (rhs.seconds, rhs.nanoseconds)
    }

    static func now() -> FileTime {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return FileTime(seconds: Int64(time.tv_sec), nanoseconds: Int64(time.tv_nsec))
    }

    func minus(seconds: Int64) -> FileTime { FileTime(seconds: self.seconds - seconds, nanoseconds: nanoseconds) }
}

/// What identifies one version of a file's content without reading it.
struct FileStamp: Hashable, Sendable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var modified: FileTime
    var changed: FileTime

    init(device: UInt64, inode: UInt64, size: Int64, modified: FileTime, changed: FileTime) {
        self.device = device
        self.inode = inode
        self.size = size
        self.modified = modified
        self.changed = changed
    }

    init(_ info: stat) {
        #if canImport(Darwin)
        let modified = info.st_mtimespec, changed = info.st_ctimespec
        #else
        let modified = info.st_mtim, changed = info.st_ctim
        #endif
        self.init(device: UInt64(truncatingIfNeeded: info.st_dev), inode: UInt64(truncatingIfNeeded: info.st_ino),
                  size: Int64(info.st_size),
                  modified: FileTime(seconds: Int64(modified.tv_sec), nanoseconds: Int64(modified.tv_nsec)),
                  changed: FileTime(seconds: Int64(changed.tv_sec), nanoseconds: Int64(changed.tv_nsec)))
    }

    /// Whether a later change to the file is sure to show in its stamp: both times are well
    /// before `bound` (a change made now gets a later time, even with coarse clock ticks).
    func isSettled(before bound: FileTime) -> Bool {
        modified < bound && changed < bound
    }
}

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

/// One walk over a file or folder: names in byte order, folders depth first. Symlinks are
/// followed (a symlinked folder only when it stays inside the store, and never into a folder
/// already being walked), their target text is part of the digest too.
private struct DigestWalk {
    let known: FileDigests
    let seen: DigestRecorder
    let realRoot: String
    let trustedBefore: FileTime
    private var hasher = SHA256()
    /// Device and inode of the folders being walked, against symlink loops.
    private var walking: [(UInt64, UInt64)] = []

    init(known: FileDigests, seen: DigestRecorder, realRoot: String, trustedBefore: FileTime) {
        self.known = known
        self.seen = seen
        self.realRoot = realRoot
        self.trustedBefore = trustedBefore
    }

    mutating func digest(of path: String) -> String {
        var info = stat()
        guard !path.utf8.contains(0), stat(path, &info) == 0 else { return "absent" }
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
            walkFolder(path, relative: "", depth: 0)
            return InputFingerprint.hex(hasher.finalize())
        case S_IFREG:
            let slash = path.utf8.lastIndex(of: UInt8(ascii: "/"))
            let folder = slash.map { String(Substring(path.utf8[..<$0])) } ?? "."
            let name = slash.map { String(Substring(path.utf8[path.utf8.index(after: $0)...])) } ?? path
            var recorded: [String: FileDigests.Entry] = [:]
            let digest = fileDigest(directory: AT_FDCWD, name: Self.cString(path), folder: folder, entryName: name, info: info,
                                    knownFolder: known.folders[folder], recorded: &recorded)
            seen.record(folder: folder, entries: recorded)
            // An unreadable file counts as empty, as it always has.
            return InputFingerprint.hex(digest?.bytes ?? Array(SHA256.hash(data: Data())))
        default:
            return InputFingerprint.hex(SHA256.hash(data: Data()))
        }
    }

    private mutating func walkFolder(_ folder: String, relative: String, depth: Int) {
        guard depth < 64, !folder.utf8.contains(0) else { return }
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        var folderInfo = stat()
        guard fstat(descriptor, &folderInfo) == 0, let handle = fdopendir(descriptor) else {
            close(descriptor)
            return
        }
        defer { closedir(handle) }
        let identity = (UInt64(truncatingIfNeeded: folderInfo.st_dev), UInt64(truncatingIfNeeded: folderInfo.st_ino))
        if walking.contains(where: { $0 == identity }) { return }
        walking.append(identity)
        defer { walking.removeLast() }

        // Names as C strings (their bytes with the final NUL are also what the digest hashes).
        var names: [(name: [CChar], type: UInt8)] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: &entry.pointee.d_name) { raw -> [CChar] in
                let bytes = raw.bindMemory(to: CChar.self)
                return Array(bytes[...(bytes.firstIndex(of: 0) ?? bytes.count - 1)])
            }
            if name == [0x2E, 0] || name == [0x2E, 0x2E, 0] { continue }
            names.append((name, entry.pointee.d_type))
        }
        names.sort { $0.name.lexicographicallyPrecedes($1.name) { UInt8(bitPattern: $0) < UInt8(bitPattern: $1) } }

        let directory = dirfd(handle)
        let knownFolder = known.folders[folder]
        let prefix: [UInt8] = relative.isEmpty ? [] : Array(relative.utf8) + [UInt8(ascii: "/")]
        // While every file so far had the stamp `knownFolder` gives, nothing is copied: if all
        // did, the folder's entries are recorded as they were.
        var recorded: [String: FileDigests.Entry] = [:]
        var matchedNames: [String] = [], copied = false
        defer {
            if !copied, let knownFolder {
                if matchedNames.count == knownFolder.count {
                    seen.record(folder: folder, entries: knownFolder)
                } else {
                    for name in matchedNames { recorded[name] = knownFolder[name] }
                    seen.record(folder: folder, entries: recorded)
                }
            } else {
                seen.record(folder: folder, entries: recorded)
            }
        }
        for (cName, type) in names {
            let name = cName.withUnsafeBufferPointer { buffer in
                String(decoding: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[..<(buffer.count - 1)]), as: UTF8.self)
            }
            // `relative/name` and its NUL, then what the entry is.
            func update(_ parts: [UInt8]...) {
                hasher.update(data: prefix)
                cName.withUnsafeBytes { hasher.update(bufferPointer: $0) }
                for part in parts { hasher.update(data: part) }
            }
            func update(_ link: [UInt8], _ digest: Digest32) {
                update(link)
                digest.withUnsafeBytes { hasher.update(bufferPointer: $0) }
            }
            func inner() -> String { relative.isEmpty ? name : relative + "/" + name }
            if type == UInt8(DT_DIR) {
                walkFolder(folder + "/" + name, relative: inner(), depth: depth + 1)
                continue
            }
            var info = stat()
            guard fstatat(directory, cName, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
                update(Array("\u{1}unreadable".utf8))
                continue
            }
            var link: [UInt8] = []
            if info.st_mode & S_IFMT == S_IFLNK {
                link = Array("\u{1}link\u{0}".utf8) + readLink(directory, cName) + [0]
                guard fstatat(directory, cName, &info, 0) == 0 else {
                    update(link, Array("dangling".utf8))
                    continue
                }
            }
            switch info.st_mode & S_IFMT {
            case S_IFREG:
                if !copied, let entry = knownFolder?[name], entry.stamp == FileStamp(info) {
                    matchedNames.append(name)
                    update(link, entry.digest)
                    continue
                }
                if !copied, let knownFolder {
                    // The first file that differs: from here on entries are collected one by one.
                    copied = true
                    for name in matchedNames { recorded[name] = knownFolder[name] }
                }
                if let digest = fileDigest(directory: directory, name: cName, folder: folder, entryName: name, info: info,
                                           knownFolder: knownFolder, recorded: &recorded) {
                    update(link, digest)
                } else {
                    update(link, Array("\u{1}unreadable".utf8))
                }
            case S_IFDIR where link.isEmpty:
                // A folder the listing gave no type for.
                walkFolder(folder + "/" + name, relative: inner(), depth: depth + 1)
            case S_IFDIR:
                // A symlinked folder: followed when it stays in the store.
                let path = folder + "/" + name
                if isInsideStore(path) {
                    update(link, Array("folder".utf8))
                    walkFolder(path, relative: inner(), depth: depth + 1)
                } else {
                    update(link, Array("outside".utf8))
                }
            default:
                update(link, Array("\u{1}special".utf8))
            }
        }
    }

    private func isInsideStore(_ path: String) -> Bool {
        let real = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        return real == realRoot || real.hasPrefix(realRoot + "/")
    }

    private func readLink(_ directory: Int32, _ name: [CChar]) -> [UInt8] {
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlinkat(directory, name, &buffer, buffer.count)
        return length > 0 ? buffer[..<length].map { UInt8(bitPattern: $0) } : []
    }

    private static func cString(_ text: String) -> [CChar] {
        text.utf8.map { CChar(bitPattern: $0) } + [0]
    }

    /// The SHA-256 of a regular file's content: from `knownFolder` when its stamp is unchanged,
    /// else read (and recorded when settled). Nil when it cannot be read.
    private func fileDigest(directory: Int32, name: [CChar], folder: String, entryName: String, info: stat,
                            knownFolder: [String: FileDigests.Entry]?,
                            recorded: inout [String: FileDigests.Entry]) -> Digest32? {
        let stamp = FileStamp(info)
        if let entry = knownFolder?[entryName], entry.stamp == stamp {
            recorded[entryName] = entry
            return entry.digest
        }
        // Non-blocking, so a FIFO cannot stall the build (only regular files are read).
        let descriptor = openat(directory, name, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var opened = stat()
        guard fstat(descriptor, &opened) == 0, opened.st_mode & S_IFMT == S_IFREG else { return nil }
        var hasher = SHA256()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let got = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
            if got == 0 { break }
            if got < 0 {
                if errno == EINTR { continue }
                return nil
            }
            buffer.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[..<got])) }
        }
        let digest = Digest32(hasher.finalize())
        // The stamp of the file as opened: a change after this shows in a later stamp.
        let readStamp = FileStamp(opened)
        if readStamp.isSettled(before: trustedBefore) {
            recorded[entryName] = FileDigests.Entry(stamp: readStamp, digest: digest)
            seen.noteLearned()
        }
        return digest
    }
}
