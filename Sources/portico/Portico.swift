import ArgumentParser
import Foundation
import PorticoSite

/// `portico`: builds one private, read-only portal per client from a project store.
@main
struct Portico: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "portico",
        abstract: "Publish a private, read-only portal for each client from your project store.",
        discussion: """
        Portico reads a store folder (JSON and Markdown files: clients, projects, milestones,
        tickets, discussions, guides, invoices) and writes one static website per client that
        shows only what is meant for that client. Private items never reach a portal.

        Start with `portico init MyStore`, edit the files, then `portico check --store MyStore`
        to see what each client will see, and `portico build --store MyStore` to publish.

        Exit codes: 0 success, 1 the store (or output) has problems, 2 the command line is wrong.
        """,
        subcommands: [Build.self, Serve.self, Check.self, Links.self, Audit.self, Digest.self, Import.self, Init.self],
        defaultSubcommand: nil
    )

    /// Runs the command, mapping errors to Portico's exit codes (usage errors are 2, not 64).
    static func main() async {
        do {
            // The usual scheduled build is read directly (see `QuickBuildArguments`).
            if let build = QuickBuildArguments.parse(CommandLine.arguments.dropFirst()) {
                try build.run()
            } else {
                var command = try parseAsRoot()
                if var asynchronous = command as? AsyncParsableCommand {
                    try await asynchronous.run()
                } else {
                    try command.run()
                }
            }
            // Done: what the command wrote is written and closed, its lock dies with the process,
            // and the kernel takes back the memory. The libraries' exit handlers and the async
            // runtime's teardown would only add time to every scheduled rebuild.
            fflush(nil)
            _exit(0)
        } catch let failure as BuildFailure {
            Output.error(failure.description)
            Foundation.exit(1)
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                Output.error(fullMessage(for: error))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// Options every store command shares.
struct StoreOptions: ParsableArguments {
    static let defaultStore = "Content"

    @Option(name: .long, help: ArgumentHelp("The store folder to read.", valueName: "dir"))
    var store: String = defaultStore
}
