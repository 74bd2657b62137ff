import Foundation
import Testing
@testable import PorticoSite

/// `FileIO.bytes(at:)` reads the build cache: whole files, exactly, and nothing that is not one.
@Suite struct FileIOTests {
    @Test func readsWholeRegularFilesExactlyAndNothingElse() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("portico-fileio-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for size in [0, 1, 4095, 4096, 300_000] {
            let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
            let path = folder + "/file-\(size)"
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            #expect(FileIO.bytes(at: path) == bytes, "size \(size)")
        }
        #expect(FileIO.bytes(at: folder) == nil)
        #expect(FileIO.bytes(at: folder + "/missing") == nil)
        // A FIFO is not a regular file: refused without blocking on it.
        #expect(mkfifo(folder + "/fifo", 0o600) == 0)
        #expect(FileIO.bytes(at: folder + "/fifo") == nil)
    }
}
