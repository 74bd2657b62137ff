import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// File access for the loader: listing folders in a stable order, reading text safely, and
/// refusing anything (symlinks, `..`) that would lead outside the store.
struct StoreFiles {
    struct Entry {
        var name: String
        var path: String
        var isDirectory: Bool
    }

    /// Text files above this size are refused: no store item needs more, and it bounds memory.
    static let maxTextBytes = 8 * 1024 * 1024

    let root: String
    let realRoot: String
    let displayRoot: String
    let log: DiagnosticLog
    /// Folders known to be inside the store with no symlink on the way (shared by copies of this
    /// value, so parallel loaders learn from each other's listings).
    private let realFolders: RealFolders
    private let rootIsASCII: Bool
    /// Each copy its own (see `logging(to:)`): a loader reads a folder's files one after another.
    private let opener = FolderOpener()

    init(root: String, displayRoot: String, log: DiagnosticLog) {
        let absolute = URL(fileURLWithPath: root).standardizedFileURL.path
        self.root = absolute
        self.realRoot = URL(fileURLWithPath: absolute).resolvingSymlinksInPath().path
        self.displayRoot = displayRoot
        self.log = log
        realFolders = RealFolders(root: realRoot.utf8.elementsEqual(absolute.utf8) && absolute.hasPrefix("/") ? absolute : nil)
        rootIsASCII = absolute.utf8.allSatisfy { $0 < 0x80 }
    }

    private init(copying other: StoreFiles, log: DiagnosticLog) {
        root = other.root
        realRoot = other.realRoot
        displayRoot = other.displayRoot
        realFolders = other.realFolders
        rootIsASCII = other.rootIsASCII
        self.log = log
    }

    /// The same store files, logging to `log` (a parallel loader keeps its diagnostics apart).
    func logging(to log: DiagnosticLog) -> StoreFiles { StoreFiles(copying: self, log: log) }

    /// The path as the user should see it in messages (`Content/clients/acme/client.json`).
    func display(_ path: String) -> String {
        if let shown = displayASCII(path) { return shown }
        guard path.hasPrefix(root) else { return path }
        let relative = path.dropFirst(root.count).drop { $0 == "/" }
        return relative.isEmpty ? displayRoot : displayRoot + "/" + relative
    }

    /// `display` over bytes, when the answer cannot depend on how Characters are formed: the store
    /// folder is ASCII, and what follows it in `path` starts with '/' and then ASCII (or nothing).
    private func displayASCII(_ path: String) -> String? {
        let rootBytes = root.utf8, bytes = path.utf8
        guard rootIsASCII, bytes.starts(with: rootBytes) else { return nil }
        var index = bytes.index(bytes.startIndex, offsetBy: rootBytes.count)
        if index == bytes.endIndex { return displayRoot }
        guard bytes[index] == UInt8(ascii: "/") else { return nil }
        while index != bytes.endIndex, bytes[index] == UInt8(ascii: "/") { index = bytes.index(after: index) }
        if index == bytes.endIndex { return displayRoot }
        guard bytes[index] < 0x80 else { return nil }
        return displayRoot + "/" + String(Substring(bytes[index...]))
    }

    func at(_ path: String, line: Int? = nil, column: Int? = nil) -> SourceLocation {
        SourceLocation(file: display(path), line: line, column: column)
    }

    func exists(_ path: String) -> Bool {
        switch FileStatus.lstat(path) {
        case let .found(status) where !status.isSymlink: return true
        case .missing: return false
        default: return FileManager.default.fileExists(atPath: path)
        }
    }

