import Foundation
import Testing
@testable import PorticoAudit
@testable import PorticoPortal
@testable import PorticoSite
import struct PorticoStore.FileStatus

/// Scheduled rebuilds: unchanged portals and files are carried over (same bytes, same
/// modification time), changed ones rewritten, removed ones gone — always equal to a clean build.
@Suite struct IncrementalBuildTests {
    static func modificationTimes(_ folder: String) -> [String: Date] {
        var times: [String: Date] = [:]
        for path in TemporaryStore.files(under: folder) {
            times[path] = (try? FileManager.default.attributesOfItem(atPath: folder + "/" + path))?[.modificationDate] as? Date
        }
        return times
    }

    @Test func aCacheThatCannotBeWrittenLeavesNothingBehind() throws {
        let store = try TemporaryStore(CanaryStore.files)
        let output = store.root.path + "/Out"
        // A folder where each cache goes: the rename over it fails, after the bytes were written.
        for location in [BuildCache.location(for: output), AuditCache.location(for: output)] {
            try FileManager.default.createDirectory(atPath: location + "/taken", withIntermediateDirectories: true)
        }
        BuildCache().save(for: output)
        AuditCache().save(for: output)
        let beside = try FileManager.default.contentsOfDirectory(atPath: store.root.path).filter { $0.hasPrefix(".Out") }
        #expect(beside.sorted() == [".Out.portico-audit", ".Out.portico-cache.json"])
    }

    @Test func nothingChangedMeansNothingWritten() throws {
        let store = try TemporaryStore(CanaryStore.files)
        try TestBuild.run(store)
        let before = Self.modificationTimes(store.output)
        let report = try TestBuild.run(store)
        #expect(report.nothingChanged)
        #expect(Self.modificationTimes(store.output) == before)
    }

    /// The audit cache's input keys decide which clients an incremental build leaves unloaded;
    /// their phrases are read later, beside the rendering. A cache damaged past its keys (so
    /// that they read, but the phrases do not) cannot leave the audit without those clients:
    /// the build loads every client instead, whichever way it audits.
    @Test(arguments: [true, false])
    func anAuditCacheDamagedPastItsKeysMeansEveryClientIsLoaded(inMemory: Bool) throws {
        let store = try TemporaryStore(CanaryStore.files)
        try TestBuild.run(store)
        let location = AuditCache.location(for: store.output)
        var bytes = try #require(FileStatus.contents(location, followingLinks: true))
        // The first entry's first phrase start, 0 in every cache that reads.
        func integer(at offset: Int) -> Int { Int(bytes[offset..<offset + 4].withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }) }
        let idAt = AuditCache.format.count + 4
        let keyAt = idAt + 4 + integer(at: idAt)
        let startsAt = keyAt + 4 + integer(at: keyAt)
        #expect(integer(at: startsAt) > 0 && integer(at: startsAt + 4) == 0)
        bytes[startsAt + 4] = 1
        try Data(bytes).write(to: URL(fileURLWithPath: location))
        #expect(AuditCache.inputKeys(in: bytes) != nil)
        #expect(AuditCache.parse(bytes: bytes) == nil)

