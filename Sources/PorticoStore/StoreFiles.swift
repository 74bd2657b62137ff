import Foundation

/// File access for the loader: listing folders in a stable order, reading text safely, and
/// refusing anything (symlinks, `..`) that would lead outside the store.
struct StoreFiles {
    struct Entry {
        var name: String
        var path: String
        var isDirectory: Bool
        var size: Int
    }

    /// Text files above this size are refused: no store item needs more, and it bounds memory.
    static let maxTextBytes = 8 * 1024 * 1024

    let root: String
    let realRoot: String
    let displayRoot: String
    let log: DiagnosticLog

    init(root: String, displayRoot: String, log: DiagnosticLog) {
        let absolute = URL(fileURLWithPath: root).standardizedFileURL.path
        self.root = absolute
        self.realRoot = URL(fileURLWithPath: absolute).resolvingSymlinksInPath().path
        self.displayRoot = displayRoot
        self.log = log
    }

    /// The path as the user should see it in messages (`Content/clients/acme/client.json`).
    func display(_ path: String) -> String {
        guard path.hasPrefix(root) else { return path }
        let relative = path.dropFirst(root.count).drop { $0 == "/" }
        return relative.isEmpty ? displayRoot : displayRoot + "/" + relative
    }

    func at(_ path: String, line: Int? = nil, column: Int? = nil) -> SourceLocation {
        SourceLocation(file: display(path), line: line, column: column)
    }

    func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    func isDirectory(_ path: String) -> Bool {
        var flag: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &flag) && flag.boolValue
    }

    /// True when `path` (after resolving symlinks) stays inside the store.
    func isInsideStore(_ path: String) -> Bool {
        let real = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        return real == realRoot || real.hasPrefix(realRoot + "/")
    }

    /// Visible entries of a folder sorted by name; dot files are skipped, escaping symlinks refused.
    func list(_ directory: String) -> [Entry] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        var entries: [Entry] = []
        for name in names.sorted() where !name.hasPrefix(".") {
            let path = directory + "/" + name
            guard isInsideStore(path) else {
                log.error(at(path), "this link points outside the store; refusing to read it")
                continue
            }
            let attributes = try? FileManager.default.attributesOfItem(atPath: URL(fileURLWithPath: path).resolvingSymlinksInPath().path)
            let type = attributes?[.type] as? FileAttributeType
            let size = (attributes?[.size] as? NSNumber)?.intValue ?? 0
            entries.append(Entry(name: name, path: path, isDirectory: type == .typeDirectory, size: size))
        }
        return entries
    }

    /// Reads a whole file as UTF-8 text, logging a located error when it is unreadable.
    func readText(_ path: String) -> String? {
        guard let data = readData(path) else { return nil }
        guard data.count <= Self.maxTextBytes else {
            log.error(at(path), "file is too large (\(data.count / 1_048_576) MB; the limit for a text file is \(Self.maxTextBytes / 1_048_576) MB)")
            return nil
        }
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        log.error(invalidUTF8Location(bytes, path: path), "the file is not valid UTF-8 text; save it as UTF-8")
        return nil
    }

    func readData(_ path: String) -> Data? {
        guard isInsideStore(path) else {
            log.error(at(path), "this path leads outside the store; refusing to read it")
            return nil
        }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
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
