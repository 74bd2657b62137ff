import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Opens files through a descriptor of their folder, kept while one file after another is in
/// the same folder: the kernel then looks up one name instead of walking the whole path again
/// (a store's ticket files sit seven or eight folders deep; path lookups were a twentieth of a
/// full build's time). Each file is opened as `open(path, flags)` would open it, except that the
/// folder's own path is walked only when the folder changes; the folder is opened without
/// following a link in its last part. For one thread at a time (a lock guards against misuse).
public final class FolderOpener: @unchecked Sendable {
    private var folder: String?
    private var descriptor: Int32 = -1
    private let lock = NSLock()

    public init() {}

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// A descriptor for `path` opened with `flags` (which must not include `O_CREAT`), or -1 with
    /// `errno` set. A path without a folder part, or with `.`/`..` as its name, is opened as it is.
    public func open(_ path: String, _ flags: Int32) -> Int32 {
        let utf8 = path.utf8
        guard let slash = utf8.lastIndex(of: UInt8(ascii: "/")), slash != utf8.startIndex else { return Self.plainOpen(path, flags) }
        let nameStart = utf8.index(after: slash)
        let name = utf8[nameStart...]
        guard !name.isEmpty, !name.elementsEqual([0x2E]), !name.elementsEqual([0x2E, 0x2E]) else { return Self.plainOpen(path, flags) }
        let parent = utf8[..<slash]
        lock.lock()
        defer { lock.unlock() }
        if folder == nil || !folder!.utf8.elementsEqual(parent) {
            if descriptor >= 0 { close(descriptor) }
            folder = nil
            let folderPath = String(Substring(parent))
            descriptor = Self.plainOpen(folderPath, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW)
            // A folder that cannot be opened (missing, a link, no permission): the plain open
            // gives the same answer it always did.
            guard descriptor >= 0 else { return Self.plainOpen(path, flags) }
            folder = folderPath
        }
        return openat(descriptor, String(Substring(name)), flags)
    }

    private static func plainOpen(_ path: String, _ flags: Int32) -> Int32 {
        #if canImport(Glibc)
        Glibc.open(path, flags)
        #else
        Darwin.open(path, flags)
        #endif
    }
}
