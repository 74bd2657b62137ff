import ArgumentParser
import Foundation
import PorticoSite

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate the store and show, per client, what will be published and what is hidden.",
        discussion: "Reports every problem of the store at once, as file:line:column. Writes nothing."
    )

    @OptionGroup var storeOptions: StoreOptions

    @Option(name: .long, help: ArgumentHelp("Check as of this date (ISO 8601).", valueName: "iso8601"))
    var now: String?

    func validate() throws {
        if let now, NowOption.parse(now) == nil {
            throw ValidationError("--now must be a date like 2026-11-22, not '\(now)'")
        }
    }

    func run() throws {
        let report = try PublicationReport(storePath: storeOptions.store, now: now.flatMap(NowOption.parse) ?? Date(),
                                           environment: ProcessInfo.processInfo.environment)
        for warning in report.warnings { Output.error(warning) }
        for section in report.sections {
            Output.line("\(section.clientID) → \(section.folder)/\(section.skippedReason.map { "  (not built: \($0))" } ?? "")")
            for line in section.published { Output.line("  publishes: \(line)") }
            for line in section.hidden { Output.line("  hides:     \(line)") }
        }
        Output.line("Store OK: \(report.sections.count) client(s), \(report.warnings.count) warning(s)")
    }
}
