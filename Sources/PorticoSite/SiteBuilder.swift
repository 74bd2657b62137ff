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
        let builder = PortalBuilder(store: store, now: options.now, translations: theme.translations,
                                    assets: assets.names, shareSecret: secret.value)

        var included: [Client] = []
        var skipped: [(id: String, reason: String)] = []
        for client in store.clients {
            if let reason = PortalExpiry.reason(client, now: options.now) {
                skipped.append((client.id, reason))
            } else {
                included.append(client)
            }
        }

        // Redact and render every client in parallel; collect problems rather than stopping early.
        let slots = ResultSlots<(ClientPortal, [Diagnostic], [(String, Data)])>(count: included.count)
        let clientsToBuild = included
        DispatchQueue.concurrentPerform(iterations: clientsToBuild.count) { index in
            let (portal, diagnostics) = builder.build(clientsToBuild[index])
            var rendered: [(String, Data)] = []
            var problems = diagnostics
            for (path, page) in portal.pages {
                do {
                    rendered.append((path, Data(try renderer.render(page).utf8)))
                } catch {
                    problems.append(.error(SourceLocation(file: page.template + ".mustache"), "\(error)"))
                }
            }
            slots.set(index, (portal, problems, rendered))
        }
        let results = slots.values
        let problems = results.flatMap(\.1)
        let errors = problems.filter { $0.severity == .error }
        if !errors.isEmpty { throw .store(StoreSession.sorted(errors)) }
        warnings += StoreSession.sorted(problems.filter { $0.severity == .warning }).map(\.description)

        let writer = try OutputWriter(destination: options.output)
        do throws(BuildFailure) {
            try writeShared(writer, assets: assets, renderer: renderer, theme: theme)
            var clients: [ClientResult] = []
            for (portal, _, pages) in results {
                for (path, data) in pages { try writer.write(data, to: portal.folder + "/" + path) }
                for file in portal.files { try writer.copy(file.sourcePath, to: portal.folder + "/" + file.outputPath) }
                clients.append(ClientResult(id: portal.clientID, folder: portal.folder, pages: pages.count, files: portal.files.count))
            }
            if options.audit {
                let folders = Dictionary(uniqueKeysWithValues: clients.map { ($0.id, $0.folder) })
                let findings = Auditor(store: store, output: writer.staging, folders: folders,
                                       boilerplate: theme.translations.values.flatMap(\.values)).run()
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
