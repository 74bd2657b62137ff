import Foundation

/// What a build reads and writes.
public struct BuildOptions: Sendable {
    public var store: String
    public var output: String
    /// A theme folder laid over the default theme (`--templates`).
    public var templates: String?
    /// The build's "now": fixed by `--now` for reproducible output.
    public var now: Date
    /// The process environment (the share secret is read from it), injectable for tests.
    public var environment: [String: String]
    /// Scan the new output for leaks before publishing it (`--no-audit` turns it off).
    public var audit: Bool = true
    /// Ignore the build cache and rebuild everything (`--clean`).
    public var clean = false
    /// Build only these clients (`--clients a,b`); nil builds all.
    public var clients: Set<String>?
    /// Build only the clients of shard `index` of `count` (`--shard I/N`, 1-based).
    public var shard: (index: Int, count: Int)?
    /// Called with a short description of each stage, for a progress line.
    public var progress: (@Sendable (String) -> Void)?
    /// Whether the audit's preparation is worked out before rendering, so that open portals'
    /// pages are checked in memory (true), or beside the rendering and every file read from disk
    /// afterwards (false); nil decides by the number of portals and cores. Tests set it to run both.
    var auditsInMemory: Bool?
    /// Files changed before this count as settled (their digests are kept for the next build);
    /// by default, files changed over two seconds before the build. Tests set a later time.
    var settledBefore: FileTime?

    /// Whether this build includes `client`. Shards split by a stable hash of the id, so a
    /// client stays in its shard when others are added.
    func selects(_ client: String) -> Bool {
        if let clients, !clients.contains(client) { return false }
        if let shard {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in client.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            return Int(hash % UInt64(shard.count)) == shard.index - 1
        }
        return true
    }

    public init(store: String = "Content", output: String = "Public", templates: String? = nil,
                now: Date = Date(), environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.store = store
        self.output = output
        self.templates = templates
        self.now = now
        self.environment = environment
    }

    /// Theme folders over the built-in theme: `Templates/` beside the store, then `--templates`.
    public var themeOverrides: [String] {
        var folders: [String] = []
        let beside = URL(fileURLWithPath: store).standardizedFileURL.deletingLastPathComponent().appendingPathComponent("Templates").path
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: beside, isDirectory: &isDirectory), isDirectory.boolValue { folders.append(beside) }
        if let templates { folders.append(templates) }
        return folders
    }
}