    func isDirectory(_ path: String) -> Bool {
        switch FileStatus.lstat(path) {
        case let .found(status) where !status.isSymlink: return status.isDirectory
        case .missing: return false
        default:
            var flag: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &flag) && flag.boolValue
        }
    }

    /// True when `path` (after resolving symlinks) stays inside the store.
    func isInsideStore(_ path: String) -> Bool {
        if realStatus(path) != nil { return true }
        let real = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        return real == realRoot || real.hasPrefix(realRoot + "/")
    }

    /// The status of `path` when it is not a symlink and its folder is a known real folder of
    /// the store: then it resolves to itself, inside the store, without walking the path.
    private func realStatus(_ path: String) -> FileStatus? {
        guard realFolders.knowsParent(of: path),
              case let .found(status) = FileStatus.lstat(path), !status.isSymlink else { return nil }
        if status.isDirectory { realFolders.insert(path) }
        return status
    }

    /// Records `directory` as a real folder when it is one (its own folder known real, itself not
    /// a symlink), walking up towards the store folder as far as needed.
    private func learnFolder(_ directory: String, depth: Int = 0) {
        guard depth < 64, !realFolders.knows(directory), directory.utf8.count > root.utf8.count,
              let slash = directory.utf8.lastIndex(of: UInt8(ascii: "/")) else { return }
        learnFolder(String(Substring(directory.utf8[..<slash])), depth: depth + 1)
        _ = realStatus(directory)
    }

    /// Visible entries of a folder sorted by name; dot files are skipped, escaping symlinks refused.
    func list(_ directory: String) -> [Entry] {
        guard let names = Self.names(in: directory) else { return [] }
        learnFolder(directory)
        let isReal = realFolders.knows(directory)
        var entries: [Entry] = []
        for (name, type) in names.sorted(by: { $0.name < $1.name }) where !name.hasPrefix(".") {
            let path = directory + "/" + name
            // In a real folder, an entry the listing says is no symlink is inside the store.
            if isReal, let type, type != UInt8(DT_LNK), type != UInt8(DT_UNKNOWN) {
                let isDirectory = type == UInt8(DT_DIR)
                if isDirectory { realFolders.insert(path) }
                entries.append(Entry(name: name, path: path, isDirectory: isDirectory))
                continue
            }
            if let status = realStatus(path) {
                entries.append(Entry(name: name, path: path, isDirectory: status.isDirectory))
                continue
            }
            guard isInsideStore(path) else {
                log.error(at(path), "this link points outside the store; refusing to read it")
                continue
            }
            let attributes = try? FileManager.default.attributesOfItem(atPath: URL(fileURLWithPath: path).resolvingSymlinksInPath().path)
            let type = attributes?[.type] as? FileAttributeType
            entries.append(Entry(name: name, path: path, isDirectory: type == .typeDirectory))
        }
        return entries
    }

    /// The names in a folder other than `.` and `..` (what `contentsOfDirectory` lists) with the
    /// type the listing gives (nil: unknown), or nil when the folder cannot be listed.
    private static func names(in directory: String) -> [(name: String, type: UInt8?)]? {
        func foundation() -> [(name: String, type: UInt8?)]? {
            (try? FileManager.default.contentsOfDirectory(atPath: directory))?.map { ($0, nil) }
        }
        guard !directory.utf8.contains(0) else { return foundation() }
        guard let handle = opendir(directory) else {
            // No such folder (the usual case: a client without invoices): nothing to list.
            return errno == ENOENT ? nil : foundation()
        }
        defer { closedir(handle) }
        var names: [(name: String, type: UInt8?)] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: &entry.pointee.d_name) { raw -> String? in
                let bytes = raw.bindMemory(to: UInt8.self)
                let length = bytes.firstIndex(of: 0) ?? bytes.count
                let name = UnsafeBufferPointer(rebasing: bytes[..<length])
                if name.elementsEqual([0x2E]) || name.elementsEqual([0x2E, 0x2E]) { return "" }
                return String(validating: name, as: UTF8.self)
            }
            // A name that is not UTF-8: let Foundation decide what to make of the folder.
            guard let name else { return foundation() }
            if !name.isEmpty { names.append((name, entry.pointee.d_type)) }
        }
        return names
    }

    /// Reads a whole file as UTF-8 text, logging a located error when it is unreadable.
    func readText(_ path: String) -> String? {
        guard var bytes = readBytes(path) else { return nil }
        guard bytes.count <= Self.maxTextBytes else {
            log.error(at(path), "file is too large (\(bytes.count / 1_048_576) MB; the limit for a text file is \(Self.maxTextBytes / 1_048_576) MB)")
            return nil
        }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        log.error(invalidUTF8Location(bytes, path: path), "the file is not valid UTF-8 text; save it as UTF-8")
        return nil
    }

    func readData(_ path: String) -> Data? {
        readBytes(path).map { Data($0) }
    }

    private func readBytes(_ path: String) -> [UInt8]? {
        // In a known real folder, a file opened without following a symlink is inside the store.
        if realFolders.knowsParent(of: path), let bytes = FileStatus.contents(path, followingLinks: false, opener: opener) { return bytes }
        guard isInsideStore(path) else {
            log.error(at(path), "this path leads outside the store; refusing to read it")
            return nil
        }
        if let bytes = FileStatus.contents(path, followingLinks: true) { return bytes }
        do {
            return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            log.error(at(path), "cannot read the file: \(error.localizedDescription)")
            return nil
        }
    }

    /// The line and column of the first byte that breaks UTF-8, so the user can find it.
    private func invalidUTF8Location(_ bytes: [UInt8], path: String) -> SourceLocation {
        var line = 1, lineStart = 0, index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let length = byte < 0x80 ? 1 : byte >> 5 == 0b110 ? 2 : byte >> 4 == 0b1110 ? 3 : byte >> 3 == 0b11110 ? 4 : 0
            if length == 0 || index + length > bytes.count
                || String(validating: bytes[index..<index + length], as: UTF8.self) == nil {
                let column = String(decoding: bytes[lineStart..<index], as: UTF8.self).unicodeScalars.count + 1
                return at(path, line: line, column: column)
            }
            if byte == UInt8(ascii: "\n") {
                line += 1
                lineStart = index + 1
            }
            index += length
        }
        return at(path)
    }
}

