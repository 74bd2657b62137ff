import Foundation

/// A store written into a fresh temporary folder from a dictionary of files, the way Hugo's
/// integration tests declare a whole site inline. Removed when the value is released.
final class TemporaryStore {
    let root: URL
    var store: String { root.appendingPathComponent("Content").path }
    var output: String { root.appendingPathComponent("Public").path }

    init(_ files: [String: String] = [:]) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("portico-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        for (path, text) in files { try write(path, text) }
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// Writes a file relative to the store folder.
    func write(_ path: String, _ text: String) throws {
        try write(path, Data(text.utf8))
    }

    private var folders: Set<String> = []

    func write(_ path: String, _ data: Data) throws {
        let url = root.appendingPathComponent("Content").appendingPathComponent(path)
        let folder = url.deletingLastPathComponent().path
        if !folders.contains(folder) {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            folders.insert(folder)
        }
        try data.write(to: url)
    }

    func remove(_ path: String) throws {
        folders.removeAll()
        try FileManager.default.removeItem(at: root.appendingPathComponent("Content").appendingPathComponent(path))
    }

    /// Every regular file under `folder`, as sorted relative paths.
    static func files(under folder: String) -> [String] {
        let root = URL(fileURLWithPath: folder).standardizedFileURL
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        var paths: [String] = []
        for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            paths.append(String(url.standardizedFileURL.path.dropFirst(root.path.count + 1)))
        }
        return paths.sorted()
    }

    /// Path → bytes of every file under `folder`.
    static func contents(under folder: String) -> [String: Data] {
        var result: [String: Data] = [:]
        for path in files(under: folder) {
            result[path] = FileManager.default.contents(atPath: folder + "/" + path)
        }
        return result
    }
}

/// The text of a store file, for tests that check what a command wrote.
func read(_ store: TemporaryStore, _ path: String) -> String? {
    FileManager.default.contents(atPath: store.store + "/" + path).map { String(decoding: $0, as: UTF8.self) }
}

/// The error `body` throws, as text ("no error" when it throws none).
func failure(_ body: () throws -> Void) -> String {
    do {
        try body()
        return "no error"
    } catch {
        return "\(error)"
    }
}
