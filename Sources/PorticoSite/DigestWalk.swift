import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The content digest of what a `StoreListing` found: each entry's record (its relative path, a
/// link's target, and the SHA-256 of a file's content or what else it is) hashed in listing order.
/// A file's digest comes from `known` while its stamp is the recorded one, else it is read.
struct DigestWalk {
    let known: FileDigests
    let seen: DigestRecorder
    let trustedBefore: FileTime

    /// The digest, and whether every file in it had a settled digest (taken from `known`, or
    /// read with the stamp it was listed with): only then may it be summarised by its stamps.
    func digest(of listing: StoreListing) -> (digest: String, settled: Bool) {
        switch listing.root {
        case .absent:
            return ("absent", false)
        case .other:
            return (InputFingerprint.hex(SHA256.hash(data: Data())), false)
        case .file:
            let path = listing.path
            let slash = path.utf8.lastIndex(of: UInt8(ascii: "/"))
            let folder = slash.map { String(Substring(path.utf8[..<$0])) } ?? "."
            let name = slash.map { String(Substring(path.utf8[path.utf8.index(after: $0)...])) } ?? path
            var recorded: [String: FileDigests.Entry] = [:]
            let digest = fileDigest(path: path, name: name, stamp: listing.entries[0].stamp, knownFolder: known.entries(in: folder),
                                    recorded: &recorded)
            seen.record(folder: folder, entries: recorded)
            // An unreadable file counts as empty, as it always has.
            return (InputFingerprint.hex(digest?.bytes ?? Array(SHA256.hash(data: Data()))), recorded[name] != nil)
        case .folder:
            return folderDigest(listing)
        }
    }

    private func folderDigest(_ listing: StoreListing) -> (digest: String, settled: Bool) {
        var hasher = SHA256()
        var settled = true
        var record: [UInt8] = []
        record.reserveCapacity(512)
        // Per folder: its known entries, and what this walk records for it.
        var current = -1
        var knownFolder: [String: FileDigests.Entry]?
        var recorded: [String: FileDigests.Entry] = [:]
        func finishFolder() {
            guard current >= 0 else { return }
            seen.record(folder: listing.folders[current], entries: recorded)
            recorded = [:]
        }
        for entry in listing.entries {
            if Int(entry.folder) != current {
                finishFolder()
                current = Int(entry.folder)
                knownFolder = known.entries(in: listing.folders[current])
            }
            // The entry's head (relative path, NUL, a link's target), then what it is: one update.
            func update(_ last: UnsafeRawBufferPointer) {
                record.removeAll(keepingCapacity: true)
                record.append(contentsOf: listing.text(entry.head))
                record.append(contentsOf: last)
                record.withUnsafeBytes { hasher.update(bufferPointer: $0) }
            }
            func update(_ last: StaticString) {
                update(UnsafeRawBufferPointer(start: last.utf8Start, count: last.utf8CodeUnitCount))
            }
            switch entry.kind {
            case .file:
                let name = listing.name(of: entry)
                if let digest = fileDigest(path: listing.folders[current] + "/" + name, name: name, stamp: entry.stamp,
                                           knownFolder: knownFolder, recorded: &recorded) {
                    digest.withUnsafeBytes { update($0) }
                } else {
                    update("\u{1}unreadable")
                }
                if recorded[name] == nil { settled = false }
            case .unreadable: update("\u{1}unreadable"); settled = false
            case .dangling: update("dangling")
            case .linkedFolder: update("folder")
            case .outside: update("outside")
            case .special: update("\u{1}special")
            }
        }
        finishFolder()
        return (InputFingerprint.hex(hasher.finalize()), settled)
    }

    /// The SHA-256 of a regular file's content: from `knownFolder` when its stamp is unchanged,
    /// else read (and recorded when settled and as listed). Nil when it cannot be read.
    private func fileDigest(path: String, name: String, stamp: FileStamp, knownFolder: [String: FileDigests.Entry]?,
                            recorded: inout [String: FileDigests.Entry]) -> Digest32? {
        if let entry = knownFolder?[name], entry.stamp == stamp {
            recorded[name] = entry
            return entry.digest
        }
        // Non-blocking, so a FIFO cannot stall the build (only regular files are read).
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
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
        // The stamp of the file as opened: a change after this shows in a later stamp. One that
        // changed since it was listed is not recorded (the listing's stamps would not match it).
        let readStamp = FileStamp(opened)
        if readStamp.isSettled(before: trustedBefore), readStamp == stamp {
            recorded[name] = FileDigests.Entry(stamp: readStamp, digest: digest)
            seen.noteLearned()
        }
        return digest
    }
}
