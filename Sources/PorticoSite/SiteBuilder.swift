import Crypto
import Foundation
import PorticoAudit
import PorticoMarkdown
import PorticoPortal
import PorticoRender
import PorticoStore
import PorticoView

/// The whole build: load → validate → redact (per client) → render → write (temp folder, swap).
/// Clients are built in parallel; nothing reaches the output folder unless every stage succeeds.
/// A client whose inputs did not change since the last build is carried over, not rebuilt.
public struct SiteBuilder {
    public let options: BuildOptions

    public init(options: BuildOptions) {
        self.options = options
    }

    public func build() throws(BuildFailure) -> BuildReport {
        let started = Date()
        let buildLock = try BuildLock.acquire(for: options.output)
        defer { withExtendedLifetime(buildLock) {} }
        if let report = try build(started: started, loadingEveryClient: false) { return report }
        // The audit found something in a portal while it knew some clients only from its cache:
        // again with every client loaded, so that findings name the items they come from.
        guard let report = try build(started: started, loadingEveryClient: true) else {
            throw .output("the audit could not be completed")
        }
        return report
    }

    /// One build; nil when the audit found something while clients were left unloaded (see `build()`).
    private func build(started: Date, loadingEveryClient: Bool) throws(BuildFailure) -> BuildReport? {
        var clock = StageClock()
        var report = BuildReport(output: URL(fileURLWithPath: options.output).standardizedFileURL.path)

        // The last build's cache is read on another core while the theme loads and the store is
        // listed (the fingerprint needs all three), without the clients' files: a build with
        // nothing to do does not need them.
        let cacheRead = BackgroundWork { [output = report.output] in BuildCache.load(for: output, files: false) }
        options.progress?("theme")
        // The default theme's fingerprint is known without loading it: a build with nothing to
        // do needs no more (overrides are loaded, and hashed, here).
        var loadedTheme: Theme?
        let themeKey: String
        if options.themeOverrides.isEmpty {
            themeKey = Theme.builtInFingerprint
        } else {
            do {
                loadedTheme = try Theme.load(overrides: options.themeOverrides)
            } catch {
                throw .theme("\(error)")
            }
            themeKey = loadedTheme!.fingerprint
        }
        clock.lap("theme")

        // Fingerprint the inputs before reading the store: when nothing changed, stop here.
        options.progress?("fingerprint")
        let storeRoot = URL(fileURLWithPath: options.store).standardizedFileURL.path
        let settingsRecord = (FileManager.default.contents(atPath: storeRoot + "/portico.json"))
            .flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] } ?? [:]
        let secretName = settingsRecord["shareSecretEnv"] as? String ?? ""
        let clientIDs = ((try? FileManager.default.contentsOfDirectory(atPath: storeRoot + "/clients")) ?? [])
            .filter { !$0.hasPrefix(".") && options.selects($0) }.sorted()
        // What is in the store, with stamps, while the cache is read (neither needs the other):
        // the shared files, then each client's folder, in parallel; and what of each client's
        // `client.json` its key needs besides contents.
        let sharedPaths = InputFingerprint.sharedPaths(storeRoot: storeRoot)
        let rootPaths = sharedPaths + clientIDs.map { storeRoot + "/clients/" + $0 }
        let lister = InputFingerprint(storeRoot: storeRoot)
        let defaultTimeZone = settingsRecord["timezone"] as? String ?? "UTC"
        let listed = Parallel.map(rootPaths.count) { [options] index -> (StoreListing, [String]) in
            let listing = lister.listing(of: rootPaths[index])
            guard index >= sharedPaths.count else { return (listing, []) }
            return (listing, lister.clientKeyParts(client: clientIDs[index - sharedPaths.count], defaultTimeZone: defaultTimeZone,
                                                   now: options.now, environment: options.environment))
        }
        // `--clean` rebuilds every portal; a cache of portals made without the audit is not
        // trusted by a build that audits.
        var lastCache = cacheRead.value
        let trusted = { (cache: BuildCache?) in options.clean ? nil : cache.flatMap { $0.audited || !options.audit ? $0 : nil } }
        // Its file digests are facts about the store (kept by file identity, size and times),
        // good whichever build recorded them, `--clean` or not. A root listed with the stamps
        // recorded for it takes its recorded digest; others are digested file by file.
        let fingerprint = lister.knowing(lastCache?.digests, settledBefore: options.settledBefore)
        let rootDigests = Parallel.map(rootPaths.count) { fingerprint.digest(of: listed[$0].0) }
        let sharedKey = InputFingerprint.combine([InputFingerprint.generation, themeKey,
                                                  rootDigests[..<sharedPaths.count].joined(separator: ":"),
                                                  Self.digest(options.environment[secretName] ?? "")])
        let keyList = clientIDs.indices.map { index in
            InputFingerprint.combine([sharedKey, rootDigests[sharedPaths.count + index]] + listed[sharedPaths.count + index].1)
        }
        let inputKeys = Dictionary(uniqueKeysWithValues: zip(clientIDs, keyList))
        clock.lap("fingerprint")
        if let previous = trusted(lastCache), previous.sharedKey == sharedKey, Set(previous.clients.keys) == Set(clientIDs),
           clientIDs.allSatisfy({ previous.clients[$0]?.inputKey == inputKeys[$0] }) {
            report.nothingChanged = true
            // Files that settled since the last build are not read again next time.
            if fingerprint.learnedDigests, var updated = lastCache {
                updated.digests = fingerprint.digests
                updated.save(for: report.output, reusing: lastCache)
            }
            report.audit = "not needed"
            // Portals not built last time (expired) are recorded without a folder; same inputs, same answer.
            for id in clientIDs where previous.clients[id]!.folder.isEmpty { report.notBuilt[id] = "not built (unchanged since the last build)" }
            report.clients = clientIDs.filter { !previous.clients[$0]!.folder.isEmpty }.map { id in
                let entry = previous.clients[id]!, counts = previous.counts[id] ?? (0, 0)
                return BuildReport.ClientReport(id: id, folder: entry.folder, pages: counts.pages,
                                                files: counts.files, written: 0, unchanged: counts.files, removed: 0, skipped: true)
            }
            report.stages = clock.stages
            report.seconds = Date().timeIntervalSince(started)
            return report
        }

        // The theme is loaded and its templates parsed only for a build that renders (the theme's
        // fingerprint covers them), on another core while the audit cache's keys, the cache's file
        // lists and the store are read (an incremental build reads one client: a core would be idle).
        let themeLoaded = BackgroundWork { [loadedTheme] () -> Result<(Theme, PageRenderer), TemplateFailure> in
            do {
                let theme = try loadedTheme ?? Theme.load(overrides: [])
                return .success((theme, try PageRenderer(theme: theme)))
            } catch {
                return .failure(TemplateFailure(description: "\(error)"))
            }
        }

        // When the shared files are unchanged, only the changed portals are written and swapped
        // in one by one; otherwise the whole output is built beside the old one and swapped.
        let portalsOnly = trusted(lastCache)?.sharedKey == sharedKey
        // Then the unchanged clients are not even loaded: their portals stay as they are, and
        // the audit knows them from its cache (without which every client is loaded). Their
        // warnings were shown when they changed, as a build with nothing changed shows none.
        var skipped: Set<String> = []
        var auditCacheFile: [UInt8]?
        if portalsOnly, !loadingEveryClient, let previous = trusted(lastCache) {
            let unchanged = clientIDs.filter { previous.clients[$0]?.inputKey == inputKeys[$0] }
            if options.audit {
                // Only the entries' input keys are read here; their phrases (megabytes) are read
                // where the audit is prepared, beside the rendering (see `AuditPlan`).
                auditCacheFile = AuditCache.bytes(for: report.output)
                let keys = auditCacheFile.flatMap { AuditCache.inputKeys(in: $0) }
                if unchanged.allSatisfy({ keys?[$0] == inputKeys[$0] }) { skipped = Set(unchanged) }
            } else {
                skipped = Set(unchanged)
            }
        }

        // The file lists of the portals this build may rebuild or reuse from (none when it does
        // not go by the cache: `--clean`).
        if trusted(lastCache) != nil { lastCache?.loadFiles(except: skipped) }
        let previous = trusted(lastCache)

        options.progress?("load")
        let (store, storeWarnings, storeSeconds) = try StoreSession.openTimed(options.store, skipping: skipped)
        clock.lap("load and validate")
        let theme: Theme, renderer: PageRenderer
        switch themeLoaded.value {
        case let .success(loaded): (theme, renderer) = loaded
        case let .failure(failure): throw .theme(failure.description)
        }
        report.warnings = storeWarnings.map(\.description) + theme.warnings
        // What the parse took beyond the loading, if anything.
        clock.lap("theme")
        report.clientsLoaded = store.clients.count
        report.work["load"] = storeSeconds.load
        report.work["validate"] = storeSeconds.validate
        let boilerplate = theme.translations.values.flatMap(\.values)
        let assets = try AssetPublisher(theme: theme, store: store)
        let secret = ShareSecret.read(store.settings, environment: options.environment)
        if let warning = secret.warning { report.warnings.append(warning) }

        var included: [Client] = []
        var locks: [String: PortalLock] = [:]
        for client in store.clients where options.selects(client.id) {
            if let reason = PortalExpiry.reason(client, now: options.now) {
                report.notBuilt[client.id] = reason
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

        // What the audit checks against depends on the store alone. When fewer portals render
        // than there are cores (an incremental build), it is worked out meanwhile on an idle core,
        // and the audit reads every rebuilt file afterwards. A larger build works it out first, on
        // every core, so that each open portal's files are checked as soon as they are rendered,
        // while their bytes are in memory: the audit then reads from disk only what was not checked
        // so (copied attachments, reused files, encrypted portals, anything else in the output).
        let preparesEarly = options.audit && !(options.auditsInMemory ?? (included.count >= ProcessInfo.processInfo.activeProcessorCount))
        let plan: @Sendable () -> AuditPlan? = { [skipped, auditCacheFile] in AuditPlan.make(store: store, boilerplate: boilerplate, skipped: skipped, cacheFile: auditCacheFile) }
        let auditPreparation = preparesEarly ? BackgroundWork(plan) : nil
        let plannedFirst = options.audit && !preparesEarly ? plan() : nil
        // The audit cache did not hold every client left unloaded after all: again, with every client loaded.
        if options.audit, !preparesEarly, plannedFirst == nil { return nil }
        let preparedFirst = plannedFirst?.preparation
        if preparedFirst != nil { clock.lap("prepare audit") }

        // Redact, render, seal and write every changed client in parallel; leave the others in
        // place. Files go to the staging folder, which replaces the output (or the rebuilt
        // portals in it) only at the end.
        options.progress?("render \(included.count) portal(s)")
        let writer = try OutputWriter(destination: options.output)
        // The audit cache for later builds is written on another core as soon as the plan is
        // known (it is megabytes, and describes inputs, not this output: see `AuditPlan.nextCache`),
        // under a temporary name beside the output: so only once the writer has swept those
        // that killed builds left.
        var auditCacheSaved: BackgroundWork<Void>?
        defer { auditCacheSaved?.value }
        let saveAuditCache = { [inputKeys, output = report.output] (plan: AuditPlan) in
            BackgroundWork { plan.nextCache(inputKeys: inputKeys).save(for: output) }
        }
        if let plannedFirst { auditCacheSaved = saveAuditCache(plannedFirst) }
        do throws(BuildFailure) {
            // A build that cannot go by the cache (`--clean`, or no cache it can trust) but
            // finds the previous output's shared files as it would write them leaves each portal
            // that comes out the same, file for file, where it is, and swaps in only the others,
            // as an incremental build does: no copy of the whole output to make and delete.
            let shared = portalsOnly ? [] : try sharedFiles(assets: assets, renderer: renderer, theme: theme)
            let inPlace = !portalsOnly && writer.holdsExactly(shared: shared)
            if !portalsOnly && !inPlace { for file in shared { try writer.write(file.data, to: file.path) } }
            let sharedNames = OutputWriter.topLevelNames(shared.map(\.path))
            let clientsToBuild = included, lockedFor = locks, shellTemplate = lockedPage, keys = inputKeys
            let root = report.output
            let times = WorkTimes()
            let markdownBefore = MarkdownRenderer.secondsSpent
            let copies = RendererCopies(renderer)
            let built = Parallel.map(clientsToBuild.count) { index -> Result<ClientOutput, BuildFailure> in
                let client = clientsToBuild[index]
                let before = previous?.clients[client.id].map { ClientOutput.Previous(cache: $0, root: root) }
                // Unchanged since the last build, whose shared inputs were these too: left in place.
                // (An input key includes the shared key, so a build with other shared inputs
                // finds no client unchanged.)
                if portalsOnly, let before, before.cache.inputKey == keys[client.id] {
                    return .success(ClientOutput.leftInPlace(clientID: client.id, entry: before.cache))
                }
                var shell = shellTemplate
                if let lock = lockedFor[client.id] {
                    shell.mode = lock.mode.rawValue
                    shell.isPassword = lock.mode == .password
                    shell.salt = lock.salt.base64EncodedString()
                    shell.t = builder.strings(forLocale: client.locale)
                }
                var output = copies.with { renderer in
                    ClientOutput.make(client, builder: builder, renderer: renderer, lock: lockedFor[client.id],
                                      lockedPage: shell, themeKey: themeKey, previous: before, times: times,
                                      stamp: BuildCache.portalStamp(sharedKey: sharedKey, inputKey: keys[client.id] ?? ""))
                }
                // A client with errors fails the build: nothing of it needs writing.
                guard !output.problems.contains(where: { $0.severity == .error }) else { return .success(output) }
                // Open portals' rendered files are audited here, from the bytes about to be
                // written (or found unchanged on disk); encrypted ones are read and opened later.
                if let preparedFirst, lockedFor[client.id] == nil {
                    times.measure("audit scan") { output.audit(with: preparedFirst) }
                }
                if inPlace, times.measure("write", { output.isInPlace(writer) }) {
                    output.keepInPlace()
                    return .success(output)
                }
                do throws(BuildFailure) {
                    try output.write(to: writer, times: times)
                    return .success(output)
                } catch {
                    return .failure(error)
                }
            }
            var results: [ClientOutput] = []
            for slot in built {
                switch slot {
                case let .success(output): results.append(output)
                case let .failure(failure): throw failure
                }
            }
            // The clients not loaded: their portals are left in place.
            for id in skipped {
                guard let entry = previous?.clients[id] else { continue }
                guard !entry.folder.isEmpty else {
                    report.notBuilt[id] = "not built (unchanged since the last build)"
                    continue
                }
                results.append(ClientOutput.leftInPlace(clientID: id, entry: entry, counts: previous?.counts[id]))
            }
            results.sort { $0.clientID < $1.clientID }
            // Leaving portals in place: the previous output's folders that are no portal of
            // this build go; the rest of it (shared files, unchanged portals) stays.
            var removedFolders: [String] = [], leftInPlace: [String] = []
            if inPlace {
                let staged = Set((try? FileManager.default.contentsOfDirectory(atPath: writer.staging)) ?? [])
                let portals = Set(results.map(\.folder))
                for folder in writer.previousFolders() where !staged.contains(folder) {
                    if portals.contains(folder) || sharedNames.folders.contains(folder) { leftInPlace.append(folder) } else { removedFolders.append(folder) }
                }
                leftInPlace += sharedNames.files.sorted()
            }
            let problems = results.flatMap(\.problems)
            let errors = problems.filter { $0.severity == .error }
            if !errors.isEmpty { throw .store(StoreSession.sorted(errors)) }
            report.warnings += StoreSession.sorted(problems.filter { $0.severity == .warning }).map(\.description)
            clock.lap("redact, render and write")
            // Markdown is rendered while redacting: shown apart, and taken out of redact.
            let markdown = MarkdownRenderer.secondsSpent - markdownBefore
            for (part, seconds) in times.totals { report.work[part] = seconds }
            report.work["markdown"] = markdown
            report.work["redact"] = max(0, (report.work["redact"] ?? 0) - markdown)

            var cache = BuildCache()
            cache.sharedKey = sharedKey
            cache.audited = options.audit
            cache.digests = fingerprint.digests
            for output in results {
                let before = previous?.clients[output.clientID]
                let removed = before.map { old in
                    old.folder == output.folder ? old.files.keys.filter { output.keys[$0] == nil }.count : old.files.count
                } ?? 0
                report.clients.append(BuildReport.ClientReport(
                    id: output.clientID, folder: output.folder, pages: output.pages, files: output.fileCount,
                    written: output.written, unchanged: output.unchanged, removed: removed, skipped: output.carriedOver))
                if skipped.contains(output.clientID), let previous {
                    cache.keep(output.clientID, from: previous)
                } else {
                    cache.clients[output.clientID] = BuildCache.Client(inputKey: inputKeys[output.clientID] ?? "", folder: output.folder, files: output.keys)
                }
            }
            for id in report.notBuilt.keys {
                cache.clients[id] = BuildCache.Client(inputKey: inputKeys[id] ?? "", folder: "", files: [:])
            }
            cache.buildID = BuildCache.outputID(sharedKey: sharedKey)
            // The cache (megabytes) is written under a temporary name on another core while the
            // output is audited and swapped in, and renamed into place once the output it describes
            // is; a build that stops before then removes it.
            let cachePath = BuildCache.location(for: report.output), cacheTemporary = OutputWriter.temporary(for: report.output, ".cache")
            let cacheWritten = BackgroundWork { [cache, reused = previous] in
                FileIO.writeTemporary(cache.serializedParts(reusing: reused), to: cacheTemporary)
            }
            var cacheInstalled = false
            defer { if !cacheInstalled, cacheWritten.value { unlink(cacheTemporary) } }
            if options.audit {
                options.progress?("audit")
                let folders = Dictionary(uniqueKeysWithValues: results.map { ($0.clientID, $0.folder) })
                // What this build leaves in place is read where it is.
                var elsewhere: [String: String] = [:]
                for name in leftInPlace { elsewhere[name] = writer.destination }
                let reader = SealedOutputReader(root: writer.staging, elsewhere: elsewhere, locks: Dictionary(uniqueKeysWithValues: results.compactMap { output in
                    locks[output.clientID].map { (output.folder, $0) }
                }))
                // Portals carried over were audited when they were made, from the same inputs.
                let rebuilt = Set(results.filter { !$0.carriedOver }.map(\.folder))
                guard let plan = auditPreparation?.value ?? plannedFirst else {
                    // The audit cache did not hold every client left unloaded after all.
                    writer.discard()
                    return nil
                }
                if auditCacheSaved == nil { auditCacheSaved = saveAuditCache(plan) }
                let diskFindings = Auditor(store: store, output: writer.staging, folders: folders,
                                           boilerplate: boilerplate, read: reader.read, only: rebuilt, known: plan.known,
                                           elsewhere: elsewhere, prepared: plan.preparation,
                                           checked: Set(results.flatMap(\.auditedFiles))).run()
                let findings = Array(Set(diskFindings + results.flatMap(\.auditFindings)))
                    .sorted { ($0.file, $0.item, $0.kind) < ($1.file, $1.item, $1.kind) }
                if !findings.isEmpty {
                    guard skipped.isEmpty else {
                        writer.discard()
                        return nil
                    }
                    throw BuildFailure.leak(findings)
                }
                clock.lap("audit")
            } else {
                report.audit = "skipped"
            }
            if portalsOnly {
                let folders = Set(results.map(\.folder))
                let removed = (previous?.clients.values.map(\.folder) ?? []).filter { !$0.isEmpty && !folders.contains($0) }
                try writer.commitPortals(markerContents: cache.buildID, removed: removed)
            } else if inPlace {
                try writer.commitPortals(markerContents: cache.buildID, removed: removedFolders)
            } else {
                try writer.commit(markerContents: cache.buildID)
            }
            if cacheWritten.value { FileIO.install(cacheTemporary, at: cachePath) }
            cacheInstalled = true
            auditCacheSaved?.value
            writer.finishRemoving()
            clock.lap("swap")
        } catch {
            writer.discard()
            throw error
        }
        report.stages = clock.stages
        report.seconds = Date().timeIntervalSince(started)
        // The store and what was made of it are let go of on another thread (see `Discard`).
        Discard.later((consume builder, consume store, consume lastCache, consume plannedFirst, consume auditPreparation))
        return report
    }

    private static func digest(_ text: String) -> String {
        InputFingerprint.hex(SHA256.hash(data: Data(text.utf8)))
    }

    /// The files outside the portals: assets, the root page, robots.txt and _headers.
    private func sharedFiles(assets: AssetPublisher, renderer: PageRenderer, theme: Theme) throws(BuildFailure) -> [(path: String, data: Data)] {
        var files = assets.files.map { (path: "assets/" + $0.0, data: $0.1) }
        var index = RootIndexPage()
        index.stylesheet = assets.names.stylesheet
        index.favicon = assets.names.favicon
        index.t = theme.translations["en"] ?? [:]
        do {
            files.append(("index.html", Data(try renderer.render(index).utf8)))
        } catch {
            throw .theme("root-index.mustache: error: \(error)")
        }
        files.append(("robots.txt", Data(SiteFiles.robots.utf8)))
        files.append(("_headers", Data(SiteFiles.headers.utf8)))
        return files
    }
}

/// Why the theme's templates could not be parsed (carried from the thread that parsed them).
private struct TemplateFailure: Error, Sendable {
    var description: String
}