/// The real folders of a store seen so far (see `StoreFiles.realStatus`).
final class RealFolders: @unchecked Sendable {
    /// Swift compares strings by canonical equivalence and the file system compares bytes, so a
    /// folder only counts as known when the bytes match too.
    private var known: Set<String> = []
    private let lock = NSLock()

    /// `root` is the store folder when it is itself real (no symlink in its path), else nil.
    init(root: String?) {
        if let root { known.insert(root) }
    }

    /// Whether the folder of `path` is known to be real and `path` names an ordinary entry of it.
    func knowsParent(of path: String) -> Bool {
        let utf8 = path.utf8
        guard let slash = utf8.lastIndex(of: UInt8(ascii: "/")) else { return false }
        let name = utf8[utf8.index(after: slash)...]
        guard !name.isEmpty, !name.elementsEqual([0x2E]), !name.elementsEqual([0x2E, 0x2E]) else { return false }
        return knows(String(Substring(utf8[..<slash])))
    }

    func knows(_ path: String) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard let index = known.firstIndex(of: path) else { return false }
        return known[index].utf8.elementsEqual(path.utf8)
    }

    func insert(_ path: String) {
        lock.lock()
        if known.firstIndex(of: path) == nil { known.insert(path) }
        lock.unlock()
    }
}

/// `lstat` and whole-file reads without Foundation's per-call overhead. Anything unusual (an
/// error other than "no such file") is left to Foundation, so its messages stay the same.
public struct FileStatus {
    var isDirectory: Bool
    var isSymlink: Bool
    var size: Int

    enum Lookup {
        case found(FileStatus)
        case missing
        case unknown
    }

    static func lstat(_ path: String) -> Lookup {
        guard !path.isEmpty, !path.utf8.contains(0) else { return .unknown }
        var info = stat()
        guard systemLstat(path, &info) == 0 else { return errno == ENOENT || errno == ENOTDIR ? .missing : .unknown }
        let type = info.st_mode & S_IFMT
        return .found(FileStatus(isDirectory: type == S_IFDIR, isSymlink: type == S_IFLNK, size: Int(info.st_size)))
    }

    /// Maps every page of a large buffer about to be filled in one call (Linux's
    /// `MADV_POPULATE_WRITE`), instead of one fault per page as the read reaches it: on a virtual
    /// machine a fault costs about 1.5 microseconds a page. Nothing happens where the kernel
    /// does not know the call.
    static func prefault(_ buffer: UnsafeMutableRawBufferPointer) {
        #if os(Linux)
        guard let base = buffer.baseAddress else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = (Int(bitPattern: base) + page - 1) & ~(page - 1)
        let end = (Int(bitPattern: base) + buffer.count) & ~(page - 1)
        guard end > start else { return }
        _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, 23 /* MADV_POPULATE_WRITE */)
        #endif
    }

    /// The bytes of a regular file, or nil for anything else or any error (the caller then asks
    /// Foundation, for its error message).
    public static func contents(_ path: String, followingLinks: Bool, opener: FolderOpener? = nil) -> [UInt8]? {
        guard !path.isEmpty, !path.utf8.contains(0) else { return nil }
        // Non-blocking, so a FIFO cannot stall here (only regular files are read; others go to Foundation).
        let flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK | (followingLinks ? 0 : O_NOFOLLOW)
        let descriptor = opener.map { $0.open(path, flags) } ?? open(path, flags)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size >= 0 else { return nil }
        // The size the file had when opened: what a read racing a writer gets is a matter of timing.
        let capacity = Int(info.st_size)
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
            count = 0
            if capacity >= 1 << 20 { Self.prefault(UnsafeMutableRawBufferPointer(buffer)) }
            while count < capacity {
                let got = read(descriptor, buffer.baseAddress! + count, capacity - count)
                if got > 0 { count += got; continue }
                if got == 0 { return }
                if errno == EINTR { continue }
                failed = true
                return
            }
        }
        return failed ? nil : bytes
    }
}

private func systemLstat(_ path: String, _ info: inout stat) -> Int32 {
    #if canImport(Glibc)
    Glibc.lstat(path, &info)
    #else
    Darwin.lstat(path, &info)
    #endif
}