        let path = "clients/acme/projects/web/tickets/public/index.md"
        try store.write(path, CanaryStore.files[path]!.replacingOccurrences(of: "PUBLIC-TICKET-BODY-TWIN", with: "PUBLIC-TICKET-BODY-EDITED"))
        let report = try TestBuild.run(store, auditsInMemory: inMemory)
        #expect(report.clientsLoaded == 2)
        #expect(report.audit == "passed")
        try expectEqualToCleanBuild(store)
        // And the next build, with the cache this one wrote, leaves the unchanged client unloaded again.
        try store.write(path, CanaryStore.files[path]!)
        #expect(try TestBuild.run(store, auditsInMemory: inMemory).clientsLoaded == 1)
    }

    @Test func editingOneTicketRewritesOnlyWhatShowsIt() throws {
        let store = try TemporaryStore(CanaryStore.files)
        try TestBuild.run(store)
        let before = Self.modificationTimes(store.output)
        Thread.sleep(forTimeInterval: 0.02)
        var ticket = CanaryStore.files["clients/acme/projects/web/tickets/public/index.md"]!
        ticket = ticket.replacingOccurrences(of: "PUBLIC-TICKET-BODY-TWIN", with: "PUBLIC-TICKET-BODY-EDITED")
        try store.write("clients/acme/projects/web/tickets/public/index.md", ticket)
        let report = try TestBuild.run(store)
        let after = Self.modificationTimes(store.output)
        let changed = after.keys.filter { after[$0] != before[$0] && $0 != OutputWriter.marker }.sorted()
        let acme = SiteBuildTests.acme
        // The ticket's page, and the feed and search index that carry its text (and the portal's
        // stamp, which names its inputs): nothing else.
        #expect(changed == ["\(acme)/.portico-portal", "\(acme)/feed.xml", "\(acme)/projects/web/tickets/public.html", "\(acme)/search.html"],
                "\(changed)")
        #expect(report.clients.first { $0.id == "other" }?.skipped == true)
        #expect(report.clients.first { $0.id == "acme" }?.written == changed.count)
        // Only the changed client was read; the audit knew the other from its cache.
        #expect(report.clientsLoaded == 1)
        #expect(report.audit == "passed")
        try expectEqualToCleanBuild(store)
    }

    @Test func aClientNotReadKeepsItsCacheEntry() throws {
        let store = try TemporaryStore(CanaryStore.files)
        try TestBuild.run(store)
        let before = try #require(BuildCache.load(for: store.output)?.clients["other"])
        #expect(!before.files.isEmpty)
        var ticket = CanaryStore.files["clients/acme/projects/web/tickets/public/index.md"]!
        ticket = ticket.replacingOccurrences(of: "PUBLIC-TICKET-BODY-TWIN", with: "PUBLIC-TICKET-BODY-EDITED")
        try store.write("clients/acme/projects/web/tickets/public/index.md", ticket)
        let report = try TestBuild.run(store)
        #expect(report.clientsLoaded == 1)
        let other = try #require(report.clients.first { $0.id == "other" })
        #expect(other.pages == before.files.keys.filter { $0.hasSuffix(".html") }.count && other.files == before.files.count)
        // Its file list is what the next build that rebuilds it reuses pages by.
        #expect(BuildCache.load(for: store.output)?.clients["other"] == before)
    }

    @Test func anIncrementalBuildChecksItsPortalsAgainstClientsItDidNotRead() throws {
        let store = try TemporaryStore(CanaryStore.files)
        try TestBuild.run(store)
        // acme now publishes a file whose name (shown as its title) is the title of other's
        // ticket; other is unchanged, so not read.
        try store.write("clients/acme/projects/web/tickets/named/index.md", "---\ntitle: Named\nattachments: [other-client-ticket.txt]\n---\n")
        try store.write("clients/acme/projects/web/tickets/named/other-client-ticket.txt", "acme's own")
        let before = TemporaryStore.contents(under: store.output)
        func findings(_ output: String? = nil) -> [AuditFinding] {
            do {
                try TestBuild.run(store, output: output)
            } catch let BuildFailure.leak(found) {
                return found
            } catch {
                Issue.record("\(error)")
            }
            return []
        }
        let incremental = findings()
        #expect(incremental.contains { $0.file.hasSuffix("/tickets/named.html") && $0.item.hasPrefix("ticket t ")
            && $0.kind == "text 'OTHER-CLIENT-TICKET'" }, "\(incremental)")
        // Named exactly as a build that reads every client names them, and nothing published.
        #expect(incremental == findings(store.root.path + "/Fresh"))
        #expect(TemporaryStore.contents(under: store.output) == before)
    }

    @Test func aDamagedAuditCacheMeansEveryClientIsRead() throws {
        let store = try TemporaryStore(CanaryStore.files)
        try TestBuild.run(store)
        try Data("portico-audit-1\n\u{7}".utf8).write(to: URL(fileURLWithPath: AuditCache.location(for: store.output)))
        var ticket = CanaryStore.files["clients/acme/projects/web/tickets/public/index.md"]!
        ticket = ticket.replacingOccurrences(of: "PUBLIC-TICKET-BODY-TWIN", with: "PUBLIC-TICKET-BODY-EDITED")
        try store.write("clients/acme/projects/web/tickets/public/index.md", ticket)
        let report = try TestBuild.run(store)
        #expect(report.clientsLoaded == 2)
        #expect(AuditCache.load(for: store.output)?.entries.keys.sorted() == ["acme", "other"])
        try expectEqualToCleanBuild(store)
    }

    @Test func makingAnItemPrivateRemovesItsPages() throws {
        let store = try TemporaryStore(CanaryStore.files)
        try TestBuild.run(store)
        let ticket = CanaryStore.files["clients/acme/projects/web/tickets/public/index.md"]!
            .replacingOccurrences(of: "status: review\n", with: "status: review\nprivate: true\n")
        try store.write("clients/acme/projects/web/tickets/public/index.md", ticket)
        let report = try TestBuild.run(store)
        #expect(!FileManager.default.fileExists(atPath: store.output + "/\(SiteBuildTests.acme)/projects/web/tickets/public.html"))
        #expect((report.clients.first { $0.id == "acme" }?.removed ?? 0) >= 3) // the page and its two attachments
        try expectEqualToCleanBuild(store)
    }

    /// Builds the same store cleanly elsewhere and compares every byte.
    func expectEqualToCleanBuild(_ store: TemporaryStore, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let clean = store.root.path + "/Clean-\(UUID().uuidString)"
        var options = BuildOptions(store: store.store, output: clean, now: TestBuild.now,
                                   environment: ["PORTICO_TEST_SECRET": TestBuild.secret])
        options.clean = true
        _ = try SiteBuilder(options: options).build()
        let incremental = TemporaryStore.contents(under: store.output)
        let fresh = TemporaryStore.contents(under: clean)
        #expect(incremental.keys.sorted() == fresh.keys.sorted(), sourceLocation: sourceLocation)
        for (path, data) in fresh where incremental[path] != data {
            Issue.record("\(path) differs from a clean build", sourceLocation: sourceLocation)
        }
        try? FileManager.default.removeItem(atPath: clean)
    }

    /// With the audit on, rebuilds read only the changed clients and audit them through the
    /// audit's cache; with it off, without one. `settled`: every file counts as settled, as in a
    /// store edited minutes apart, so files' digests and folders' summaries are taken from the
    /// cache (a test's files are otherwise too new to be trusted, and every file is read).
    @Test(arguments: [(false, false), (true, false), (true, true)])
    func randomEditSequencesEqualCleanBuilds(audit: Bool, settled: Bool) throws {
        let cases = (Int(ProcessInfo.processInfo.environment["PORTICO_INCREMENTAL_CASES"] ?? "") ?? 12) / (audit ? 2 : 1)
        for seed in 0..<UInt64(cases) {
            var random = SplitMix(seed: seed &+ 99)
            var files = RandomStore(seed: seed).files
            let store = try TemporaryStore(files)
            var options = BuildOptions(store: store.store, output: store.output, now: TestBuild.now,
                                       environment: ["PORTICO_TEST_SECRET": TestBuild.secret])
            options.audit = audit
            if settled { options.settledBefore = FileTime.now().minus(seconds: -3600) }
            _ = try SiteBuilder(options: options).build()
            if settled {
                // Every folder of the store is summarised: a rebuild takes each whole.
                let cache = try #require(BuildCache.load(for: store.output))
                #expect(Set(cache.digests.roots.keys) == Set(try FileManager.default.contentsOfDirectory(atPath: store.store + "/clients")
                    .map { store.store + "/clients/" + $0 }).union([store.store + "/guides", store.store + "/files"]
                        .filter { FileManager.default.fileExists(atPath: $0) }))
            }
            for _ in 0..<4 {
                // An edit, an addition, a deletion or a visibility flip, at random.
                let editable = files.keys.filter { $0.hasSuffix(".md") && $0.contains("/tickets/") }.sorted()
                guard !editable.isEmpty else { break }
                let path = editable[random.int(in: 0...(editable.count - 1))]
                switch random.int(in: 0...3) {
                case 0: files[path] = files[path]!.replacingOccurrences(of: "\n---\n", with: "\n---\nEdited \(random.int(in: 0...999)).\n")
                case 1: files[path] = files[path]!.replacingOccurrences(of: "private: false", with: "private: true")
                case 2: files[path] = files[path]!.replacingOccurrences(of: "private: true", with: "private: false")
                default:
                    if path.hasSuffix("/index.md") { break }
                    files[path] = nil
                    try store.remove(path)
                    continue
                }
                try store.write(path, files[path]!)
                let report = try SiteBuilder(options: options).build()
                // One ticket of one client changed: no other client is read.
                #expect(report.clientsLoaded <= 1, "seed \(seed): \(report.clientsLoaded) clients read")
                try expectEqualToCleanBuild(store)
            }
        }
    }
}
