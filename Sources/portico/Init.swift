import ArgumentParser
import PorticoSite

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a small starter store to edit.",
        discussion: "Writes portico.json, team.json, a guide and one client with a project into DIR (which must be new or empty)."
    )

    @Argument(help: ArgumentHelp("The folder to create.", valueName: "dir"))
    var directory: String

    func run() throws {
        do {
            try StarterStore.write(to: directory)
        } catch {
            Output.error("error: \(error)")
            throw ExitCode(1)
        }
        Output.line("Created a starter store in \(directory). Next: portico check --store \(directory)")
    }
}
