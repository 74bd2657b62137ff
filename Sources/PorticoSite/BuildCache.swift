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

    /// A digest of the output the cache describes, which the inputs determine: same inputs,
    /// same id, so incremental and clean builds write the same marker.
    var contentID: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return InputFingerprint.combine([sharedKey, String(decoding: (try? encoder.encode(clients)) ?? Data(), as: UTF8.self)])
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
        return cache
    }

    func save(for output: String) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(self) else { return }
        try? data.write(to: URL(fileURLWithPath: Self.location(for: output)), options: .atomic)
    }
}
