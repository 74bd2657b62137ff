import PorticoAudit
import PorticoStore

/// Why a build stopped. Nothing is written when a build fails: the previous output stays.
public enum BuildFailure: Error, CustomStringConvertible {
    /// The store has errors (every one of them is listed).
    case store([Diagnostic])
    /// The theme cannot be used.
    case theme(String)
    /// Writing the output failed.
    case output(String)
    /// The audit found private or cross-client content in the new output, which was discarded.
    case leak([AuditFinding])

    public var description: String {
        switch self {
        case let .store(diagnostics): return diagnostics.map(\.description).joined(separator: "\n")
        case let .theme(message), let .output(message): return "error: " + message
        case let .leak(findings):
            return (findings.map(\.description) + ["error: the audit found \(findings.count) leak(s); nothing was published and the previous output is unchanged"]).joined(separator: "\n")
        }
    }
}
