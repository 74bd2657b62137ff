import Foundation
import Testing
@testable import PorticoAudit
@testable import PorticoPortal
@testable import PorticoSite
import PorticoStore

/// The audit re-reads the store on its own and must catch leaks the build did not prevent.
@Suite struct AuditTests {
    let store: TemporaryStore
    let acme: String
    let other: String

    init() throws {
        store = try TemporaryStore(CanaryStore.files)
        try TestBuild.run(store)
        acme = SharePath.folder(clientID: "acme", linkVersion: 1, secret: TestBuild.secret)
        other = SharePath.folder(clientID: "other", linkVersion: 1, secret: TestBuild.secret)
    }

    func audit() throws -> [AuditFinding] {
        try OutputAudit.run(store: store.store, output: store.output)
    }

    @Test func aCleanBuildHasNoFindings() throws {
        #expect(try audit().isEmpty)
    }

    @Test func findsPrivateTextEvenWhenEscapedOrReformatted() throws {
        let page = store.output + "/" + acme + "/index.html"
        var html = try String(contentsOfFile: page, encoding: .utf8)
        html += "<p>canary-priv-ticket-<em>body</em></p>"
        try html.write(toFile: page, atomically: true, encoding: .utf8)
        let findings = try audit()
        #expect(findings.contains { $0.file == "\(acme)/index.html" && $0.item.contains("private ticket hidden") }, "\(findings)")
    }

    @Test func findsAnotherClientsContentAndFiles() throws {
        try "<p>OTHER-CLIENT-TICKET</p>".write(toFile: store.output + "/" + acme + "/extra.html", atomically: true, encoding: .utf8)
        try Data("OTHER-CLIENT-FILE".utf8).write(to: URL(fileURLWithPath: store.output + "/" + acme + "/files/copy.bin"))
        let findings = try audit()
        #expect(findings.contains { $0.file == "\(acme)/extra.html" && $0.kind.contains("OTHER-CLIENT-TICKET") }, "\(findings)")
        #expect(findings.contains { $0.file == "\(acme)/files/copy.bin" && $0.kind == "file contents" }, "\(findings)")
    }

    @Test func findsCopiedPrivateFilesByContentAndName() throws {
        try Data("CANARY-FILE-PRIV-ATTACHMENT".utf8).write(to: URL(fileURLWithPath: store.output + "/" + acme + "/files/renamed.dat"))
        try Data("harmless".utf8).write(to: URL(fileURLWithPath: store.output + "/" + acme + "/files/canary-internal-file.txt"))
        let findings = try audit()
        #expect(findings.contains { $0.file.hasSuffix("renamed.dat") && $0.kind == "file contents" && $0.item.contains("canary-privattach-file.txt") })
        #expect(findings.contains { $0.file.hasSuffix("canary-internal-file.txt") && $0.kind == "file name" })
    }

    @Test func theRootNamesNoClient() throws {
        try "<p>Acme Bakery</p>".write(toFile: store.output + "/index.html", atomically: true, encoding: .utf8)
        #expect(try audit().contains { $0.file == "index.html" })
    }

