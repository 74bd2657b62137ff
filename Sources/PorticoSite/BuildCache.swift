import Crypto
import Foundation
import PorticoStore

/// What the last build produced, kept beside the output (never inside it, so it is never
/// uploaded): per client the input key and a key per output file, and the content digests of
/// the store's files (see `FileDigests`). It is only an optimisation: a missing or unreadable
/// cache means a full build, and `--clean` ignores it.
///
/// The file is JSON in one fixed layout (a line per client and per store folder), written and
/// read by hand: a no-change rebuild reads it whole, and Foundation's decoder took longer than
/// the rest of such a build.
struct BuildCache: Sendable {
    struct Client: Codable, Equatable, Sendable {
        var inputKey: String
        var folder: String
        /// Output path (portal-relative) to the key of what was written there (see `ClientOutput.keys`).
        var files: [String: String]

        /// How many of its files are pages, as its cache line records them before the files.
        var pageCount: Int { files.keys.count { $0.hasSuffix(".html") } }
    }

    static let format = "portico-cache-4"

    var generation = InputFingerprint.generation
    /// The id in the output's marker file when this cache was written.
    var buildID = ""
    var clients: [String: Client] = [:]
    /// Key of the shared output files (root page, assets, headers).
    var sharedKey = ""
    /// Whether the portals were audited when they were made: an audited build never carries
    /// over portals that a `--no-audit` build made.
    var audited = false
    /// Content digests of store files and summaries of the store's roots, for the next build's
    /// fingerprint. A parsed cache keeps each folder's line (`digests.lines`) unparsed until asked.
    var digests = FileDigests()

    /// The lines of a parsed cache (`[…]` without the comma between lines), by client id: a cache
    /// saved with this one as `reusing` copies the lines of entries that are the same instead of
    /// writing them again (an incremental build changes few). Folders' lines are in `digests`.
    var clientLines: [String: ArraySlice<UInt8>] = [:]

    /// Pages and files of each client as read, for a cache read without its clients' files
    /// (`load(for:files: false)`, until `loadFiles()`): a build with nothing to do needs only these.
    var counts: [String: (pages: Int, files: Int)] = [:]

    /// The id in the output's marker file: it names the shared inputs, so a cache is trusted
    /// only for an output whose shared files came from the same inputs.
    static func outputID(sharedKey: String) -> String {
        InputFingerprint.combine(["output", sharedKey])
    }

    /// The text of a portal's stamp file (`.portico-portal`): it names the inputs the portal was
    /// made from. A portal replaced by a build that was killed before it saved the cache no
    /// longer matches its cache entry, which is then not trusted.
    static func portalStamp(sharedKey: String, inputKey: String) -> String {
        InputFingerprint.combine(["portal", sharedKey, inputKey])
    }

    static func location(for output: String) -> String {
        let url = URL(fileURLWithPath: output).standardizedFileURL
        return url.deletingLastPathComponent().path + "/." + url.lastPathComponent + ".portico-cache.json"
    }

    /// The cache of the build that made `output`; with `files: false`, without the clients'
    /// files (see `counts` and `loadFiles()`).
    static func load(for output: String, files: Bool = true) -> BuildCache? {
        guard let bytes = FileStatus.contents(location(for: output), followingLinks: true),
              let cache = parse(bytes: bytes, files: files),
              cache.generation == InputFingerprint.generation,
              let marker = FileStatus.contents(output + "/" + OutputWriter.marker, followingLinks: true),
              String(decoding: marker, as: UTF8.self) == cache.buildID else { return nil }
        var trusted = cache
        let portals = cache.clients.filter { !$0.value.folder.isEmpty }.map { (id: $0.key, entry: $0.value) }
        // With plain system calls (every rebuild reads a stamp per portal; Foundation's reads
        // cost several times as much each).
        let stale = Parallel.map(portals.count) { index in
            let stamp = FileStatus.contents(output + "/" + portals[index].entry.folder + "/" + OutputWriter.portalStamp, followingLinks: true)
            return stamp.map { String(decoding: $0, as: UTF8.self) } != portalStamp(sharedKey: cache.sharedKey, inputKey: portals[index].entry.inputKey)
        }
        for (index, portal) in portals.enumerated() where stale[index] {
            // Kept for its folder (to be replaced or removed), but nothing of it is reused.
            trusted.untrust(portal.id)
        }
        return trusted
    }

