/// One problem found in a store, with the place it was found.
public struct Diagnostic: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning }

    public var severity: Severity
    public var location: SourceLocation
    public var message: String

    public init(_ severity: Severity, _ location: SourceLocation, _ message: String) {
        self.severity = severity
        self.location = location
        self.message = message
    }

    public static func error(_ location: SourceLocation, _ message: String) -> Diagnostic {
        Diagnostic(.error, location, message)
    }

    public static func warning(_ location: SourceLocation, _ message: String) -> Diagnostic {
        Diagnostic(.warning, location, message)
    }

    /// `Content/clients/acme/client.json:7:3: error: ...`, the format compilers and editors read.
    public var description: String { "\(location): \(severity.rawValue): \(message)" }
}

/// Collects every problem of a run, so a user sees them all at once rather than one per build.
public final class DiagnosticLog: @unchecked Sendable {
    public private(set) var diagnostics: [Diagnostic] = []

    public init() {}

    public func error(_ location: SourceLocation, _ message: String) {
        diagnostics.append(.error(location, message))
    }

    public func warning(_ location: SourceLocation, _ message: String) {
        diagnostics.append(.warning(location, message))
    }

    public func append(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }

    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// Thrown when a store cannot be built; carries every diagnostic, sorted by place.
public struct StoreErrors: Error, CustomStringConvertible, Sendable {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
