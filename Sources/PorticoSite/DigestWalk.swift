import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One walk over a file or folder: names in byte order, folders depth first. Symlinks are
/// followed (a symlinked folder only when it stays inside the store, and never into a folder
/// already being walked), their target text is part of the digest too.
struct DigestWalk {
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
            let name = withUnsafeBytes(of: &entry.pointee.d_name) { raw -> [CChar]? in
                let bytes = raw.bindMemory(to: CChar.self)
                // `.` and `..` are not entries.
                if bytes[0] == 0x2E, bytes[1] == 0 || (bytes[1] == 0x2E && bytes[2] == 0) { return nil }
                return Array(bytes[...(bytes.firstIndex(of: 0) ?? bytes.count - 1)])
            }
            guard let name else { continue }
            names.append((name, entry.pointee.d_type))
        }
        // Byte order (`strcmp` compares bytes as unsigned, up to the NUL).
        names.sort { strcmp($0.name, $1.name) < 0 }

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
        var record: [UInt8] = []
        record.reserveCapacity(prefix.count + 512)
        for (cName, type) in names {
            let name = cName.withUnsafeBufferPointer { buffer in
                String(decoding: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[..<(buffer.count - 1)]), as: UTF8.self)
            }
            // `relative/name` and its NUL, then what the entry is (a link's target first), hashed
            // as one record: one update per entry, no array per call.
            func update(_ link: [UInt8], _ last: UnsafeRawBufferPointer) {
                record.removeAll(keepingCapacity: true)
                record.append(contentsOf: prefix)
                cName.withUnsafeBytes { record.append(contentsOf: $0) }
                record.append(contentsOf: link)
                record.append(contentsOf: last)
                record.withUnsafeBytes { hasher.update(bufferPointer: $0) }
            }
            func update(_ link: [UInt8], _ last: [UInt8]) {
                last.withUnsafeBytes { update(link, $0) }
            }
            func update(_ last: [UInt8]) {
                update([], last)
            }
            func update(_ link: [UInt8], _ digest: Digest32) {
                digest.withUnsafeBytes { update(link, $0) }
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
