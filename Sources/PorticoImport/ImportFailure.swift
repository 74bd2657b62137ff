/// Why an import could not be done. Nothing is written when an import fails before its plan is
/// complete; every message names the file (and where it can, the place inside it) at fault.
public struct ImportFailure: Error, CustomStringConvertible, Sendable {
    public var messages: [String]

    public init(_ messages: [String]) { self.messages = messages }
    public init(_ message: String) { self.messages = [message] }

    public var description: String { messages.map { "error: \($0)" }.joined(separator: "\n") }
}

/// What an import did (or, with a dry run, would do): files written and removed, notes on how
/// names were matched, and warnings about anything left out. Nothing is left out silently.
public struct ImportReport: Sendable {
    /// Store-relative paths written, with "new" or "updated".
    public var written: [String] = []
    /// Store-relative paths removed.
    public var removed: [String] = []
    /// How things were interpreted (member mappings, list mappings).
    public var notes: [String] = []
    /// Things the user should look at: rows or cards not imported, and why.
    public var warnings: [String] = []
    /// The one-line result.
    public var summary: String = ""
    /// True when nothing was written (dry run).
    public var dryRun = false

    public init() {}
}
