import ArgumentParser
import Foundation
import PorticoSite
import PorticoStore

struct Digest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digest",
        abstract: "Write, per client, an email of what changed in their portal since a date.",
        discussion: """
        Writes <output>/<client-id>/digest.eml (text and HTML, To: the client's contacts, From: the
        agency) for every client whose portal changed since --since: new comments and
        discussions, new and completed tasks, milestones reached, new and paid invoices, with
        what needs their input. Only what the portal shows is used. Nothing is sent: pipe each
        file to your mailer, e.g. `sendmail -t -oi < Digests/acme/digest.eml`.
        The output folder is replaced as a whole, so old messages never linger.
        """
    )

    @OptionGroup var storeOptions: StoreOptions

    @Option(name: .long, help: ArgumentHelp("Report what changed since this date or time (ISO 8601; a date means its start in each client's time zone).", valueName: "date"))
    var since: String

    @Option(name: .long, help: ArgumentHelp("Where to write the messages.", valueName: "dir"))
    var output: String = "Digests"

    @Option(name: .long, help: ArgumentHelp("A theme folder whose translations replace the default theme's.", valueName: "dir"))
    var templates: String?

    @Option(name: .long, help: ArgumentHelp("Write as of this date or time (ISO 8601): the messages' Date and the end of the period.", valueName: "iso8601"))
    var now: String?

    @Flag(name: .long, help: "Print only problems (for cron).")
    var quiet = false

    func validate() throws {
        guard case .success = StoreDate.parse(since) else {
            throw ValidationError("--since must be a date like 2026-11-15 or a date-time like 2026-11-15T09:00:00Z, not '\(since)'")
        }
        if let now, NowOption.parse(now) == nil {
            throw ValidationError("--now must be a date like 2026-11-22 or a date-time like 2026-11-22T09:00:00Z, not '\(now)'")
        }
        if let templates, !FileManager.default.fileExists(atPath: templates) {
            throw ValidationError("--templates folder '\(templates)' does not exist")
        }
    }

    func run() throws {
        guard case let .success(start) = StoreDate.parse(since) else { throw ExitCode(2) }
        let options = DigestRun.Options(store: storeOptions.store, output: output, since: start,
                                        now: now.flatMap(NowOption.parse) ?? Date(), templates: templates)
        let result = try DigestRun.run(options)
        for warning in result.warnings { Output.error(warning) }
        guard !quiet else { return }
        for skipped in result.skipped { Output.line("  \(skipped.id): no message (\(skipped.reason))") }
        for message in result.written {
            Output.line("  \(message.clientID) → \(output)/\(message.path) (\(message.changes) update\(message.changes == 1 ? "" : "s"), to \(message.recipients) contact\(message.recipients == 1 ? "" : "s"))")
        }
        Output.line("Wrote \(result.written.count) digest\(result.written.count == 1 ? "" : "s") into \(output); nothing was sent")
    }
}