    private mutating func untrust(_ id: String) {
        guard let entry = clients[id] else { return }
        clients[id] = Client(inputKey: "", folder: entry.folder, files: [:])
        clientLines[id] = nil
        counts[id] = nil
    }

    /// Takes the entry of `id` from `other` as it is there, its files read or not (an incremental
    /// build's unchanged clients): an entry whose files were not read is written as it was read.
    mutating func keep(_ id: String, from other: BuildCache) {
        clients[id] = other.clients[id]
        clientLines[id] = other.clientLines[id]
        counts[id] = other.counts[id]
    }

    /// Reads the clients' files left out by `load(for:files: false)`, in parallel, but for the
    /// clients in `except`; a client whose files cannot be read is no longer trusted (rebuilt,
    /// not reused).
    mutating func loadFiles(except: Set<String> = []) {
        let pending = counts.keys.filter { !except.contains($0) && clientLines[$0] != nil }.sorted()
        let lines = pending.map { clientLines[$0]! }
        let parsed = Parallel.map(pending.count) { index -> [String: String]? in
            lines[index].withUnsafeBufferPointer { line in
                var reader = CacheReader(bytes: line)
                return reader.client(last: true)?.1.files
            }
        }
        for (index, id) in pending.enumerated() {
            if let files = parsed[index] {
                clients[id]?.files = files
                counts[id] = nil
            } else {
                untrust(id)
            }
        }
    }

    func save(for output: String, reusing previous: BuildCache? = nil) {
        FileIO.replace(Self.location(for: output), with: serializedParts(reusing: previous), temporary: OutputWriter.temporary(for: output, ".cache"))
    }

    func serialized(reusing previous: BuildCache? = nil) -> [UInt8] {
        Array(serializedParts(reusing: previous).joined())
    }

    /// The cache as written, one JSON value over lines: a header line ending in `"clients":[`,
    /// a line per client `[id,inputKey,folder,pages,files,[path,key],…]`, the line `],"roots":[`, a line per
    /// summarised root `[path,stamps sha256,digest]`, the line `],"digests":[`, a line per store
    /// folder `[folder,[name,device,inode,size,mtime s,ns,ctime s,ns,sha256],…]`, and `]}`.
    /// Lines are sorted; strings escape every control character, so lines split at `\n` only.
    /// In parts, to be written one after the other: lines taken over from `previous` are slices
    /// of the file it was read from, not copied into a new buffer (megabytes, at every rebuild).
    func serializedParts(reusing previous: BuildCache? = nil) -> [ArraySlice<UInt8>] {
        var text = CacheText()
        // About what a file's entry takes (a client's path and key, a folder's name, stamp and digest).
        text.bytes.reserveCapacity(4096 + 160 * (clients.values.reduce(0) { $0 + $1.files.count }
            + digests.folders.values.reduce(0) { $0 + $1.count }) + 200 * digests.roots.count)
        text.raw("{\"format\":")
        text.string(Self.format)
        text.raw(",\"generation\":")
        text.string(generation)
        text.raw(",\"buildID\":")
        text.string(buildID)
        text.raw(",\"sharedKey\":")
        text.string(sharedKey)
        text.raw(",\"audited\":")
        text.raw(audited ? "true" : "false")
        text.raw(",\"clients\":[")
        text.clientLines(clients, unread: Set(counts.keys), lines: clientLines, reusing: previous)
        text.raw("\n],\"roots\":[")
        for (index, path) in digests.roots.keys.sorted().enumerated() {
            let root = digests.roots[path]!
            text.raw(index == 0 ? "\n[" : ",\n[")
            text.string(path)
            text.raw(",\"")
            text.hex(root.stamps.bytes)
            text.raw("\",")
            text.string(root.digest)
            text.raw("]")
        }
        text.raw("\n],\"digests\":[")
        // Folders carried over unparsed are written as they were read; parsed ones as the
        // previous line when their entries are the same.
        let folders = Set(digests.folders.keys).union(digests.lines.keys).sorted()
        for (index, folder) in folders.enumerated() {
            guard let entries = digests.folders[folder] else {
                text.raw(index == 0 ? "\n" : ",\n")
                text.shared(digests.lines[folder]!)
                continue
            }
            if let line = previous?.digests.lines[folder], previous?.digests.entries(in: folder) == entries {
                text.raw(index == 0 ? "\n" : ",\n")
                text.shared(line)
                continue
            }
            text.raw(index == 0 ? "\n[" : ",\n[")
            text.string(folder)
            for name in entries.keys.sorted() {
                let entry = entries[name]!
                text.raw(",[")
                text.string(name)
                // One call each, not a loop over an array literal (an allocation per entry).
                text.number(Int64(bitPattern: entry.stamp.device))
                text.number(Int64(bitPattern: entry.stamp.inode))
                text.number(entry.stamp.size)
                text.number(entry.stamp.modified.seconds)
                text.number(entry.stamp.modified.nanoseconds)
                text.number(entry.stamp.changed.seconds)
                text.number(entry.stamp.changed.nanoseconds)
                text.raw(",\"")
                text.hex(entry.digest.bytes)
                text.raw("\"]")
            }
            text.raw("]")
        }
        text.raw("\n]}\n")
        return text.parts()
    }

