#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file reads and writes with plain system calls: the output writer handles thousands of
/// small files per build, where Foundation's `Data(contentsOf:)`/`write(to:)` add measurable
/// overhead per file.
enum FileIO {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Whether the file at `path` holds exactly `bytes` (false when it cannot be read).
    static func hasContents(_ path: String, equalTo bytes: UnsafeRawBufferPointer) -> Bool {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) == bytes.count else { return false }
        guard bytes.count > 0 else { return true }
        let existing = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 1)
        defer { existing.deallocate() }
        var offset = 0
        while offset < bytes.count {
            let count = read(descriptor, existing.baseAddress! + offset, bytes.count - offset)
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return false }
            offset += count
        }
        return memcmp(existing.baseAddress!, bytes.baseAddress!, bytes.count) == 0
    }

    /// Creates (or truncates) `path` with `bytes`.
    static func write(_ bytes: UnsafeRawBufferPointer, to path: String) throws(Failure) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Failure(description: String(cString: strerror(errno))) }
        var offset = 0
        while offset < bytes.count {
            let count = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if count < 0, errno == EINTR { continue }
            guard count > 0 else {
                let reason = String(cString: strerror(errno))
                close(descriptor)
                throw Failure(description: reason)
            }
            offset += count
        }
        guard close(descriptor) == 0 else { throw Failure(description: String(cString: strerror(errno))) }
    }
}