    /// Both ways of auditing a build: pages checked in memory as they are rendered, or read back
    /// from disk after.
    @Test(arguments: [true, false])
    func aLeakingTemplateFailsTheBuildAndKeepsThePreviousOutput(inMemory: Bool) throws {
        let before = TemporaryStore.contents(under: store.output)
        let theme = store.root.path + "/Leaky"
        try FileManager.default.createDirectory(atPath: theme, withIntermediateDirectories: true)
        try "{{<layout}}{{$main}}<p>CANARY-PRIV-TICKET-BODY</p>{{/main}}{{/layout}}"
            .write(toFile: theme + "/guide.mustache", atomically: true, encoding: .utf8)
        #expect {
            try TestBuild.run(store, templates: theme, auditsInMemory: inMemory)
        } throws: { error in
            guard case let BuildFailure.leak(findings) = error else { return false }
            return findings.contains { $0.file.hasSuffix("guides/public-guide.html") }
        }
        #expect(TemporaryStore.contents(under: store.output) == before)
    }

    @Test func namesMatchWholeWordsOnly() throws {
        // "North 1" is another client's name; "North 12" (this client's) and "north-1000" are not it.
        var files = CanaryStore.files
        files["clients/other/client.json"] = SampleStores.client("North 1")
        files["clients/acme/client.json"] = SampleStores.client("North 12")
        files["clients/acme/projects/web/milestones/launch.md"] = "---\ntitle: Launch north-1000\ndue: 2026-12-01\n---\nGo.\n"
        let store = try TemporaryStore(files)
        try TestBuild.run(store)
        #expect(try OutputAudit.run(store: store.store, output: store.output).isEmpty)
        let page = store.output + "/" + acme + "/index.html"
        try (try String(contentsOfFile: page, encoding: .utf8) + "<p>North 1</p>").write(toFile: page, atomically: true, encoding: .utf8)
        #expect(try OutputAudit.run(store: store.store, output: store.output).contains { $0.file.hasSuffix("/index.html") && $0.item.contains("client other") })
    }

    /// A build prepares its audit from the store while it renders; the findings and summaries
    /// are those of an audit that works everything out when it runs.
    @Test func aPreparedAuditFindsWhatAnAuditFromScratchFinds() throws {
        try "<p>OTHER-CLIENT-TICKET and canary-priv-ticket-body</p>".write(toFile: store.output + "/" + acme + "/extra.html", atomically: true, encoding: .utf8)
        try Data("OTHER-CLIENT-FILE".utf8).write(to: URL(fileURLWithPath: store.output + "/" + acme + "/files/copy.bin"))
        try "<p>Acme Bakery</p>".write(toFile: store.output + "/index.html", atomically: true, encoding: .utf8)
        let (full, _) = try StoreSession.open(store.store)
        let partial = try #require(StoreLoader(root: store.store, log: DiagnosticLog()).load(skipping: ["other"]))
        let folders = OutputAudit.folders(in: store.output, clients: full.clients.map(\.id))
        let strings = ["Overview", "Search"]
        let known = Auditor(store: full, output: store.output, folders: folders).runSummarizing().summaries.filter { $0.clientID == "other" }
        for (model, only, known) in [(full, nil, []), (partial, Set([acme]), known)] as [(Store, Set<String>?, [AuditSummary])] {
            let scratch = Auditor(store: model, output: store.output, folders: folders, boilerplate: strings, only: only, known: known).runSummarizing()
            let prepared = Auditor(store: model, output: store.output, folders: folders, boilerplate: strings, only: only, known: known,
                                   prepared: Auditor.prepare(store: model, boilerplate: strings, known: known)).runSummarizing()
            #expect(scratch.findings.count >= 3, "\(scratch.findings)")
            #expect(prepared.findings == scratch.findings)
            #expect(prepared.summaries == scratch.summaries)
        }
    }

    /// A build checks open portals' rendered files in memory and tells the audit which: those it
    /// does not read again, and the check in memory finds in them what the audit would have.
    @Test func filesCheckedInMemoryAreCheckedThereAndNotReadAgain() throws {
        let leaky = acme + "/extra.html", clean = acme + "/index.html"
        let bytes = Data("<p>OTHER-CLIENT-TICKET and canary-priv-ticket-body</p>".utf8)
        try bytes.write(to: URL(fileURLWithPath: store.output + "/" + leaky))
        let (model, _) = try StoreSession.open(store.store)
        let folders = OutputAudit.folders(in: store.output, clients: model.clients.map(\.id))
        let prepared = Auditor.prepare(store: model)
        let fromDisk = Auditor(store: model, output: store.output, folders: folders, prepared: prepared).run()
        #expect(fromDisk.contains { $0.file == leaky }, "\(fromDisk)")
        // Told the file was checked, the audit leaves it alone (and still reads the others).
        let rest = Auditor(store: model, output: store.output, folders: folders, prepared: prepared, checked: [leaky]).run()
        #expect(rest == fromDisk.filter { $0.file != leaky })
        // The check in memory finds exactly what the audit found in that file, and nothing in a clean page.
        let inMemory = prepared.check(portalOf: "acme", files: [(leaky, bytes), (clean, try Data(contentsOf: URL(fileURLWithPath: store.output + "/" + clean)))])
        #expect(Set(inMemory) == Set(fromDisk.filter { $0.file == leaky }))
        #expect(!inMemory.isEmpty)
        // A preparation from another store is not trusted with them: every file is read.
        let unrelated = Auditor(store: model, output: store.output, folders: folders,
                                prepared: Auditor.prepare(store: try #require(StoreLoader(root: store.store, log: DiagnosticLog()).load(skipping: ["other"]))),
                                checked: [leaky]).run()
        #expect(unrelated == fromDisk)
    }

    /// The index, the texts findings quote and the places each phrase comes from stay aligned,
    /// also for a phrase written in two clients (indexed once, with both places).
    @Test func everyIndexedPhraseIsFoundInItsOwnText() throws {
        var files = CanaryStore.files
        let body = "Quarterly supplier reconciliation for the bakery chain, second pass.\n\nCheck every standing order twice.\n"
        files["clients/acme/projects/web/tickets/same-a.md"] = "---\ntitle: Same words in two portals\nstatus: open\n---\n" + body
        files["clients/other/projects/p/tickets/same-b.md"] = "---\ntitle: Same words in two portals\nstatus: open\n---\n" + body
        let twice = try TemporaryStore(files)
        let (model, _) = try StoreSession.open(twice.store)
        let preparation = Auditor.prepare(store: model)
        #expect(preparation.texts.count == preparation.index.count && preparation.texts.count == preparation.secrets.count)
        #expect(preparation.texts.count > 30)
        for (id, text) in preparation.texts.enumerated() {
            #expect(preparation.index.matchList(in: TextNormalizer.store(text)).contains(Int32(id)), "\(id): \(text)")
        }
        let shared = try #require(preparation.texts.firstIndex { $0.contains("Quarterly supplier reconciliation") })
        #expect(Set(preparation.secrets[shared].compactMap(\.owner)) == ["acme", "other"])
    }

    /// Another client's phrase inside a sentence a client shows is that client's text too: no
    /// finding in its portal (where the phrase is not the client's own, so the scan searches the
    /// client's public text for it), but one anywhere it is not shown.
    @Test func anotherClientsPhraseInsideAShownSentenceIsNoFinding() throws {
        var files = CanaryStore.files
        files["clients/other/projects/p/tickets/reconcile.md"] = "---\ntitle: Reconcile\nstatus: open\n---\nQuarterly supplier reconciliation.\n"
        files["clients/acme/projects/web/tickets/weekly.md"] = "---\ntitle: Weekly\nstatus: open\n---\n"
            + "Every week we do the quarterly supplier reconciliation for the bakery chain.\n"
        let shared = try TemporaryStore(files)
        // The build audits as it goes: it fails on any finding.
        try TestBuild.run(shared)
        let acme = SharePath.folder(clientID: "acme", linkVersion: 1, secret: TestBuild.secret)
        let page = try #require(DirectoryWalk.files(under: shared.output + "/" + acme).first { $0.hasSuffix("weekly.html") })
        #expect(try String(contentsOfFile: shared.output + "/" + acme + "/" + page, encoding: .utf8).contains("quarterly supplier reconciliation"))
        let (model, _) = try StoreSession.open(shared.store)
        let preparation = Auditor.prepare(store: model)
        let phrase = try #require(preparation.texts.firstIndex { $0.hasPrefix("Quarterly supplier reconciliation") })
        let client = try #require(model.clients.firstIndex { $0.id == "acme" })
        #expect(preparation.isCommon(Int32(phrase), in: client))
        #expect(preparation.isCommon(Int32(phrase), in: try #require(model.clients.firstIndex { $0.id == "other" })))
        #expect(try OutputAudit.run(store: shared.store, output: shared.output).isEmpty)
        try "<p>Quarterly supplier reconciliation</p>".write(toFile: shared.output + "/index.html", atomically: true, encoding: .utf8)
        let findings = try OutputAudit.run(store: shared.store, output: shared.output)
        #expect(findings.contains { $0.file == "index.html" && $0.item.contains("reconcile") }, "\(findings)")
    }

    @Test func clientsKnownOnlyFromASummaryAreStillForbidden() throws {
        // The summaries a full audit makes; then acme's portal audited with other not read.
        let (full, _) = try StoreSession.open(store.store)
        let folders = OutputAudit.folders(in: store.output, clients: full.clients.map(\.id))
        let (findings, summaries) = Auditor(store: full, output: store.output, folders: folders).runSummarizing()
        #expect(findings.isEmpty && summaries.map(\.clientID) == ["acme", "other"])
        let partial = try #require(StoreLoader(root: store.store, log: DiagnosticLog()).load(skipping: ["other"]))
        #expect(partial.clients.map(\.id) == ["acme"])
        try "<p>OTHER-CLIENT-TICKET</p>".write(toFile: store.output + "/" + acme + "/extra.html", atomically: true, encoding: .utf8)
        try Data("OTHER-CLIENT-FILE".utf8).write(to: URL(fileURLWithPath: store.output + "/" + acme + "/files/copy.bin"))
        let known = summaries.filter { $0.clientID == "other" }
        let found = Auditor(store: partial, output: store.output, folders: folders, only: [acme], known: known).run()
        #expect(found.contains { $0.file == "\(acme)/extra.html" && $0.item == "client other" }, "\(found)")
        #expect(found.contains { $0.file == "\(acme)/files/copy.bin" && $0.kind == "file contents" }, "\(found)")
        // Without the summary nothing knows that text: the summary is what finds it.
        #expect(Auditor(store: partial, output: store.output, folders: folders, only: [acme]).run().isEmpty)
    }

    @Test func theAuditCacheReadsBackWhatItWroteAndRefusesAnythingElse() throws {
        var phrases = PhraseWords()
        phrases.append([1, 2, 3])
        phrases.append([UInt64.max])
        var cache = AuditCache()
        cache.entries["a"] = AuditCache.Entry(inputKey: "k", summary: AuditSummary(clientID: "a", phrases: phrases, files: ["/x/y", "/z ü"]))
        cache.entries["b"] = AuditCache.Entry(inputKey: "k2", summary: AuditSummary(clientID: "b", phrases: PhraseWords(), files: []))
        let bytes = cache.serialized()
        #expect(AuditCache.parse(bytes: bytes)?.entries == cache.entries)
        for length in 0..<bytes.count { #expect(AuditCache.parse(bytes: Array(bytes[..<length])) == nil) }
        #expect(AuditCache.parse(bytes: bytes + [0]) == nil)
        // Its input keys read alone, from the same layout and nothing else.
        #expect(AuditCache.inputKeys(in: bytes) == ["a": "k", "b": "k2"])
        for length in 0..<bytes.count { #expect(AuditCache.inputKeys(in: Array(bytes[..<length])) == nil) }
        #expect(AuditCache.inputKeys(in: bytes + [0]) == nil)
        #expect(PhraseWords(words: [1, 2], starts: [0, 3]) == nil)
        // Saved beside an output, readable by its owner only, with no temporary file left.
        let output = store.root.path + "/Saved"
        cache.save(for: output)
        #expect(AuditCache.load(for: output)?.entries == cache.entries)
        let mode = try FileManager.default.attributesOfItem(atPath: AuditCache.location(for: output))[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.root.path).filter { $0.contains(".building-") }.isEmpty)
    }

    @Test func phraseIndexFindsWholeWordRunsOnly() {
        let index = PhraseIndex(["client 0", "north 12 road", "a b c d e", "single"].map { Array($0.utf8) })
        #expect(index.matches(in: Array("see client 0 here".utf8)) == [0])
        #expect(index.matches(in: Array("client 0008 and client 00".utf8)).isEmpty)
        #expect(index.matches(in: Array("north 12 road and x a b c d e".utf8)) == [1, 2])
        #expect(index.matches(in: Array("a b c d f single".utf8)) == [3])
        #expect(index.matches(in: Array("singles".utf8)).isEmpty)
    }
}
