import Foundation
import Testing
@testable import PorticoImport
@testable import PorticoSite
@testable import PorticoStore

/// The Trello importer against a real store: every import must leave a store that Portico's
/// own loader and validator accept, and must never touch a file it did not write.
@Suite struct TrelloImportTests {
    let web = "clients/acme/projects/web"

    func importBoard(_ store: TemporaryStore, export: String = TrelloFixtures.export(),
                     configure: (inout TrelloImportOptions) -> Void = { _ in }) throws -> ImportReport {
        let path = store.root.appendingPathComponent("board.json").path
        try Data(export.utf8).write(to: URL(fileURLWithPath: path))
        var options = TrelloImportOptions(exportPath: path, storePath: store.store, client: "acme", project: "web")
        options.listStatus = TrelloFixtures.listStatus
        options.members = TrelloFixtures.members
        configure(&options)
        return try TrelloImporter.run(options)
    }

    @Test func importsABoardIntoAStoreThatLoadsCleanly() throws {
        let store = try TemporaryStore(SampleStores.minimal)
        let handWritten = try #require(read(store, "\(web)/tickets/copy.md"))
        let report = try importBoard(store)

        let (loaded, _) = try StoreSession.open(store.store)
        let project = try #require(loaded.clients.first?.projects.first { $0.id == "web" })
        let tickets = Dictionary(uniqueKeysWithValues: project.tickets.map { ($0.id, $0) })
        #expect(Set(tickets.keys) == ["copy", "write-homepage-copy", "budget-check-internal", "write-homepage-copy-2",
                                      "logo-files", "launch", "card-xyz98765", "copy-2", "fix-quotes-and-hash-yes"])

        // A card with comments is a bundle; status from its list, priority from its label.
        let copy = try #require(tickets["write-homepage-copy"])
        #expect(copy.status == .inProgress)
        #expect(copy.priority == .high)
        #expect(copy.assignees == ["maja"])
        #expect(copy.source == "trello:\(TrelloFixtures.copyCard)")
        #expect(copy.due == .day(CalendarDay(year: 2026, month: 3, day: 21)), "13:30 UTC on the 20th is the 21st in Sydney")
        #expect(copy.created == .day(CalendarDay(year: 2026, month: 3, day: 3)))
        #expect(copy.bundleDirectory != nil)
        #expect(copy.comments.map(\.id) == ["2026-03-15-0930-maja", "2026-03-15-1205-client-jane-roe"])
        #expect(copy.comments.map(\.author) == [.team("maja"), .client("Jane Roe")])
        #expect(copy.comments.allSatisfy { !$0.isPrivate && $0.source?.hasPrefix("trello:") == true })
        #expect(copy.comments[1].body.markdown == "Looks great!\n\nOne change: *shorter* intro.\n")

        let index = try #require(read(store, "\(web)/tickets/write-homepage-copy/index.md"))
        #expect(index == """
        ---
        title: "Write homepage copy"
        status: in-progress
        priority: high
        created: 2026-03-03
        due: 2026-03-21
        assignees: [maja]
        source: "trello:\(TrelloFixtures.copyCard)"
        ---
        Tone: **warm**, short sentences.
        See the brief.

        ### Sections

        - [x] Hero text
        - [ ] About us

        ### Before launch

        - [ ] Proofread

        ### Attachments

        - [Brief \\[v2\\].pdf](<https://trello.com/1/cards/\(TrelloFixtures.copyCard)/attachments/69a5b2c0ab00000000000001/download/Brief_v2.pdf>)
        - [https://docs.example.com/d/1](<https://docs.example.com/d/1>)
        - bad link

        Labels: Design

        """)
        let comment = try #require(read(store, "\(web)/tickets/write-homepage-copy/2026-03-15-1205-client-jane-roe.md"))
        #expect(comment == """
        ---
        author: "client:Jane Roe"
        date: 2026-03-15T12:05:30+11:00
        source: "trello:69a5b2c0ac00000000000002"
        ---
        Looks great!

        One change: *shorter* intro.

        """)

        // The private label makes a private ticket; the others follow their lists.
        #expect(tickets["budget-check-internal"]?.isPrivate == true)
        #expect(tickets["budget-check-internal"]?.status == .open)
        #expect(tickets["write-homepage-copy-2"]?.status == .review)
        #expect(tickets["logo-files"]?.status == .waitingOnClient)
        #expect(tickets["logo-files"]?.comments.map(\.author) == [.team("maja")], "mapped with --members zedfreelance=maja")
        #expect(tickets["launch"]?.status == .done)
        #expect(tickets["launch"]?.completed == .day(CalendarDay(year: 2026, month: 3, day: 18)))
        #expect(tickets["fix-quotes-and-hash-yes"]?.title == "Fix: \"quotes\" & #hash — yes")
        #expect(tickets["fix-quotes-and-hash-yes"]?.body.markdown == "---\nnot front matter\n---\n")
        #expect(tickets["card-xyz98765"]?.title == "🎉🎉")

        // Archived cards, cards on archived lists and on skipped lists are not imported.
        let everything = TemporaryStore.contents(under: store.store).values.map { String(decoding: $0, as: UTF8.self) }.joined()
        for marker in ["ARCHIVED-CARD-TEXT", "ARCHIVED-COMMENT", "IDEA-CARD-TEXT", "OLD-LIST-TEXT"] {
            #expect(!everything.contains(marker), "\(marker)")
        }

        // The hand-written ticket with the same id is untouched; the card took another id.
        #expect(read(store, "\(web)/tickets/copy.md") == handWritten)
        #expect(report.notes.contains { $0.contains("'Copy' imported as 'copy-2'") }, "\(report.notes)")
        // A member with no team id is reported, not silently dropped.
        #expect(report.warnings.contains { $0.contains("bob_outsider") && $0.contains("not an assignee") }, "\(report.warnings)")
        #expect(report.notes.contains("list 'Ideas' → skipped (--list-status)"), "\(report.notes)")
        #expect(report.notes.contains("list 'Waiting on client ⏳' → waiting-on-client (by name)"), "\(report.notes)")
    }

    @Test func everyWrittenFileCarriesItsSource() throws {
        let store = try TemporaryStore(SampleStores.minimal)
        let report = try importBoard(store)
        #expect(!report.written.isEmpty)
        for entry in report.written {
            let path = String(entry.prefix { $0 != " " })
            let text = try #require(read(store, path))
            #expect(text.contains("\nsource: \"trello:"), "\(path)")
        }
    }

    @Test func unmappedListsStopTheImportAndNameTheList() throws {
        let store = try TemporaryStore(SampleStores.minimal)
        let before = TemporaryStore.contents(under: store.store)
        let message = failure { _ = try importBoard(store) { $0.listStatus = [] } }
        #expect(message.contains("list 'Ideas' (1 card) has no status"), "\(message)")
        #expect(message.contains("--list-status \"Ideas=STATUS\""), "\(message)")
        #expect(message.contains("board.json"), "the message names the export")
        #expect(!message.contains("Old stuff"), "an archived list needs no status")
        #expect(TemporaryStore.contents(under: store.store) == before, "nothing is written")
    }

    @Test func listStatusMapsAnyListAndRejectsUnknownStatuses() throws {
        let store = try TemporaryStore(SampleStores.minimal)
        _ = try importBoard(store) { $0.listStatus = ["ideas=open", "Doing=review"] }
        let (loaded, _) = try StoreSession.open(store.store)
        let tickets = loaded.clients[0].projects[0].tickets
        #expect(tickets.first { $0.id == "idea-podcast" }?.status == .open)
        #expect(tickets.first { $0.id == "write-homepage-copy" }?.status == .review)

        let message = failure { _ = try importBoard(store) { $0.listStatus = ["Ideas=later"] } }
        #expect(message.contains("'later' is not a status"), "\(message)")
    }

    @Test func commentAuthorsWhoAreNobodyStopTheImport() throws {
        let store = try TemporaryStore(SampleStores.minimal)
        let before = TemporaryStore.contents(under: store.store)
        let message = failure { _ = try importBoard(store) { $0.members = [] } }
        #expect(message.contains("Trello member 'zedfreelance' (Zed Freelance) wrote 1 comment"), "\(message)")
        #expect(message.contains("--members \"zedfreelance=TEAM-ID\""), "\(message)")
        #expect(TemporaryStore.contents(under: store.store) == before)

        let wrongTeam = failure { _ = try importBoard(store) { $0.members = ["zedfreelance=mája"] } }
        #expect(wrongTeam.contains("'mája' is not in team.json (did you mean 'maja'?)"), "\(wrongTeam)")
        let wrongContact = failure { _ = try importBoard(store) { $0.members = ["zedfreelance=client:Jane Doe"] } }
        #expect(wrongContact.contains("'Jane Doe' is not a contact of Acme Bakery (did you mean 'client:Jane Roe'?)"), "\(wrongContact)")

        _ = try importBoard(store) { $0.members = ["Zed Freelance=client:Jane Roe"] }
        let (loaded, _) = try StoreSession.open(store.store)
        #expect(loaded.clients[0].projects[0].tickets.first { $0.id == "logo-files" }?.comments.first?.author == .client("Jane Roe"))
    }

    @Test func internalCommentsAndOmittedLabels() throws {
        let store = try TemporaryStore(SampleStores.minimal)
        _ = try importBoard(store) {
            $0.internalComments = true
            $0.omitLabels = true
        }
        let (loaded, _) = try StoreSession.open(store.store)
        let copy = try #require(loaded.clients[0].projects[0].tickets.first { $0.id == "write-homepage-copy" })
        #expect(copy.comments.count == 2)
        #expect(copy.comments.allSatisfy { $0.isPrivate })
        #expect(!copy.body.markdown.contains("Labels"))
    }

    @Test func aCustomPrivateLabel() throws {
        let store = try TemporaryStore(SampleStores.minimal)
        _ = try importBoard(store) { $0.privateLabel = "DESIGN" }
        let (loaded, _) = try StoreSession.open(store.store)
        let tickets = loaded.clients[0].projects[0].tickets
        #expect(tickets.first { $0.id == "write-homepage-copy" }?.isPrivate == true)
        #expect(tickets.first { $0.id == "budget-check-internal" }?.isPrivate == false)
    }

    @Test func reimportingReplacesOnlyItsOwnFilesAndKeepsWhatTheStoreAdded() throws {
        let store = try TemporaryStore(SampleStores.minimal)
        _ = try importBoard(store)

        // The team works on the imported tickets in the store: time, a milestone, a hand-written
        // comment and an attachment in the bundle, and a private flag.
        let indexPath = "\(web)/tickets/write-homepage-copy/index.md"
        var index = try #require(read(store, indexPath))
        index = index.replacingOccurrences(of: "source: ", with: "milestone: launch\nestimate: 3\ntime:\n"
            + "  - { date: 2026-03-10, hours: 1.5, by: maja, note: \"first draft\" }\nattachments: [notes.txt]\nsource: ")
        try store.write(indexPath, index)
        try store.write("\(web)/tickets/write-homepage-copy/notes.txt", "notes")
        let handComment = "---\nauthor: maja\ndate: 2026-03-16T10:00:00+11:00\n---\nWritten in the store.\n"
        try store.write("\(web)/tickets/write-homepage-copy/2026-03-16-1000-maja.md", handComment)
        let logoPath = "\(web)/tickets/logo-files/index.md"
        try store.write(logoPath, try #require(read(store, logoPath)).replacingOccurrences(of: "status:", with: "private: true\nstatus:"))
        #expect(try StoreSession.open(store.store).0.clients.count == 1)

        // In Trello: a card renamed, one archived, one deleted, a comment deleted.
        var cards = TrelloFixtures.defaultCards
        cards[0] = cards[0].replacingOccurrences(of: "\"Write homepage copy\"", with: "\"Homepage copy (final)\"")
        cards[1] = cards[1].replacingOccurrences(of: "\"closed\": false", with: "\"closed\": true")
        cards.remove(at: 5) // launch
        var actions = TrelloFixtures.defaultActions
        actions.remove(at: 1) // Jane's comment
        let report = try importBoard(store, export: TrelloFixtures.export(cards: cards, actions: actions))

        let (loaded, _) = try StoreSession.open(store.store)
        let tickets = Dictionary(uniqueKeysWithValues: loaded.clients[0].projects[0].tickets.map { ($0.id, $0) })
        let copy = try #require(tickets["write-homepage-copy"], "a card keeps its id when renamed")
        #expect(copy.title == "Homepage copy (final)")
        #expect(copy.milestone == "launch")
        #expect(copy.estimate == 3)
        #expect(copy.time.map(\.hours) == [1.5])
        #expect(copy.attachments.map(\.file) == ["notes.txt"])
        #expect(copy.comments.map(\.id) == ["2026-03-15-0930-maja", "2026-03-16-1000-maja"])
        #expect(read(store, "\(web)/tickets/write-homepage-copy/2026-03-16-1000-maja.md") == handComment)
        #expect(tickets["budget-check-internal"] == nil, "archived in Trello: removed")
        #expect(tickets["launch"] != nil, "deleted from the board: kept without --prune")
        #expect(report.warnings.contains { $0.contains("re-run with --prune") && $0.contains("launch.md") }, "\(report.warnings)")
        #expect(tickets["logo-files"]?.isPrivate == true, "a private flag set in the store is never lifted")

        // Again, unchanged: nothing is written.
        let again = try importBoard(store, export: TrelloFixtures.export(cards: cards, actions: actions))
        #expect(again.written.isEmpty, "\(again.written)")
        #expect(again.removed.isEmpty, "\(again.removed)")

        // With --prune, the deleted card's ticket goes.
        let pruned = try importBoard(store, export: TrelloFixtures.export(cards: cards, actions: actions)) { $0.prune = true }
        #expect(pruned.removed == ["\(web)/tickets/launch.md"])
        #expect(read(store, "\(web)/tickets/copy.md") != nil, "hand-written tickets are never pruned")
    }

    @Test func aBundleWithHandAddedFilesIsNotRemoved() throws {
        let store = try TemporaryStore(SampleStores.minimal)
        _ = try importBoard(store)
        try store.write("\(web)/tickets/write-homepage-copy/photo.png", "png")
        var cards = TrelloFixtures.defaultCards
        cards[0] = cards[0].replacingOccurrences(of: "\"closed\": false", with: "\"closed\": true")
        let report = try importBoard(store, export: TrelloFixtures.export(cards: cards))
        #expect(read(store, "\(web)/tickets/write-homepage-copy/index.md") != nil)
        #expect(report.warnings.contains { $0.contains("holds files added by hand (photo.png)") }, "\(report.warnings)")
    }

    @Test func aTicketGetsCommentsLaterAndBecomesABundle() throws {
        let store = try TemporaryStore(SampleStores.minimal)
        _ = try importBoard(store, export: TrelloFixtures.export(actions: []))
        #expect(read(store, "\(web)/tickets/logo-files.md") != nil)
        _ = try importBoard(store)
        #expect(read(store, "\(web)/tickets/logo-files.md") == nil)
        #expect(read(store, "\(web)/tickets/logo-files/index.md") != nil)
        _ = try StoreSession.open(store.store)
    }

    @Test func aMissingProjectIsCreated() throws {
        let store = try TemporaryStore(SampleStores.minimal)
        _ = try importBoard(store) { $0.project = "website-2026" }
        #expect(read(store, "clients/acme/projects/website-2026/project.json") == "{ \"title\": \"Acme website\", \"status\": \"active\" }\n")
        let (loaded, _) = try StoreSession.open(store.store)
        #expect(loaded.clients[0].projects.first { $0.id == "website-2026" }?.tickets.count == 8)
    }

    @Test func dryRunWritesNothing() throws {
        let store = try TemporaryStore(SampleStores.minimal)
        let before = TemporaryStore.contents(under: store.store)
        let report = try importBoard(store) { $0.dryRun = true }
        #expect(report.dryRun)
        #expect(report.written.count > 5)
        #expect(TemporaryStore.contents(under: store.store) == before)
    }

    @Test func badExportsAreNamedWithThePlaceInTheFile() throws {
        let store = try TemporaryStore(SampleStores.minimal)
        let cases: [(String, String)] = [
            ("{ \"cards\": [ }", "board.json: not valid JSON"),
            ("[1, 2]", "board.json: not a Trello board export: the file holds a list"),
            ("{ \"name\": \"x\", \"lists\": [] }", "board.json: not a Trello board export: no 'cards' at the top level"),
            ("{ \"cards\": [ { \"id\": \"a\", \"name\": \"A\" } ], \"lists\": [] }", "board.json: cards[0].idList is missing"),
            ("{ \"cards\": [ { \"id\": \"a\", \"name\": 5, \"idList\": \"l\" } ], \"lists\": [] }", "board.json: cards[0].name should be text"),
            ("{ \"cards\": [], \"lists\": [ { \"id\": \"l\" } ] }", "board.json: lists[0].name is missing"),
            ("{ \"cards\": [ { \"id\": \"a\", \"name\": \"A\", \"idList\": \"gone\" } ], \"lists\": [] }",
             "board.json: cards[0].idList: card 'A' is on list gone, which the export's 'lists' does not have"),
            ("{ \"cards\": [ { \"id\": \"a\", \"name\": \"A\", \"idList\": \"l\", \"due\": \"soon\" } ], \"lists\": [ { \"id\": \"l\", \"name\": \"To Do\" } ] }",
             "board.json: card 'A' has a due date Trello does not write ('soon')"),
        ]
        for (text, expected) in cases {
            let message = failure { _ = try importBoard(store, export: text) }
            #expect(message.contains(expected), "\(text) → \(message)")
        }
        let missing = failure {
            _ = try TrelloImporter.run(TrelloImportOptions(exportPath: "/nonexistent/board.json", storePath: store.store, client: "acme", project: "web"))
        }
        #expect(missing.contains("/nonexistent/board.json: no such file"), "\(missing)")
        let client = failure { _ = try importBoard(store) { $0.client = "acmee" } }
        #expect(client.contains("no client 'acmee'") && client.contains("did you mean 'acme'?"), "\(client)")
    }

    @Test func jsonTicketsOfAnEarlierImportKeepTheirStoreFields() throws {
        let store = try TemporaryStore(SampleStores.minimal)
        try store.write("\(web)/tickets/launch.json", """
        { "title": "Launch", "status": "open", "source": "trello:\(TrelloFixtures.launchCard)", "estimate": 2,
          "time": [ { "date": "2026-03-10", "hours": 1.25, "by": "maja", "billable": false } ], "body": "x" }
        """)
        _ = try importBoard(store)
        #expect(read(store, "\(web)/tickets/launch.json") == nil)
        let (loaded, _) = try StoreSession.open(store.store)
        let launch = try #require(loaded.clients[0].projects[0].tickets.first { $0.id == "launch" })
        #expect(launch.estimate == 2)
        #expect(launch.time.map(\.hours) == [1.25])
        #expect(launch.time.map(\.billable) == [false])
        #expect(launch.status == .done)
    }

    @Test func templateCardsAreNotTickets() throws {
        let store = try TemporaryStore(SampleStores.minimal)
        var cards = TrelloFixtures.defaultCards
        cards.append(TrelloFixtures.card("69a5b2c0ee0000000000000c", "Template: new request", list: TrelloFixtures.listToDo)
            .replacingOccurrences(of: "\"isTemplate\": false", with: "\"isTemplate\": true"))
        let report = try importBoard(store, export: TrelloFixtures.export(cards: cards))
        #expect(report.notes.contains("template cards are not tickets; skipped: 'Template: new request'"), "\(report.notes)")
        #expect(!report.written.contains { $0.contains("template") })
    }

    @Test func idsThatYAMLWouldReadAsOtherThingsAreQuoted() {
        #expect(YAMLText.id("maja") == "maja")
        #expect(YAMLText.id("tom-2") == "tom-2")
        #expect(YAMLText.id("123") == "\"123\"")
        #expect(YAMLText.id("true") == "\"true\"")
        #expect(YAMLText.id("null") == "\"null\"")
        #expect(YAMLText.id("1e5") == "\"1e5\"")
        #expect(YAMLText.quoted("a \"b\" \\ c\nd\u{7}") == #""a \"b\" \\ c\nd\x07""#)
        #expect(YAMLText.number(0.333333) == "0.33")
        #expect(YAMLText.number(2) == "2")
        #expect(YAMLText.number(1.50) == "1.5")
    }

    @Test func slugs() {
        #expect(Slug.make("Write homepage copy!") == "write-homepage-copy")
        #expect(Slug.make("Čestitke za novo leto – Zeleni vrt") == "cestitke-za-novo-leto-zeleni-vrt")
        #expect(Slug.make("Ines's café & bar") == "iness-cafe-and-bar")
        #expect(Slug.make("🎉") == "")
        let long = Slug.make(String(repeating: "word ", count: 30))
        #expect(long.count <= 48 && !long.hasSuffix("-") && Identifier.isValid(long))
        #expect(Slug.unique("a") { $0 == "a" || $0 == "a-2" } == "a-3")
    }
}
