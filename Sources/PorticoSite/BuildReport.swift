import Foundation

/// What a build did, for `--report FILE` (JSON) and the summary line.
public struct BuildReport: Codable, Sendable {
    public struct ClientReport: Codable, Sendable {
        public var id: String
        public var folder: String
        /// Pages and files in the portal.
        public var pages: Int
        public var files: Int
        /// Files written because their content is new or changed.
        public var written: Int
        /// Files carried over from the previous output (same bytes, same modification time).
        public var unchanged: Int
        /// Files of the previous output that are gone (removed or newly private items).
        public var removed: Int
        /// Nothing of this client changed: the portal was carried over without being rebuilt.
        public var skipped: Bool
    }

    public var output: String
    public var clients: [ClientReport] = []
    /// Portals not built, with the reason (expired).
    public var notBuilt: [String: String] = [:]
    public var warnings: [String] = []
    /// "passed", "skipped" (--no-audit) or "not needed" (nothing was rebuilt).
    public var audit = "passed"
    /// Wall seconds per stage (see `stageOrder`).
    public var stages: [String: Double] = [:]
    /// Seconds per part of a stage: of "load and validate", load and validate; of the parallel
    /// stage, redact (without Markdown), markdown, templates, seal, write and the audit's check of
    /// the pages just rendered ("audit scan", when the audit was prepared first), each summed over
    /// the threads that did it (with N cores they add up to about N times that stage's time).
    public var work: [String: Double] = [:]

    /// The stages in pipeline order, for printing.
    public static let stageOrder = ["theme", "fingerprint", "load and validate", "prepare audit", "redact, render and write", "audit", "swap"]
    /// Parts of a stage, by stage.
    public static let workOrder = ["load and validate": ["load", "validate"],
                                   "redact, render and write": ["redact", "markdown", "templates", "seal", "write", "audit scan"]]
    public var seconds = 0.0
    public var nothingChanged = false
    /// Clients read from the store: when the shared files are unchanged, only those whose
    /// inputs changed (the others' portals stay as they are).
    public var clientsLoaded = 0

    public func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}

/// Wall time per stage of a build.
struct StageClock {
    private var started = Date()
    private(set) var stages: [String: Double] = [:]

    mutating func lap(_ stage: String) {
        let now = Date()
        stages[stage, default: 0] += now.timeIntervalSince(started)
        started = now
    }
}

/// Time spent in each part of the parallel stage, summed across worker threads.
final class WorkTimes: @unchecked Sendable {
    private var seconds: [String: Double] = [:]
    private let lock = NSLock()

    /// Runs `body`, adding its duration to `part`.
    func measure<T, E: Error>(_ part: String, _ body: () throws(E) -> T) throws(E) -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        defer { add(part, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9) }
        return try body()
    }

    func add(_ part: String, _ duration: Double) {
        lock.lock()
        seconds[part, default: 0] += duration
        lock.unlock()
    }

    var totals: [String: Double] {
        lock.lock()
        defer { lock.unlock() }
        return seconds
    }
}