    /// Reads what `serialized` writes (its lines in parallel); nil for anything else (an older
    /// cache, a damaged file).
    /// Entries' lines are kept as slices of `file` (one buffer, not a copy per line) for writing
    /// unchanged entries back as they were.
    static func parse(bytes file: [UInt8], files: Bool = true) -> BuildCache? {
        file.withUnsafeBufferPointer { bytes -> BuildCache? in
            var lines: [Range<Int>] = []
            var start = 0
            while start < bytes.count {
                guard let base = bytes.baseAddress,
                      let found = memchr(base + start, Int32(UInt8(ascii: "\n")), bytes.count - start) else { return nil }
                let end = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                lines.append(start..<end)
                start = end + 1
            }
            let shared = SharedBytes(bytes: bytes, lines: lines)
            func line(_ index: Int) -> UnsafeBufferPointer<UInt8> { shared.line(index) }
            guard lines.count >= 3 else { return nil }
            var header = CacheReader(bytes: line(0))
            guard var cache = header.header(),
                  let roots = lines.indices.first(where: { CacheReader(bytes: line($0)).isExactly("],\"roots\":[") }),
                  let middle = lines.indices.first(where: { $0 > roots && CacheReader(bytes: line($0)).isExactly("],\"digests\":[") }),
                  CacheReader(bytes: line(lines.count - 1)).isExactly("]}") else { return nil }
            let clientLines = Array(1..<roots), rootLines = Array((roots + 1)..<middle), folderLines = Array((middle + 1)..<(lines.count - 1))
            /// A line's bytes without the comma that separates it from the next.
            func entryBytes(_ line: Int, last: Bool) -> ArraySlice<UInt8> {
                let range = lines[line]
                return file[range.lowerBound..<(last ? range.upperBound : max(range.lowerBound, range.upperBound - 1))]
            }
            let clients = Parallel.map(clientLines.count) { index -> (String, Client, (pages: Int, files: Int)?)? in
                let last = index == clientLines.count - 1
                var reader = CacheReader(bytes: shared.line(clientLines[index]))
                if files { return reader.client(last: last).map { ($0.0, $0.1, nil) } }
                return reader.clientCounting().map { ($0.id, $0.client, $0.counts) }
            }
            cache.clients.reserveCapacity(clientLines.count)
            for (index, entry) in clients.enumerated() {
                guard let (id, client, counts) = entry else { return nil }
                cache.clients[id] = client
                cache.clientLines[id] = entryBytes(clientLines[index], last: index == clientLines.count - 1)
                if let counts { cache.counts[id] = counts }
            }
            for (index, line) in rootLines.enumerated() {
                var reader = CacheReader(bytes: shared.line(line))
                guard let (path, root) = reader.root(last: index == rootLines.count - 1) else { return nil }
                cache.digests.roots[path] = root
            }
            // Folders by name only: their entries are parsed when a fingerprint asks for them.
            cache.digests.lines.reserveCapacity(folderLines.count)
            for (index, line) in folderLines.enumerated() {
                var reader = CacheReader(bytes: shared.line(line))
                guard reader.literal("["), let folder = reader.string() else { return nil }
                cache.digests.lines[folder] = entryBytes(line, last: index == folderLines.count - 1)
            }
            return cache
        }
    }
}

