import Foundation
import PorticoAudit
import PorticoStore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The audit's summary of each client (`AuditSummary`) by the input key it was made from, kept
/// beside the output (never inside it) so that an incremental build loads only the clients that
/// changed and still checks their portals against every other client. An entry is used only
/// for a client whose input key is the same (same files, same shared inputs, same Portico);
/// a missing, damaged or older file means the store is loaded whole, as without it.
///
/// Binary, in the machine's byte order: the word hashes of 100 clients' texts are megabytes,
/// read and written whole. Readable by its owner only (see `AuditSummary`).
struct AuditCache: Sendable {
    struct Entry: Equatable, Sendable {
        var inputKey: String
        var summary: AuditSummary
    }

    static let format = Array("portico-audit-1\n".utf8)

    var entries: [String: Entry] = [:]

    static func location(for output: String) -> String {
        let url = URL(fileURLWithPath: output).standardizedFileURL
        return url.deletingLastPathComponent().path + "/." + url.lastPathComponent + ".portico-audit"
    }

    static func load(for output: String) -> AuditCache? {
        bytes(for: output).flatMap { parse(bytes: $0) }
    }

    /// The file as it is, to read its input keys first (`inputKeys(in:)`) and the rest later.
    static func bytes(for output: String) -> [UInt8]? {
        FileStatus.contents(location(for: output), followingLinks: true)
    }

    /// Each entry's input key, by client, from a file `parse` would read; the phrases are
    /// skipped over, not read. Nil for a file `parse` refuses for its layout.
    static func inputKeys(in bytes: [UInt8]) -> [String: String]? {
        var reader = Reader(bytes: bytes)
        guard reader.take(format.count).map(Array.init) == format, let count = reader.count() else { return nil }
        var keys: [String: String] = [:]
        for _ in 0..<count {
            guard let id = reader.string(), let inputKey = reader.string(),
                  reader.skipArray(of: Int32.self), reader.skipArray(of: UInt64.self), let fileCount = reader.count() else { return nil }
            for _ in 0..<fileCount {
                guard reader.string() != nil else { return nil }
            }
            keys[id] = inputKey
        }
        return reader.atEnd ? keys : nil
    }

    /// Writes a new file and renames it over the old one: a killed build leaves one or the other,
    /// and a new file named like a killed build's staging folder, which the next build removes.
    func save(for output: String) {
        FileIO.replace(Self.location(for: output), with: serialized(), temporary: OutputWriter.temporary(for: output, ".audit"), mode: 0o600)
    }

    func serialized() -> [UInt8] {
        var bytes = Self.format
        // Sized up front: megabytes grown by doubling were copied over and over.
        var size = bytes.count + 4
        for (id, entry) in entries {
            size += 20 + id.utf8.count + entry.inputKey.utf8.count + entry.summary.phrases.starts.count * 4
                + entry.summary.phrases.words.count * 8 + entry.summary.files.reduce(0) { $0 + 4 + $1.utf8.count }
        }
        bytes.reserveCapacity(size)
        Self.append(UInt32(entries.count), to: &bytes)
        for id in entries.keys.sorted() {
            let entry = entries[id]!
            Self.append(id, to: &bytes)
            Self.append(entry.inputKey, to: &bytes)
            Self.append(entry.summary.phrases.starts, to: &bytes)
            Self.append(entry.summary.phrases.words, to: &bytes)
            Self.append(UInt32(entry.summary.files.count), to: &bytes)
            for file in entry.summary.files { Self.append(file, to: &bytes) }
        }
        return bytes
    }

    static func parse(bytes: [UInt8]) -> AuditCache? {
        var reader = Reader(bytes: bytes)
        guard reader.take(format.count).map(Array.init) == format, let count = reader.count() else { return nil }
        var cache = AuditCache()
        for _ in 0..<count {
            guard let id = reader.string(), let inputKey = reader.string(),
                  let starts: [Int32] = reader.array(), let words: [UInt64] = reader.array(),
                  let phrases = PhraseWords(words: words, starts: starts), let fileCount = reader.count() else { return nil }
            var files: [String] = []
            for _ in 0..<fileCount {
                guard let file = reader.string() else { return nil }
                files.append(file)
            }
            cache.entries[id] = Entry(inputKey: inputKey, summary: AuditSummary(clientID: id, phrases: phrases, files: files))
        }
        return reader.atEnd ? cache : nil
    }

    private static func append<Value: FixedWidthInteger>(_ value: Value, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value) { bytes.append(contentsOf: $0) }
    }

    private static func append(_ text: String, to bytes: inout [UInt8]) {
        append(UInt32(text.utf8.count), to: &bytes)
        bytes.append(contentsOf: text.utf8)
    }

    private static func append<Value: FixedWidthInteger>(_ values: [Value], to bytes: inout [UInt8]) {
        append(UInt32(values.count), to: &bytes)
        values.withUnsafeBytes { bytes.append(contentsOf: $0) }
    }

    /// Reads what `serialized` wrote; every read checks its bounds (nil past the end).
    private struct Reader {
        let bytes: [UInt8]
        var offset = 0

        var atEnd: Bool { offset == bytes.count }

        mutating func take(_ count: Int) -> ArraySlice<UInt8>? {
            guard count >= 0, count <= bytes.count - offset else { return nil }
            defer { offset += count }
            return bytes[offset..<offset + count]
        }

        mutating func count() -> Int? {
            guard let raw = take(4) else { return nil }
            return Int(raw.withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) })
        }

        mutating func string() -> String? {
            guard let count = count(), let raw = take(count) else { return nil }
            return String(decoding: raw, as: UTF8.self)
        }

        mutating func skipArray<Value: FixedWidthInteger>(of type: Value.Type) -> Bool {
            guard let count = count(), count <= (bytes.count - offset) / MemoryLayout<Value>.size else { return false }
            return take(count * MemoryLayout<Value>.size) != nil
        }

        mutating func array<Value: FixedWidthInteger>() -> [Value]? {
            guard let count = count(), count <= (bytes.count - offset) / MemoryLayout<Value>.size,
                  let raw = take(count * MemoryLayout<Value>.size) else { return nil }
            return [Value](unsafeUninitializedCapacity: count) { buffer, initialized in
                raw.withUnsafeBytes { source in
                    UnsafeMutableRawBufferPointer(buffer).copyMemory(from: source)
                }
                initialized = count
            }
        }
    }
}
