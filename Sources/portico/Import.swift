import ArgumentParser
import Foundation
import PorticoImport

/// `portico import trello|toggl|clockify`: bring tasks and hours from the tools virtual
/// assistants already use into the store.
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import tickets from a Trello board, or time from Toggl Track or Clockify.",
        discussion: "Imported files carry `source: \"trello:<id>\"`: a later import rewrites exactly those files "
            + "and never touches anything written by hand. Time is merged into tickets' `time:` lists; "
            + "importing the same report again adds nothing.\n\n"
            + "Exit codes: 0 imported (rows that could not be matched are listed on stderr), "
            + "1 the export, report or store has a problem (nothing written), 2 the command line is wrong.",
        subcommands: [ImportTrello.self, ImportToggl.self, ImportClockify.self]
    )
}

/// Options every importer shares.
struct ImportOptions: ParsableArguments {
    @OptionGroup var storeOptions: StoreOptions

    @Option(name: .long, help: ArgumentHelp("The client to import into.", valueName: "id"))
    var client: String

    @Flag(name: .long, help: "Show what would be written and removed, and write nothing.")
    var dryRun = false
}

struct ImportTrello: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trello",
        abstract: "Turn a Trello board's \"Export as JSON\" file into tickets of one project.",
        discussion: "Lists become statuses (open, in-progress, waiting-on-client, review, done): common list "
            + "names are recognized (\"To Do\", \"Doing\", \"Waiting on client\", \"Review\", \"Done\"); name "
            + "the others with --list-status, or =skip to leave a list's cards out. Cards become "
            + "tickets (description, due date, labels, checklists as task lists, attachments as links), "
            + "members become assignees and comment authors. Cards labelled `private` become private "
            + "tickets; archived cards are skipped (and removed if imported before)."
    )

    @Argument(help: ArgumentHelp("The board's JSON export (board menu → Print, export and share → Export as JSON).", valueName: "export.json"))
    var export: String

    @OptionGroup var options: ImportOptions

    @Option(name: .long, help: ArgumentHelp("The project (in the client's folder) the tickets belong to; created when missing.", valueName: "id"))
    var project: String

    @Option(name: .customLong("list-status"), parsing: .upToNextOption,
            help: ArgumentHelp("Map a list to a status, or to `skip`. Repeatable.", valueName: "List name=status"))
    var listStatus: [String] = []

    @Option(name: .customLong("private-label"), help: ArgumentHelp("Cards with this label become private tickets.", valueName: "name"))
    var privateLabel = "private"

    @Option(name: .long, parsing: .upToNextOption,
            help: ArgumentHelp("Map a Trello member (user name, full name or id) to a team id, or to client:<contact name>. Repeatable.",
                               valueName: "trello-user=team-id"))
    var members: [String] = []

    @Flag(name: .customLong("internal-comments"), help: "Import every comment as internal (private: true).")
    var internalComments = false

    @Flag(name: .customLong("omit-labels"), help: "Leave labels out of ticket descriptions.")
    var omitLabels = false

    @Flag(name: .long, help: "Remove imported tickets whose card is no longer in the export.")
    var prune = false

    func validate() throws {
        for value in listStatus where !value.contains("=") {
            throw ValidationError("--list-status '\(value)' should be \"List name=status\"")
        }
        for value in members where !value.contains("=") {
            throw ValidationError("--members '\(value)' should be trello-user=team-id (give EXPORT.json before the options)")
        }
        if privateLabel.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--private-label must name a label")
        }
    }

    func run() throws {
        var settings = TrelloImportOptions(exportPath: export, storePath: options.storeOptions.store,
                                           client: options.client, project: project)
        settings.listStatus = listStatus
        settings.privateLabel = privateLabel.trimmingCharacters(in: .whitespaces)
        settings.members = members
        settings.internalComments = internalComments
        settings.omitLabels = omitLabels
        settings.prune = prune
        settings.dryRun = options.dryRun
        try ImportOutput.show { () throws(ImportFailure) in try TrelloImporter.run(settings) }
    }
}

/// The two time trackers share everything but their name.
protocol TimeImportCommand: ParsableCommand {
    static var tool: TimeTool { get }
    var report: String { get }
    var options: ImportOptions { get }
    var members: [String] { get }
    var dateOrder: String? { get }
    var toolClient: String? { get }
}

