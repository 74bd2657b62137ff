import Foundation
import Testing
@testable import PorticoSite
@testable import PorticoStore

@Suite struct StoreLoaderTests {
    /// Loads and validates; returns the diagnostics as the user sees them.
    func problems(_ store: TemporaryStore) -> [String] {
        do {
            _ = try StoreSession.open(store.store)
            return []
        } catch {
            guard case let .store(diagnostics) = error else { return ["\(error)"] }
            return diagnostics.map { $0.description.replacingOccurrences(of: store.store, with: "Content") }
        }
    }

    @Test func loadsTheMinimalStore() throws {
        let store = try TemporaryStore(SampleStores.minimal)
        let log = DiagnosticLog()
        let loaded = try #require(StoreLoader(root: store.store, log: log).load())
        #expect(!log.hasErrors, "\(log.diagnostics)")
        #expect(loaded.clients.map(\.id) == ["acme"])
        let ticket = try #require(loaded.clients.first?.projects.first?.tickets.first)
        #expect(ticket.title == "Write homepage copy")
        #expect(ticket.status == .waitingOnClient)
        #expect(ticket.body.markdown == "Please send the brief.\n")
    }

    @Test func unknownFieldsAreErrorsWithDidYouMean() throws {
        var files = SampleStores.minimal
        files["clients/acme/projects/web/tickets/copy.md"] = "---\ntitle: Copy\nprivte: true\nhidden: true\n---\n"
        let store = try TemporaryStore(files)
        let found = problems(store)
        #expect(found.contains { $0.hasSuffix("tickets/copy.md:3:1: error: unknown field 'privte' in ticket; did you mean 'private'?") }, "\(found)")
        #expect(found.contains { $0.hasSuffix("tickets/copy.md:4:1: error: unknown field 'hidden' in ticket; did you mean 'private'?") }, "\(found)")
    }

    @Test func reportsEveryProblemOfTheStoreInOneRun() throws {
        var files = SampleStores.minimal
        files["clients/acme/projects/web/tickets/a.md"] = "---\ntitle: A\nmilestone: lanch\nassignees: [maya]\nstatus: doing\n---\n"
        files["clients/acme/projects/web/tickets/b.md"] = "---\ntitle: B\ndue: 2026-02-30\n---\n"
        files["clients/acme/projects/web/project.json"] = "{ \"title\": \"Website\", \"status\": \"active\", }"
        files["clients/acme/projects/web/tickets/c.md"] = "---\ntitle: C\nstatus: open\n  priority: high\n---\n"
        files["clients/acme/invoices/2026-001.json"] = "{ \"number\": \"2026-001\", \"issued\": \"2026-04-01\", \"currency\": \"AUD\", \"lines\": [], \"status\": \"sent\""
        let store = try TemporaryStore(files)
        let found = problems(store)
        let expected = [
            "tickets/a.md:5:9: error: 'status' must be one of open, in-progress, waiting-on-client, review, done; found 'doing'",
            "tickets/b.md:3:6: error: 'due' is not a valid date ('2026-02-30'): there is no such day",
            "projects/web/project.json:1:43: error: expected a field name in double quotes",
            "invoices/2026-001.json:1:97: error: unexpected end of file inside an object; the JSON is truncated",
            "tickets/c.md:4:11: error: invalid YAML: mapping values are not allowed in this context",
        ]
        for message in expected {
            #expect(found.contains { $0.hasSuffix(message) }, "missing \(message) in \(found)")
        }
        #expect(found.contains { $0.contains("tickets/a.md") && $0.contains("assignee 'maya' is not in team.json (did you mean 'maja'?)") }, "\(found)")
    }

    @Test func markdownAndJSONForOneItemIsAnError() throws {
        var files = SampleStores.minimal
        files["clients/acme/projects/web/tickets/copy.json"] = #"{ "title": "Copy", "body": "x" }"#
        let store = try TemporaryStore(files)
        #expect(problems(store).contains { $0.contains("ticket 'copy' is defined twice") })
    }

    @Test func jsonTextItemsAreEquivalentToMarkdown() throws {
        var files = SampleStores.minimal
        files["clients/acme/projects/web/tickets/copy.md"] = nil
        files["clients/acme/projects/web/tickets/copy.json"] = #"{ "title": "Copy", "status": "review", "body": "**Bold**" }"#
        let store = try TemporaryStore(files)
        let (loaded, _) = try StoreSession.open(store.store)
        let ticket = try #require(loaded.clients.first?.projects.first?.tickets.first)
        #expect(ticket.status == .review)
        #expect(ticket.body.markdown == "**Bold**")
    }

    @Test func missingSettingsAndInvalidTextAreNamed() throws {
        var files = SampleStores.minimal
        files["portico.json"] = nil
        let store = try TemporaryStore(files)
        #expect(problems(store).contains { $0.hasSuffix("portico.json: error: missing portico.json: every store needs its site settings (see `portico init`)") })

        let broken = try TemporaryStore(SampleStores.minimal)
        try broken.write("clients/acme/projects/web/tickets/copy.md", Data("---\ntitle: Caf".utf8) + Data([0xC3, 0x28]) + Data("\n---\n".utf8))
        #expect(problems(broken).contains { $0.hasSuffix("tickets/copy.md:2:11: error: the file is not valid UTF-8 text; save it as UTF-8") }, "\(problems(broken))")
    }

    @Test func badIdsAndEscapingAttachmentsAreRefused() throws {
        var files = SampleStores.minimal
        files["clients/acme/projects/web/tickets/Bad_Name.md"] = "---\ntitle: X\n---\n"
        files["clients/acme/projects/web/tickets/bundle/index.md"] = "---\ntitle: Y\nattachments: [../../../../../../portico.json, /etc/passwd, missing.pdf]\n---\n"
        let store = try TemporaryStore(files)
        let found = problems(store)
        #expect(found.contains { $0.contains("'Bad_Name' is not a valid ticket id") })
        #expect(found.contains { $0.contains("attachment '../../../../../../portico.json' must be a file name inside the item's folder") })
        #expect(found.contains { $0.contains("attachment '/etc/passwd' must be a file name inside the item's folder") })
        #expect(found.contains { $0.contains("attachment 'missing.pdf' not found") })
    }

    @Test func symlinksLeavingTheStoreAreRefused() throws {
        let store = try TemporaryStore(SampleStores.minimal)
        let outside = store.root.appendingPathComponent("secret.txt")
        try Data("outside".utf8).write(to: outside)
        try store.write("clients/acme/projects/web/tickets/linked/index.md", "---\ntitle: L\nattachments: [leak.txt]\n---\n")
        try FileManager.default.createSymbolicLink(atPath: store.store + "/clients/acme/projects/web/tickets/linked/leak.txt",
                                                   withDestinationPath: outside.path)
        #expect(problems(store).contains { $0.contains("leak.txt") && $0.contains("outside the store") }, "\(problems(store))")
    }

    @Test func deepNestingAndHugeFilesGiveErrorsNotCrashes() throws {
        var files = SampleStores.minimal
        files["clients/acme/projects/web/tickets/deep.md"] = "---\ntitle: Deep\n---\n" + String(repeating: "> ", count: 10_000) + "x\n"
            + String(repeating: "- ", count: 10_000) + "y\n"
        let store = try TemporaryStore(files)
        #expect(problems(store).isEmpty)
        try store.write("clients/acme/projects/web/tickets/huge.md", "---\ntitle: Huge\n---\n" + String(repeating: "word ", count: 2_000_000))
        #expect(problems(store).contains { $0.contains("huge.md") && $0.contains("too large") })
    }
}
