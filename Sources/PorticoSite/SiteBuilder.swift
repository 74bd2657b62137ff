import Foundation
import PorticoAudit
import PorticoPortal
import PorticoRender
import PorticoStore
import PorticoView

/// The whole build: load → validate → redact (per client) → render → write (temp folder, swap).
/// Clients are built in parallel; nothing reaches the output folder unless every stage succeeds.
public struct SiteBuilder {
    public struct ClientResult: Sendable {
        public var id: String
        public var folder: String
        public var pages: Int
        public var files: Int
    }

    public struct Result: Sendable {
        public var clients: [ClientResult]
        /// Clients left out, with the reason (expired portals).
        public var skipped: [(id: String, reason: String)]
        public var warnings: [String]
        public var output: String
    }

    public let options: BuildOptions

    public init(options: BuildOptions) {
        self.options = options
    }

    public func build() throws(BuildFailure) -> Result {
        let (store, storeWarnings) = try StoreSession.open(options.store)
        var warnings = storeWarnings.map(\.description)
        let theme: Theme
        let renderer: PageRenderer
        do {
            theme = try Theme.load(overrides: options.themeOverrides)
            renderer = try PageRenderer(theme: theme)
        } catch {
            throw .theme("\(error)")
        }
        warnings += theme.warnings
        let assets = try AssetPublisher(theme: theme, store: store)
        let secret = ShareSecret.read(store.settings, environment: options.environment)
        if let warning = secret.warning { warnings.append(warning) }
        var included: [Client] = []
        var skipped: [(id: String, reason: String)] = []
        var locks: [String: PortalLock] = [:]
        for client in store.clients {
            if let reason = PortalExpiry.reason(client, now: options.now) {
                skipped.append((client.id, reason))
                continue
            }
            included.append(client)
            locks[client.id] = try PortalLock.resolve(client, secret: secret.value, baseURL: store.settings.baseURL,
                                                      environment: options.environment)
        }
        let builder = PortalBuilder(store: store, now: options.now, translations: theme.translations,
                                    assets: assets.names, shareSecret: secret.value,
                                    opaqueFileNames: locks.mapValues(\.nameSalt))
        var lockedPage = LockedPage()
        lockedPage.stylesheet = assets.names.stylesheet
        lockedPage.favicon = assets.names.favicon
        lockedPage.script = assets.unlockScript
        lockedPage.iterations = PortalLock.iterations

        // Redact, render and seal every client in parallel; collect problems rather than stop early.
        let slots = ResultSlots<ClientOutput>(count: included.count)
        let clientsToBuild = included, lockedFor = locks, shellTemplate = lockedPage
        DispatchQueue.concurrentPerform(iterations: clientsToBuild.count) { index in
            let client = clientsToBuild[index]
            var shell = shellTemplate
            if let lock = lockedFor[client.id] {
                shell.mode = lock.mode.rawValue
                shell.isPassword = lock.mode == .password
                shell.salt = lock.salt.base64EncodedString()
                shell.t = builder.strings(forLocale: client.locale)
            }
            slots.set(index, ClientOutput.make(client, builder: builder, renderer: renderer, lock: lockedFor[client.id], lockedPage: shell))
        }
        let results = slots.values
        let problems = results.flatMap(\.problems)
        let errors = problems.filter { $0.severity == .error }
        if !errors.isEmpty { throw .store(StoreSession.sorted(errors)) }
        warnings += StoreSession.sorted(problems.filter { $0.severity == .warning }).map(\.description)

        let writer = try OutputWriter(destination: options.output)
        do throws(BuildFailure) {
            try writeShared(writer, assets: assets, renderer: renderer, theme: theme)
            var clients: [ClientResult] = []
            for output in results {
                for (path, content) in output.files {
                    switch content {
                    case let .bytes(data): try writer.write(data, to: output.folder + "/" + path)
                    case let .copy(source): try writer.copy(source, to: output.folder + "/" + path)
                    }
                }
                clients.append(ClientResult(id: output.clientID, folder: output.folder, pages: output.pages, files: output.attachments))
            }
            if options.audit {
                let folders = Dictionary(uniqueKeysWithValues: clients.map { ($0.id, $0.folder) })
                let reader = SealedOutputReader(root: writer.staging, locks: Dictionary(uniqueKeysWithValues: clients.compactMap { client in
                    locks[client.id].map { (client.folder, $0) }
                }))
                let findings = Auditor(store: store, output: writer.staging, folders: folders,
                                       boilerplate: theme.translations.values.flatMap(\.values), read: reader.read).run()
                if !findings.isEmpty { throw BuildFailure.leak(findings) }
            }
            try writer.commit()
            return Result(clients: clients, skipped: skipped, warnings: warnings, output: writer.destination)
        } catch {
            writer.discard()
            throw error
        }
    }

    private func writeShared(_ writer: OutputWriter, assets: AssetPublisher, renderer: PageRenderer, theme: Theme) throws(BuildFailure) {
        for (name, data) in assets.files { try writer.write(data, to: "assets/" + name) }
        var index = RootIndexPage()
        index.stylesheet = assets.names.stylesheet
        index.favicon = assets.names.favicon
        index.t = theme.translations["en"] ?? [:]
        do {
            try writer.write(Data(try renderer.render(index).utf8), to: "index.html")
        } catch let failure as BuildFailure {
            throw failure
        } catch {
            throw .theme("root-index.mustache: error: \(error)")
        }
        try writer.write(Data(SiteFiles.robots.utf8), to: "robots.txt")
        try writer.write(Data(SiteFiles.headers.utf8), to: "_headers")
    }
}

/// Fixed slots that parallel workers fill by index (results keep the clients' order).
final class ResultSlots<Value>: @unchecked Sendable {
    private var storage: [Value?]
    private let lock = NSLock()

    init(count: Int) { storage = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Value) {
        lock.lock()
        storage[index] = value
        lock.unlock()
    }

    var values: [Value] { storage.map { $0! } }
}