extension TimeImportCommand {
    static func makeConfiguration(name: String, product: String, export: String) -> CommandConfiguration {
        CommandConfiguration(
            commandName: name,
            abstract: "Merge a \(product) detailed CSV report into tickets' time entries.",
            discussion: "Export the report \(export). Each row names its ticket by a tag equal to the "
                + "ticket id, or by #ticket-id (or #project/ticket-id) in its description; the rest of "
                + "the description becomes the entry's note. People are matched to team.json by email, "
                + "then by name (or use --members). Entries already in a ticket are not added again. "
                + "Rows that cannot be matched are listed, with their line numbers, and not imported."
        )
    }

    func validateTimeOptions() throws {
        if let dateOrder, DateOrder(rawValue: dateOrder.lowercased()) == nil {
            throw ValidationError("--date-order must be dmy (10/03/2026 is 10 March), mdy (03/10/2026 is 10 March) or ymd, not '\(dateOrder)'")
        }
        for value in members where !value.contains("=") {
            throw ValidationError("--members '\(value)' should be \"name or email=team-id\" (give REPORT.csv before the options)")
        }
    }

    func runImport() throws {
        var settings = TimeImportOptions(tool: Self.tool, reportPath: report, storePath: options.storeOptions.store, client: options.client)
        settings.members = members
        settings.dateOrder = dateOrder.flatMap { DateOrder(rawValue: $0.lowercased()) }
        settings.toolClient = toolClient
        settings.dryRun = options.dryRun
        try ImportOutput.show { () throws(ImportFailure) in try TimeImporter.run(settings) }
    }
}

struct ImportToggl: TimeImportCommand {
    static let tool = TimeTool.toggl
    static let configuration = makeConfiguration(name: "toggl", product: "Toggl Track",
                                             export: "from Reports → Detailed → Export → Download CSV")

    @Argument(help: ArgumentHelp("The detailed report, as CSV.", valueName: "report.csv"))
    var report: String

    @OptionGroup var options: ImportOptions

    @Option(name: .long, parsing: .upToNextOption,
            help: ArgumentHelp("Map a Toggl user (name or email) to a team id. Repeatable.", valueName: "name=team-id"))
    var members: [String] = []

    @Option(name: .customLong("date-order"), help: ArgumentHelp("How to read dates like 03/04/2026 when the file does not settle it: dmy or mdy.", valueName: "order"))
    var dateOrder: String?

    @Option(name: .customLong("tool-client"), help: ArgumentHelp("The client's name in the report, when it holds several clients and none is named as in client.json.", valueName: "name"))
    var toolClient: String?

    func validate() throws { try validateTimeOptions() }
    func run() throws { try runImport() }
}

struct ImportClockify: TimeImportCommand {
    static let tool = TimeTool.clockify
    static let configuration = makeConfiguration(name: "clockify", product: "Clockify",
                                             export: "from Reports → Detailed → Export → Save as CSV")

    @Argument(help: ArgumentHelp("The detailed report, as CSV.", valueName: "report.csv"))
    var report: String

    @OptionGroup var options: ImportOptions

    @Option(name: .long, parsing: .upToNextOption,
            help: ArgumentHelp("Map a Clockify user (name or email) to a team id. Repeatable.", valueName: "name=team-id"))
    var members: [String] = []

    @Option(name: .customLong("date-order"), help: ArgumentHelp("How to read dates like 03/04/2026 when the file does not settle it: dmy or mdy.", valueName: "order"))
    var dateOrder: String?

    @Option(name: .customLong("tool-client"), help: ArgumentHelp("The client's name in the report, when it holds several clients and none is named as in client.json.", valueName: "name"))
    var toolClient: String?

    func validate() throws { try validateTimeOptions() }
    func run() throws { try runImport() }
}

/// Prints an import's report: what was written on stdout, warnings and errors on stderr.
enum ImportOutput {
    static func show(_ body: () throws(ImportFailure) -> ImportReport) throws {
        let report: ImportReport
        do {
            report = try body()
        } catch {
            Output.error(error.description)
            throw ExitCode(1)
        }
        for note in report.notes { Output.line("  \(note)") }
        let verb = report.dryRun ? "would " : ""
        for path in report.written { Output.line("  \(verb)write \(path)") }
        for path in report.removed { Output.line("  \(verb)remove \(path)") }
        for warning in report.warnings { Output.error("warning: \(warning)") }
        Output.line(report.summary)
    }
}
