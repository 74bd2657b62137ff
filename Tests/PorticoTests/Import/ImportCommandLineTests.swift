import Foundation
import Testing

/// `portico import …` run as a user runs it: exit 0 when imported (unmatched rows listed on
/// stderr), 1 when the export, report or store is at fault, 2 when the command line is wrong.
@Suite(.serialized) struct ImportCommandLineTests {
    func store() throws -> TemporaryStore {
        let store = try TemporaryStore(TimeImportTests.files)
        try Data(TrelloFixtures.export().utf8).write(to: store.root.appendingPathComponent("board.json"))
        try Data(TimeImportTests.toggl.utf8).write(to: store.root.appendingPathComponent("report.csv"))
        return store
    }

    @Test func trelloImportThenCheck() throws {
        let store = try store()
        let run = try Binary.run(["import", "trello", "board.json", "--client", "acme", "--project", "web",
                                  "--list-status", "Ideas=skip", "--members", "zedfreelance=maja"], in: store.root)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("write clients/acme/projects/web/tickets/write-homepage-copy/index.md (new)"), "\(run.stdout)")
        #expect(run.stdout.contains("Imported Trello 'Acme website' into Content/clients/acme/projects/web: 8 tickets (8 new, 0 updated, 0 unchanged), 3 comments"), "\(run.stdout)")
        #expect(run.stderr.contains("warning: card 'Write homepage copy': Trello member 'bob_outsider' (Bob Outsider) is not in team.json"), "\(run.stderr)")
        let check = try Binary.run(["check"], in: store.root)
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.contains("Store OK"), "\(check.stdout)")
    }

    @Test func trelloErrorsExitOneAndWriteNothing() throws {
        let store = try store()
        let before = TemporaryStore.contents(under: store.store)
        let run = try Binary.run(["import", "trello", "board.json", "--client", "acme", "--project", "web"], in: store.root)
        #expect(run.status == 1)
        #expect(run.stderr.contains("error: board.json: list 'Ideas' (1 card) has no status"), "\(run.stderr)")
        #expect(run.stderr.contains("error: board.json: Trello member 'zedfreelance' (Zed Freelance) wrote 1 comment"), "\(run.stderr)")
        #expect(TemporaryStore.contents(under: store.store) == before)
        try Data("{\"cards\": 3, \"lists\": []}".utf8).write(to: store.root.appendingPathComponent("bad.json"))
        let bad = try Binary.run(["import", "trello", "bad.json", "--client", "acme", "--project", "web"], in: store.root)
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("error: bad.json: cards should be a list"), "\(bad.stderr)")
    }

    @Test func togglImportReportsUnmatchedRowsAndExitsZero() throws {
        let store = try store()
        let run = try Binary.run(["import", "toggl", "report.csv", "--client", "acme"], in: store.root)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("warning: report.csv:7: not imported: no ticket id"), "\(run.stderr)")
        #expect(run.stdout.contains("5 entries added to 4 tickets"), "\(run.stdout)")
        let dry = try Binary.run(["import", "clockify", "report.csv", "--client", "acme", "--dry-run"], in: store.root)
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("Would merge Clockify report report.csv"), "\(dry.stdout)")
        #expect(dry.stderr.contains("looks like a Toggl Track export") || dry.stdout.contains("looks like a Toggl Track export"))
    }

    @Test func usageErrorsExitTwo() throws {
        let store = try store()
        for arguments in [
            ["import", "toggl", "report.csv"],
            ["import", "toggl", "report.csv", "--client", "acme", "--date-order", "yesterday"],
            ["import", "trello", "board.json", "--client", "acme", "--project", "web", "--list-status", "Ideas"],
            ["import", "trello", "--members", "zed=maja", "board.json", "--client", "acme", "--project", "web"],
            ["import", "asana", "x.json"],
        ] {
            let run = try Binary.run(arguments, in: store.root)
            #expect(run.status == 2, "\(arguments): \(run.status) \(run.stderr)")
            #expect(!run.stderr.isEmpty)
        }
    }
}
