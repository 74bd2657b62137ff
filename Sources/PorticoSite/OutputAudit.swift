import Foundation
import PorticoAudit
import PorticoRender
import PorticoStore

/// `portico audit`: re-reads the store and scans an existing output for leaks.
public enum OutputAudit {
    public static func run(store path: String, output: String, templates: String? = nil,
                           environment: [String: String] = ProcessInfo.processInfo.environment) throws(BuildFailure) -> [AuditFinding] {
        let (store, _) = try StoreSession.open(path)
        guard FileManager.default.fileExists(atPath: output) else { throw .output("\(output) does not exist; build first") }
        let options = BuildOptions(store: path, output: output, templates: templates)
        let strings: [String]
        do {
            strings = try Theme.load(overrides: options.themeOverrides).translations.values.flatMap(\.values)
        } catch {
            throw .theme("\(error)")
        }
        let folders = folders(in: output, clients: store.clients.map(\.id))
        // Encrypted portals are read through their keys, derived as the build derived them.
        let secret = ShareSecret.read(store.settings, environment: environment).value
        var locks: [String: PortalLock] = [:]
        for client in store.clients {
            guard let folder = folders[client.id],
                  let lock = try PortalLock.resolve(client, secret: secret, baseURL: store.settings.baseURL, environment: environment) else { continue }
            locks[folder] = lock
        }
        return Auditor(store: store, output: output, folders: folders, boilerplate: strings,
                       read: SealedOutputReader(root: output, locks: locks).read).run()
    }

    /// Portal folders are `<id>` or `<id>-<20 base32 characters>`; matched without the secret, so
    /// an audit needs no access to it. Ids that could collide (`a` and `a-b`) are told apart by length.
    static func folders(in output: String, clients: [String]) -> [String: String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: output)) ?? []
        var result: [String: String] = [:]
        for id in clients {
            if let name = names.first(where: { $0 == id || ($0.hasPrefix(id + "-") && $0.count == id.count + 21
                && $0.dropFirst(id.count + 1).allSatisfy { ("a"..."z").contains($0) || ("2"..."7").contains($0) }) }) {
                result[id] = name
            }
        }
        return result
    }
}
