import Foundation
import Testing
import PorticoStore

/// `FileStatus.contents` reads store files and the build's caches: whole files, exactly, and
/// nothing that is not one.
@Suite struct FileStatusTests {
    @Test func readsWholeRegularFilesExactlyAndNothingElse() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("portico-filestatus-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // From a megabyte on, the buffer is mapped in one call before the read (`prefault`).
        for size in [0, 1, 4095, 4096, 300_000, 1 << 20, 3_000_001] {
            let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
            let path = folder + "/file-\(size)"
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            #expect(FileStatus.contents(path, followingLinks: true) == bytes, "size \(size)")
        }
        #expect(FileStatus.contents(folder, followingLinks: true) == nil)
        #expect(FileStatus.contents(folder + "/missing", followingLinks: true) == nil)
        // A FIFO is not a regular file: refused without blocking on it.
        #expect(mkfifo(folder + "/fifo", 0o600) == 0)
        #expect(FileStatus.contents(folder + "/fifo", followingLinks: true) == nil)
    }
}
