import Foundation
import PorticoStore

/// Load and validate, the first two stages every command shares.
public enum StoreSession {
    /// The loaded store and its warnings; throws `BuildFailure.store` with every error found.
    public static func open(_ path: String) throws(BuildFailure) -> (Store, [Diagnostic]) {
        let (store, warnings, _) = try openTimed(path)
        return (store, warnings)
    }

    /// `open`, with the seconds spent loading and validating (for `--verbose`); the client
    /// folders in `skipping` are not read (see `StoreLoader.load`).
    static func openTimed(_ path: String, skipping: Set<String> = []) throws(BuildFailure) -> (Store, [Diagnostic], (load: Double, validate: Double)) {
        let log = DiagnosticLog()
        let start = Date()
        let store = StoreLoader(root: path, log: log).load(skipping: skipping)
        let loaded = Date()
        if let store { StoreValidator(store: store, log: log).validate() }
        let seconds = (load: loaded.timeIntervalSince(start), validate: Date().timeIntervalSince(loaded))
        guard let store, !log.hasErrors else { throw .store(sorted(log.errors) + sorted(log.warnings)) }
        return (store, sorted(log.warnings), seconds)
    }

    static func sorted(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.sorted { ($0.location.file, $0.location.line ?? 0, $0.location.column ?? 0, $0.message)
            < ($1.location.file, $1.location.line ?? 0, $1.location.column ?? 0, $1.message) }
    }
}
