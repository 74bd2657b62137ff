import Foundation
import PorticoStore
import Yams

/// What an importer needs to know of the store: the team, the client (contacts, time zone),
/// and the files that are already there. Loaded with Portico's own loader.
struct StoreContext {
    let root: String
    let displayRoot: String
    let store: Store
    let client: Client
    let timeZone: TimeZone
    /// The loader's diagnostics before the import, to tell new problems from old ones.
    let diagnosticsBefore: Set<Diagnostic>

    init(storePath: String, clientID: String) throws(ImportFailure) {
        var shown = storePath
        while shown.hasPrefix("./") { shown.removeFirst(2) }
        while shown.count > 1, shown.hasSuffix("/") { shown.removeLast() }
        displayRoot = shown
        root = URL(fileURLWithPath: storePath).standardizedFileURL.path
        let (loaded, diagnostics) = Self.load(storePath)
        guard let loaded else {
            throw ImportFailure(["cannot read the store at \(storePath)"] + diagnostics.filter { $0.severity == .error }.map(\.description))
        }
        guard let client = loaded.clients.first(where: { $0.id == clientID }) else {
            let known = loaded.clients.map(\.id)
            var message = "no client '\(clientID)' in \(shown)/clients"
            if let guess = Self.suggestion(clientID, among: known) { message += " (did you mean '\(guess)'?)" }
            message += known.isEmpty ? "; the store has no clients yet" : "; clients: \(known.joined(separator: ", "))"
            throw ImportFailure(message)
        }
        store = loaded
        self.client = client
        timeZone = TimeZone(identifier: client.timezone) ?? TimeZone(identifier: "UTC")!
        diagnosticsBefore = Set(diagnostics)
    }

    static func load(_ path: String) -> (Store?, [Diagnostic]) {
        let log = DiagnosticLog()
        let store = StoreLoader(root: path, log: log).load()
        if let store { StoreValidator(store: store, log: log).validate() }
        return (store, log.diagnostics)
    }

    var clientDirectory: String { root + "/clients/" + client.id }

    /// `Content/clients/acme/…` for messages.
    func display(_ path: String) -> String {
        guard path.hasPrefix(root) else { return path }
        let relative = path.dropFirst(root.count).drop { $0 == "/" }
        return relative.isEmpty ? displayRoot : displayRoot + "/" + relative
    }

    /// Store-relative path (`clients/acme/…`), as reports list written files.
    func relative(_ path: String) -> String {
        guard path.hasPrefix(root + "/") else { return path }
        return String(path.dropFirst(root.count + 1))
    }

    /// Errors the loader finds now that it did not find before the import.
    func newErrors() -> [Diagnostic] {
        let (_, after) = Self.load(root)
        return after.filter { $0.severity == .error && !diagnosticsBefore.contains($0) }
    }

    /// Team id for a person, matched by email (case-insensitive), then full name, then id.
    func teamMember(email: String?, name: String?) -> (id: String, how: String)? {
        if let email = email?.trimmingCharacters(in: .whitespaces).lowercased(), !email.isEmpty,
           let member = store.team.first(where: { $0.email?.lowercased() == email }) {
            return (member.id, "by email")
        }
        if let name = name.map(Self.normalizedName), !name.isEmpty {
            if let member = store.team.first(where: { Self.normalizedName($0.name) == name }) { return (member.id, "by name") }
            if let member = store.team.first(where: { $0.id == name }) { return (member.id, "by id") }
        }
        return nil
    }

    static func normalizedName(_ name: String) -> String {
        name.split(whereSeparator: \.isWhitespace).joined(separator: " ").lowercased()
    }

    static func suggestion(_ value: String, among known: [String]) -> String? {
        // A small edit distance is enough for ids and names typed on a command line.
        var best: (String, Int)?
        for candidate in known {
            let distance = editDistance(value.lowercased(), candidate.lowercased())
            if distance <= max(1, min(value.count, candidate.count) / 3), distance < (best?.1 ?? .max) { best = (candidate, distance) }
        }
        return best?.0
    }

    private static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}

/// A ticket as found on disk, whoever wrote it.
struct TicketFile {
    var id: String
    /// `tickets/<id>.md|.json` or `tickets/<id>/index.md|.json`.
    var path: String
    /// The bundle folder, for a bundle.
    var bundle: String?
    /// The `source` field, when the file has one and it could be read.
    var source: String?
    /// False when the file could not be parsed: it is then never touched.
    var readable: Bool

    var isJSON: Bool { path.hasSuffix(".json") }
}

enum StoreScan {
    /// Every ticket in a `tickets/` folder, by id (files and bundle folders alike).
    static func tickets(in directory: String) -> [TicketFile] {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: directory) else { return [] }
        var result: [TicketFile] = []
        for name in names.sorted() where !name.hasPrefix(".") {
            let path = directory + "/" + name
            var isDirectory: ObjCBool = false
            manager.fileExists(atPath: path, isDirectory: &isDirectory)
            if isDirectory.boolValue {
                let markdown = path + "/index.md", json = path + "/index.json"
                let index = manager.fileExists(atPath: markdown) ? markdown : manager.fileExists(atPath: json) ? json : nil
                if let index {
                    let (source, readable) = readSource(index)
                    result.append(TicketFile(id: name, path: index, bundle: path, source: source, readable: readable))
                } else {
                    result.append(TicketFile(id: name, path: path, bundle: path, source: nil, readable: false))
                }
            } else {
                let ext = (name as NSString).pathExtension
                let id = (name as NSString).deletingPathExtension
                guard ext == "md" || ext == "json" else { continue }
                let (source, readable) = readSource(path)
                result.append(TicketFile(id: id, path: path, bundle: nil, source: source, readable: readable))
            }
        }
        return result
    }

    /// The `source` of a text item (.md front matter or .json), and whether the file could be read.
    static func readSource(_ path: String) -> (String?, Bool) {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            return (nil, false)
        }
        if path.hasSuffix(".json") {
            guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return (nil, false) }
            return (object["source"] as? String, true)
        }
        guard let document = FrontMatterDocument(text) else { return (nil, !text.hasPrefix("---")) }
        do {
            let node = try Yams.compose(yaml: document.yaml)
            return (node?.field("source")?.scalar?.string, true)
        } catch {
            return (nil, false)
        }
    }
}

/// Writes and removes store files: each file is written whole to a temporary file beside it
/// and renamed into place, so a reader never sees half a file.
struct StoreWriter {
    let dryRun: Bool

    func write(_ text: String, to path: String) throws(ImportFailure) {
        guard !dryRun else { return }
        do {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw ImportFailure("cannot write \(path): \(error.localizedDescription)")
        }
    }

    func remove(_ path: String) throws(ImportFailure) {
        guard !dryRun else { return }
        do {
            try FileManager.default.removeItem(atPath: path)
        } catch {
            throw ImportFailure("cannot remove \(path): \(error.localizedDescription)")
        }
    }

    /// Removes a folder only when it is empty (hand-added files keep it).
    func removeIfEmpty(_ directory: String) {
        guard !dryRun, let names = try? FileManager.default.contentsOfDirectory(atPath: directory), names.isEmpty else { return }
        try? FileManager.default.removeItem(atPath: directory)
    }
}

extension Node {
    /// The value of a mapping's field, by its plain-text name.
    func field(_ name: String) -> Node? {
        mapping?.first { $0.key.scalar?.string == name }?.value
    }
}