/// The cache file's bytes and lines, read from several threads while the file's buffer lives.
private struct SharedBytes: @unchecked Sendable {
    let bytes: UnsafeBufferPointer<UInt8>
    let lines: [Range<Int>]

    func line(_ index: Int) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: bytes[lines[index]]) }
}

/// Writes the cache's JSON: its own bytes, and lines of the previous file where they are the same.
private struct CacheText {
    var bytes: [UInt8] = []
    /// Where each part starts in `bytes` (own text up to the next one), or a line taken over.
    /// Slices of `bytes` are cut only in `parts()`: one held while appending would copy the buffer.
    private var layout: [(start: Int, shared: ArraySlice<UInt8>?)] = [(0, nil)]

    /// A line of the previous file, written as it is.
    mutating func shared(_ line: ArraySlice<UInt8>) {
        layout.append((bytes.count, line))
        layout.append((bytes.count, nil))
    }

    /// The text in order: slices of `bytes` and the lines taken over.
    func parts() -> [ArraySlice<UInt8>] {
        var parts: [ArraySlice<UInt8>] = []
        for (index, part) in layout.enumerated() {
            if let line = part.shared {
                parts.append(line)
            } else {
                let end = index + 1 < layout.count ? layout[index + 1].start : bytes.count
                if end > part.start { parts.append(bytes[part.start..<end]) }
            }
        }
        return parts
    }

    mutating func raw(_ text: String) { bytes.append(contentsOf: text.utf8) }

    mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(byte)
            case 0..<0x20:
                let digits = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: Array("\\u00".utf8))
                bytes.append(digits[Int(byte >> 4)])
                bytes.append(digits[Int(byte & 0x0F)])
            default:
                bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// `,` and `number` in decimal.
    mutating func number(_ number: Int64) {
        bytes.append(UInt8(ascii: ","))
        bytes.append(contentsOf: String(number).utf8)
    }

    mutating func hex(_ data: [UInt8]) {
        let digits = Array("0123456789abcdef".utf8)
        for byte in data {
            bytes.append(digits[Int(byte >> 4)])
            bytes.append(digits[Int(byte & 0x0F)])
        }
    }

    /// A line per client (`\n[id,inputKey,folder,[path,key],…]`, comma-separated), clients and
    /// paths sorted.
    /// Entries in `unread` (files not read) are written as `lines` has them.
    mutating func clientLines(_ clients: [String: BuildCache.Client], unread: Set<String>, lines: [String: ArraySlice<UInt8>],
                              reusing previous: BuildCache?) {
        for (index, id) in clients.keys.sorted().enumerated() {
            let client = clients[id]!
            // An unread entry as it was read; else the previous line of an equal entry.
            if let line = (unread.contains(id) ? lines[id] : nil) ?? (previous?.clients[id] == client ? previous?.clientLines[id] : nil) {
                raw(index == 0 ? "\n" : ",\n")
                shared(line)
                continue
            }
            raw(index == 0 ? "\n[" : ",\n[")
            string(id)
            raw(",")
            string(client.inputKey)
            raw(",")
            string(client.folder)
            // Its counts first: a build with nothing to do reads them without the paths.
            number(Int64(client.pageCount))
            number(Int64(client.files.count))
            for path in client.files.keys.sorted() {
                raw(",[")
                string(path)
                raw(",")
                string(client.files[path]!)
                raw("]")
            }
            raw("]")
        }
    }
}

