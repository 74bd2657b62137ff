import ArgumentParser
import Foundation
import PorticoSite
import PorticoStore

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build every client's portal into the output folder.",
        discussion: """
        The new output is written beside the old one and swapped in only when everything
        succeeded: a failed build leaves the previous output exactly as it was.
        Each portal lives in <output>/<client-id>-<token>/, the token derived from the secret in
        the variable that portico.json's "shareSecretEnv" names (see `portico links`).
        """
    )

    @OptionGroup var storeOptions: StoreOptions

    @Option(name: .long, help: ArgumentHelp("Where to write the portals.", valueName: "dir"))
    var output: String = "Public"

    @Option(name: .long, help: ArgumentHelp("A theme folder whose files replace the default theme's.", valueName: "dir"))
    var templates: String?

    @Option(name: .long, help: ArgumentHelp("Build as of this date or time (ISO 8601), for reproducible output.", valueName: "iso8601"))
    var now: String?

    @Flag(name: .long, help: "Print only problems (for cron).")
    var quiet = false

    @Flag(name: .long, help: "Skip the leak audit that runs before the new output is published.")
    var noAudit = false

    func validate() throws {
        if let now, NowOption.parse(now) == nil {
            throw ValidationError("--now must be a date like 2026-11-22 or a date-time like 2026-11-22T09:00:00Z, not '\(now)'")
        }
        if let templates, !FileManager.default.fileExists(atPath: templates) {
            throw ValidationError("--templates folder '\(templates)' does not exist")
        }
    }

    func run() throws {
        let started = Date()
        var options = BuildOptions(store: storeOptions.store, output: output, templates: templates,
                                   now: now.flatMap(NowOption.parse) ?? Date())
        options.audit = !noAudit
        let result = try SiteBuilder(options: options).build()
        for warning in result.warnings { Output.error(warning) }
        for skipped in result.skipped { Output.error("note: \(skipped.id): \(skipped.reason); not built") }
        guard !quiet else { return }
        let pages = result.clients.reduce(0) { $0 + $1.pages }, files = result.clients.reduce(0) { $0 + $1.files }
        for client in result.clients {
            Output.line("  \(client.id) → \(output)/\(client.folder)/ (\(client.pages) pages, \(client.files) files)")
        }
        let seconds = String(format: "%.2f", Date().timeIntervalSince(started))
        Output.line("Built \(result.clients.count) portal\(result.clients.count == 1 ? "" : "s") (\(pages) pages, \(files) files) into \(output) in \(seconds) s")
    }
}

/// `--now` accepts a day (its start in UTC) or a date-time with an offset.
enum NowOption {
    static func parse(_ text: String) -> Date? {
        guard case let .success(date) = StoreDate.parse(text) else { return nil }
        return date.instant(in: TimeZone(identifier: "UTC")!)
    }
}
