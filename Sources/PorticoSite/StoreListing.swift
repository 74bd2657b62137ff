import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a walk finds under one store path before any file is read: every entry with its stamp,
/// names in byte order, folders depth first. Symlinks are followed (a symlinked folder only when
/// it stays inside the store, and never into a folder already being walked).
///
/// Its `stamps` digest covers each entry's path, link target, kind and stamp: when it equals the
/// one recorded with a root's content digest, and every file was settled then, every file is as
/// it was, so the content digest is too. A build with nothing changed compares these, one per
/// client, instead of looking up each file's digest (see `InputFingerprint`).
struct StoreListing: Sendable {
    enum Kind: UInt8, Sendable {
        /// A regular file (directly or through a link); its content is part of the digest.
        case file
        /// `stat` failed.
        case unreadable
        /// A link whose target is missing.
        case dangling
        /// A linked folder inside the store (walked: its entries follow).
        case linkedFolder
        /// A linked folder outside the store (not walked).
        case outside
        /// A FIFO, socket or device.
        case special
    }

    struct Entry: Sendable {
        var kind: Kind
        /// Index in `folders` of the folder the entry is in.
        var folder: Int32
        /// In `bytes`: the entry's name.
        var name: Range<Int32>
        /// In `bytes`: the start of its digest record, the path relative to the root and a NUL,
        /// then for a link `\u{1}link`, NUL, its target and NUL.
        var head: Range<Int32>
        var stamp: FileStamp
    }

    enum Root: Sendable {
        case absent, folder, file, other
    }

    let path: String
    private(set) var root: Root = .absent
    /// Absolute paths of the folders walked, in walk order.
    private(set) var folders: [String] = []
    private(set) var entries: [Entry] = []
    private(set) var bytes: [UInt8] = []
    /// Whether a link was followed: a root with one has no summary (where a link leads can
    /// change without any entry here changing).
    private(set) var hasLinks = false
    private(set) var stamps = Digest32(bytes: [])

