import Foundation
import PorticoStore

/// Load and validate, the first two stages every command shares.
public enum StoreSession {
    /// The loaded store and its warnings; throws `BuildFailure.store` with every error found.
    public static func open(_ path: String) throws(BuildFailure) -> (Store, [Diagnostic]) {
        let log = DiagnosticLog()
        let store = StoreLoader(root: path, log: log).load()
        if let store { StoreValidator(store: store, log: log).validate() }
        guard let store, !log.hasErrors else { throw .store(sorted(log.errors) + sorted(log.warnings)) }
        return (store, sorted(log.warnings))
    }

    static func sorted(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.sorted { ($0.location.file, $0.location.line ?? 0, $0.location.column ?? 0, $0.message)
            < ($1.location.file, $1.location.line ?? 0, $1.location.column ?? 0, $1.message) }
    }
}