/// Reads the cache's JSON, exactly in the layout `BuildCache.serialized` writes.
struct CacheReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// The first line, up to `"clients":[`.
    mutating func header() -> BuildCache? {
        var cache = BuildCache()
        guard literal("{\"format\":"), string() == BuildCache.format,
              literal(",\"generation\":"), let generation = string(),
              literal(",\"buildID\":"), let buildID = string(),
              literal(",\"sharedKey\":"), let sharedKey = string(),
              literal(",\"audited\":") else { return nil }
        cache.generation = generation
        cache.buildID = buildID
        cache.sharedKey = sharedKey
        if literal("true") { cache.audited = true } else if literal("false") { cache.audited = false } else { return nil }
        guard literal(",\"clients\":["), index == bytes.count else { return nil }
        return cache
    }

    /// `[id,inputKey,folder,pages,files,[path,key],…]` and a comma unless `last`.
    mutating func client(last: Bool) -> (String, BuildCache.Client)? {
        guard literal("["), let id = string(), literal(","), let inputKey = string(), literal(","), let folder = string(),
              literal(","), let pages = integer(), literal(","), let count = integer() else { return nil }
        var files: [String: String] = [:]
        while !literal("]") {
            guard literal(",["), let path = string(), literal(","), let key = string(), literal("]") else { return nil }
            files[path] = key
        }
        let client = BuildCache.Client(inputKey: inputKey, folder: folder, files: files)
        guard last || literal(","), index == bytes.count, count == files.count, pages == client.pageCount else { return nil }
        return (id, client)
    }

    /// `client(last:)` up to its counts: the entry with no files, and how many files and pages
    /// (`.html`) it has. The rest of the line is read (and checked) by `client(last:)` when the
    /// files are needed.
    mutating func clientCounting() -> (id: String, client: BuildCache.Client, counts: (pages: Int, files: Int))? {
        guard literal("["), let id = string(), literal(","), let inputKey = string(), literal(","), let folder = string(),
              literal(","), let pages = integer(), literal(","), let files = integer(), pages >= 0, files >= pages else { return nil }
        return (id, BuildCache.Client(inputKey: inputKey, folder: folder, files: [:]), (Int(pages), Int(files)))
    }

    /// Passes over a string as `string()` reads it; the range of its contents (escapes left in).
    mutating func skipString() -> Range<Int>? {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
        index += 1
        let start = index
        while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
            if bytes[index] == UInt8(ascii: "\\") { index += 1 }
            index += 1
        }
        guard index < bytes.count else { return nil }
        index += 1
        return start..<(index - 1)
    }

    /// `[folder,[name,device,inode,size,mtime s,ns,ctime s,ns,sha256],…]` and a comma unless `last`.
    mutating func folder(last: Bool) -> (String, [String: FileDigests.Entry])? {
        guard literal("["), let folder = string() else { return nil }
        var entries: [String: FileDigests.Entry] = [:]
        // An entry takes over 90 bytes (64 of them the digest): room for all without regrowing.
        entries.reserveCapacity(bytes.count / 90)
        while !literal("]") {
            guard literal(",["), let name = string() else { return nil }
            var numbers: (Int64, Int64, Int64, Int64, Int64, Int64, Int64) = (0, 0, 0, 0, 0, 0, 0)
            guard literal(","), let device = integer(), literal(","), let inode = integer(), literal(","), let size = integer(),
                  literal(","), let modified = integer(), literal(","), let modifiedNanoseconds = integer(),
                  literal(","), let changed = integer(), literal(","), let changedNanoseconds = integer() else { return nil }
            numbers = (device, inode, size, modified, modifiedNanoseconds, changed, changedNanoseconds)
            guard literal(",\""), let digest = digest(), literal("\"]") else { return nil }
            let stamp = FileStamp(device: UInt64(bitPattern: numbers.0), inode: UInt64(bitPattern: numbers.1), size: numbers.2,
                                  modified: FileTime(seconds: numbers.3, nanoseconds: numbers.4),
                                  changed: FileTime(seconds: numbers.5, nanoseconds: numbers.6))
            entries[name] = FileDigests.Entry(stamp: stamp, digest: digest)
        }
        guard last || literal(","), index == bytes.count else { return nil }
        return (folder, entries)
    }

    /// The entries of a folder's line as `BuildCache.parse` keeps it (no comma after it).
    static func folderEntries(_ line: UnsafeBufferPointer<UInt8>) -> [String: FileDigests.Entry]? {
        var reader = CacheReader(bytes: line)
        return reader.folder(last: true)?.1
    }

    /// `[path,stamps,digest]` and a comma unless `last`.
    mutating func root(last: Bool) -> (String, FileDigests.Root)? {
        guard literal("["), let path = string(), literal(",\""), let stamps = digest(), literal("\","), let digest = string(),
              literal("]"), last || literal(","), index == bytes.count else { return nil }
        return (path, FileDigests.Root(stamps: stamps, digest: digest))
    }

    func isExactly(_ text: StaticString) -> Bool {
        bytes.count == text.utf8CodeUnitCount && memcmp(bytes.baseAddress!, text.utf8Start, bytes.count) == 0
    }

    mutating func literal(_ text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard index + count <= bytes.count,
              memcmp(bytes.baseAddress! + index, text.utf8Start, count) == 0 else { return false }
        index += count
        return true
    }

    /// A JSON string as `CacheText.string` writes it (escapes `\"`, `\\` and `\u00XX` only).
    mutating func string() -> String? {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
        index += 1
        let start = index
        var plain = true
        while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
            if bytes[index] == UInt8(ascii: "\\") {
                plain = false
                index += 1
            }
            index += 1
        }
        guard index < bytes.count else { return nil }
        let end = index
        index += 1
        let content = UnsafeBufferPointer(rebasing: bytes[start..<end])
        if plain { return String(validating: content, as: UTF8.self) }
        var unescaped: [UInt8] = []
        var position = 0
        while position < content.count {
            let byte = content[position]
            guard byte == UInt8(ascii: "\\") else {
                unescaped.append(byte)
                position += 1
                continue
            }
            guard position + 1 < content.count else { return nil }
            let next = content[position + 1]
            if next == UInt8(ascii: "\"") || next == UInt8(ascii: "\\") {
                unescaped.append(next)
                position += 2
            } else if next == UInt8(ascii: "u"), position + 6 <= content.count,
                      content[position + 2] == UInt8(ascii: "0"), content[position + 3] == UInt8(ascii: "0"),
                      let high = Self.hexValue(content[position + 4]), let low = Self.hexValue(content[position + 5]) {
                unescaped.append(high << 4 | low)
                position += 6
            } else {
                return nil
            }
        }
        return String(validating: unescaped, as: UTF8.self)
    }

    mutating func integer() -> Int64? {
        var negative = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        let start = index
        // The magnitude, so that Int64.min (whose magnitude no Int64 holds) reads back too.
        var magnitude: UInt64 = 0
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
            let (times, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(UInt64(bytes[index] - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { return nil }
            magnitude = sum
            index += 1
        }
        guard index > start, index - start <= 19 else { return nil }
        if negative {
            guard magnitude <= Int64.min.magnitude else { return nil }
            return magnitude == Int64.min.magnitude ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }

    /// 64 lowercase hex digits.
    mutating func digest() -> Digest32? {
        guard index + 64 <= bytes.count else { return nil }
        // By table, all 64 digits first: a digit's value is below 16, anything else is 0xFF.
        var invalid: UInt8 = 0
        var raw: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        Self.hexValues.withUnsafeBufferPointer { values in
            withUnsafeMutableBytes(of: &raw) { target in
                let digits = bytes.baseAddress! + index
                for offset in 0..<32 {
                    let high = values[Int(digits[offset * 2])], low = values[Int(digits[offset * 2 + 1])]
                    invalid |= high | low
                    target[offset] = high << 4 | (low & 0x0F)
                }
            }
        }
        guard invalid & 0xF0 == 0 else { return nil }
        index += 64
        return withUnsafeBytes(of: &raw) { Digest32($0) }
    }

    private static let hexValues: [UInt8] = (0...255).map { hexValue(UInt8($0)) ?? 0xFF }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        default: return nil
        }
    }
}
