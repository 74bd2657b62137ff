import Foundation

/// What the last build produced, kept beside the output (never inside it, so it is never
/// uploaded): per client the input key and a key per output file. It is only an optimisation:
/// a missing or unreadable cache means a full build, and `--clean` ignores it.
struct BuildCache: Codable {
    struct Client: Codable {
        var inputKey: String
        var folder: String
        /// Output path (portal-relative) to the key of what was written there.
        var files: [String: String]
    }

    var generation = InputFingerprint.generation
    /// The id in the output's marker file when this cache was written.
    var buildID = ""
    var clients: [String: Client] = [:]
    /// Key of the shared output files (root page, assets, headers).
    var sharedKey = ""
    /// Whether the portals were audited when they were made: an audited build never carries
    /// over portals that a `--no-audit` build made.
    var audited = false

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

    static func load(for output: String) -> BuildCache? {
        guard let data = FileManager.default.contents(atPath: location(for: output)),
              let cache = try? JSONDecoder().decode(BuildCache.self, from: data),
              cache.generation == InputFingerprint.generation,
              let marker = FileManager.default.contents(atPath: output + "/" + OutputWriter.marker),
              String(decoding: marker, as: UTF8.self) == cache.buildID else { return nil }
        var trusted = cache
        for (id, entry) in cache.clients where !entry.folder.isEmpty {
            let stamp = FileManager.default.contents(atPath: output + "/" + entry.folder + "/" + OutputWriter.portalStamp)
            if stamp.map({ String(decoding: $0, as: UTF8.self) }) != portalStamp(sharedKey: cache.sharedKey, inputKey: entry.inputKey) {
                // Kept for its folder (to be replaced or removed), but nothing of it is reused.
                trusted.clients[id] = Client(inputKey: "", folder: entry.folder, files: [:])
            }
        }
        return trusted
    }

    func save(for output: String) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(self) else { return }
        try? data.write(to: URL(fileURLWithPath: Self.location(for: output)), options: .atomic)
    }
}
