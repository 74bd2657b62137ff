import ArgumentParser
import PorticoSite

struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Scan a built output for private items and cross-client content.",
        discussion: """
        Re-reads the store on its own and scans every output file (pages, feeds, calendars,
        file names, copied attachments by content hash) for the text and files of private
        items, and for anything of one client outside that client's portal. `portico build`
        runs it before publishing unless --no-audit is given. Exit 1 on any finding.
        """
    )

    @OptionGroup var storeOptions: StoreOptions

    @Option(name: .long, help: ArgumentHelp("The output folder to scan.", valueName: "dir"))
    var output: String = "Public"

    @Option(name: .long, help: ArgumentHelp("The theme folder the build used, if any.", valueName: "dir"))
    var templates: String?

    func run() throws {
        let findings = try OutputAudit.run(store: storeOptions.store, output: output, templates: templates)
        for finding in findings { Output.error(finding.description) }
        guard findings.isEmpty else {
            Output.error("error: \(findings.count) leak(s) found in \(output)")
            throw ExitCode(1)
        }
        Output.line("Audit OK: no private or cross-client content in \(output)")
    }
}
