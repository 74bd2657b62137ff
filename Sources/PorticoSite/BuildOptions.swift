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

    public init(store: String = "Content", output: String = "Public", templates: String? = nil,
                now: Date = Date(), environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.store = store
        self.output = output
        self.templates = templates
        self.now = now
        self.environment = environment
    }

    /// Theme folders over the built-in theme: `Templates/` beside the store, then `--templates`.
    var themeOverrides: [String] {
        var folders: [String] = []
        let beside = URL(fileURLWithPath: store).standardizedFileURL.deletingLastPathComponent().appendingPathComponent("Templates").path
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: beside, isDirectory: &isDirectory), isDirectory.boolValue { folders.append(beside) }
        if let templates { folders.append(templates) }
        return folders
    }
}
