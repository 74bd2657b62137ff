import PorticoStore

/// Why a build stopped. Nothing is written when a build fails: the previous output stays.
public enum BuildFailure: Error, CustomStringConvertible {
    /// The store has errors (every one of them is listed).
    case store([Diagnostic])
    /// The theme cannot be used.
    case theme(String)
    /// Writing the output failed.
    case output(String)

    public var description: String {
        switch self {
        case let .store(diagnostics): return diagnostics.map(\.description).joined(separator: "\n")
        case let .theme(message), let .output(message): return message
        }
    }
}
