import ArgumentParser
import Foundation
import PorticoPortal
import PorticoSite

struct Links: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "links",
        abstract: "Print each client's portal link, to send to them.",
        discussion: "Links join portico.json's baseURL with each client's unguessable folder. Treat them like passwords: anyone holding one can read that portal."
    )

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        let (store, _) = try StoreSession.open(storeOptions.store)
        let secret = ShareSecret.read(store.settings, environment: ProcessInfo.processInfo.environment)
        if let warning = secret.warning { Output.error(warning) }
        var base = store.settings.baseURL
        if !base.isEmpty, !base.hasSuffix("/") { base += "/" }
        for client in store.clients {
            let folder = SharePath.folder(clientID: client.id, linkVersion: client.portal.linkVersion, secret: secret.value)
            var fragment = ""
            if client.portal.access == .key {
                // The key travels in the fragment, which browsers never send to the host.
                fragment = try PortalLock.resolve(client, secret: secret.value, baseURL: store.settings.baseURL,
                                                  environment: [:])?.linkFragment ?? ""
            }
            let note = client.portal.access == .password ? "\t(password: from $\(client.portal.passwordEnv ?? "?"))" : ""
            Output.line("\(client.id)\t\(base)\(folder)/\(fragment)\(note)")
        }
    }
}
