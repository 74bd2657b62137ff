import ArgumentParser
import Foundation
import PorticoServe
import PorticoSite

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Preview the portals on 127.0.0.1, rebuilding as you edit.",
        discussion: """
        Builds the output, serves it on http://127.0.0.1:PORT/ only (never on the network), and
        watches the store and the theme: every change rebuilds incrementally and open pages
        reload. While the store has errors, pages show them (file:line) instead of stale content.
        """
    )

    @OptionGroup var storeOptions: StoreOptions

    @Option(name: .long, help: ArgumentHelp("The output folder to build and serve.", valueName: "dir"))
    var output: String = "Public"

    @Option(name: .long, help: ArgumentHelp("A theme folder whose files replace the default theme's.", valueName: "dir"))
    var templates: String?

    @Option(name: .long, help: "The port on 127.0.0.1.")
    var port: UInt16 = 8000

    func run() async throws {
        let options = BuildOptions(store: storeOptions.store, output: output, templates: templates)
        let server = PreviewServer(options: options, port: port)
        try await server.run { message in Output.line(message) }
    }
}