    /// Lists `path` (a folder, a file, or nothing). `realRoot`: the store with links resolved.
    init(_ path: String, realRoot: String) {
        self.path = path
        var hasher = SHA256()
        defer { stamps = Digest32(hasher.finalize()) }
        var info = stat()
        guard !path.utf8.contains(0), stat(path, &info) == 0 else { return }
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
            root = .folder
            var walk = Walk(realRoot: realRoot)
            walk.folder(path, relative: [], depth: 0, into: &self, parent: AT_FDCWD, name: nil)
            // Each entry as one record: its kind, its head's length and bytes, and a file's stamp.
            var record: [UInt8] = []
            for entry in entries {
                record.removeAll(keepingCapacity: true)
                record.append(entry.kind.rawValue)
                withUnsafeBytes(of: UInt32(entry.head.count).littleEndian) { record.append(contentsOf: $0) }
                record.append(contentsOf: text(entry.head))
                if entry.kind == .file { entry.stamp.append(to: &record) }
                record.withUnsafeBytes { hasher.update(bufferPointer: $0) }
            }
        case S_IFREG:
            root = .file
            let stamp = FileStamp(info)
            entries = [Entry(kind: .file, folder: 0, name: 0..<0, head: 0..<0, stamp: stamp)]
            var record: [UInt8] = []
            stamp.append(to: &record)
            record.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        default:
            root = .other
        }
    }

    /// The bytes of `range` in `bytes`.
    func text(_ range: Range<Int32>) -> ArraySlice<UInt8> { bytes[Int(range.lowerBound)..<Int(range.upperBound)] }

    /// The name of `entry` as a string (a key of `FileDigests`).
    func name(of entry: Entry) -> String { String(decoding: text(entry.name), as: UTF8.self) }

    /// Appends an entry: `name` is its name with the final NUL (the record has the NUL too).
    private mutating func append(_ kind: Kind, folder: Int, name: UnsafeRawBufferPointer, relative: [UInt8], link: [UInt8],
                                 stamp: FileStamp) {
        let nameStart = Int32(bytes.count)
        bytes.append(contentsOf: name.dropLast())
        let headStart = Int32(bytes.count)
        bytes.append(contentsOf: relative)
        bytes.append(contentsOf: name)
        bytes.append(contentsOf: link)
        entries.append(Entry(kind: kind, folder: Int32(folder), name: nameStart..<headStart, head: headStart..<Int32(bytes.count),
                             stamp: stamp))
    }

    /// The recursive part, with the folders being walked (against symlink loops).
    private struct Walk {
        let realRoot: String
        var walking: [(UInt64, UInt64)] = []

        /// `parent` and `name`: the folder as an entry of its parent's open descriptor (the kernel
        /// then looks up one name, not the whole path); nil for the root, opened by its path.
        mutating func folder(_ folder: String, relative: [UInt8], depth: Int, into listing: inout StoreListing,
                             parent: Int32, name: UnsafePointer<CChar>?) {
            guard depth < 64, !folder.utf8.contains(0) else { return }
            let descriptor = name.map { openat(parent, $0, O_RDONLY | O_DIRECTORY | O_CLOEXEC) } ?? open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
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

            // Names with their final NUL, one after the other in one buffer (no array per name).
            var nameBytes: [UInt8] = []
            var names: [(start: Int32, count: Int32, type: UInt8)] = []
            while let entry = readdir(handle) {
                withUnsafeBytes(of: &entry.pointee.d_name) { raw in
                    // `.` and `..` are not entries.
                    if raw[0] == 0x2E, raw[1] == 0 || (raw[1] == 0x2E && raw[2] == 0) { return }
                    let length = (raw.firstIndex(of: 0) ?? raw.count - 1) + 1
                    names.append((Int32(nameBytes.count), Int32(length), entry.pointee.d_type))
                    nameBytes.append(contentsOf: raw[..<length])
                }
            }
            nameBytes.withUnsafeBufferPointer { all in
                // Byte order, as `strcmp` compares (bytes as unsigned, up to the NUL).
                names.sort { strcmp(UnsafeRawPointer(all.baseAddress! + Int($0.start)).assumingMemoryBound(to: CChar.self),
                                    UnsafeRawPointer(all.baseAddress! + Int($1.start)).assumingMemoryBound(to: CChar.self)) < 0 }
            }

            let directory = dirfd(handle)
            let index = listing.folders.count
            listing.folders.append(folder)
            let prefix: [UInt8] = relative.isEmpty ? [] : relative + [UInt8(ascii: "/")]
            let none = FileStamp(device: 0, inode: 0, size: 0, modified: FileTime(seconds: 0, nanoseconds: 0),
                                 changed: FileTime(seconds: 0, nanoseconds: 0))
            nameBytes.withUnsafeBytes { all in
                for (start, count, type) in names {
                    let name = UnsafeRawBufferPointer(rebasing: all[Int(start)..<Int(start + count)])
                    let cName = name.baseAddress!.assumingMemoryBound(to: CChar.self)
                    func inner() -> [UInt8] { prefix + name.dropLast() }
                    func path() -> String { folder + "/" + String(decoding: name.dropLast(), as: UTF8.self) }
                    if type == UInt8(DT_DIR) {
                        self.folder(path(), relative: inner(), depth: depth + 1, into: &listing, parent: directory, name: cName)
                        continue
                    }
                    var info = stat()
                    guard fstatat(directory, cName, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
                        listing.append(.unreadable, folder: index, name: name, relative: prefix, link: [], stamp: none)
                        continue
                    }
                    var link: [UInt8] = []
                    if info.st_mode & S_IFMT == S_IFLNK {
                        listing.hasLinks = true
                        link = Array("\u{1}link\u{0}".utf8) + Self.readLink(directory, cName) + [0]
                        guard fstatat(directory, cName, &info, 0) == 0 else {
                            listing.append(.dangling, folder: index, name: name, relative: prefix, link: link, stamp: none)
                            continue
                        }
                    }
                    switch info.st_mode & S_IFMT {
                    case S_IFREG:
                        listing.append(.file, folder: index, name: name, relative: prefix, link: link, stamp: FileStamp(info))
                    case S_IFDIR where link.isEmpty:
                        // A folder the listing gave no type for.
                        self.folder(path(), relative: inner(), depth: depth + 1, into: &listing, parent: directory, name: cName)
                    case S_IFDIR:
                        // A symlinked folder: followed when it stays in the store.
                        let target = path()
                        if isInsideStore(target) {
                            listing.append(.linkedFolder, folder: index, name: name, relative: prefix, link: link, stamp: none)
                            self.folder(target, relative: inner(), depth: depth + 1, into: &listing, parent: directory, name: cName)
                        } else {
                            listing.append(.outside, folder: index, name: name, relative: prefix, link: link, stamp: none)
                        }
                    default:
                        listing.append(.special, folder: index, name: name, relative: prefix, link: link, stamp: none)
                    }
                }
            }
        }

        private func isInsideStore(_ path: String) -> Bool {
            let real = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
            return real == realRoot || real.hasPrefix(realRoot + "/")
        }

        private static func readLink(_ directory: Int32, _ name: UnsafePointer<CChar>) -> [UInt8] {
            var buffer = [CChar](repeating: 0, count: 4096)
            let length = readlinkat(directory, name, &buffer, buffer.count)
            return length > 0 ? buffer[..<length].map { UInt8(bitPattern: $0) } : []
        }
    }
}

extension FileStamp {
    /// Its fields' bytes, in a fixed layout (for a digest of stamps).
    func append(to record: inout [UInt8]) {
        var fields = (device, inode, size, modified.seconds, modified.nanoseconds, changed.seconds, changed.nanoseconds)
        withUnsafeBytes(of: &fields) { record.append(contentsOf: $0) }
    }
}
