import Foundation
import Testing
@testable import PorticoPortal
@testable import PorticoSite

/// What the pages say: checked on the built HTML.
@Suite struct PageContentTests {
    let store: TemporaryStore
    let portal: String

    init() throws {
        store = try TemporaryStore(CanaryStore.files)
        try store.write("clients/acme/projects/web/tickets/public/mock-up.png", Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        try store.write("clients/acme/projects/web/tickets/public/voice-note.mp3", Data(repeating: 1, count: 2048))
        var ticket = CanaryStore.files["clients/acme/projects/web/tickets/public/index.md"]!
        ticket = ticket.replacingOccurrences(of: "  - public-twin-file.txt\n", with: "  - public-twin-file.txt\n  - mock-up.png\n  - voice-note.mp3\n")
        try store.write("clients/acme/projects/web/tickets/public/index.md", ticket)
        try TestBuild.run(store)
        portal = store.output + "/" + SiteBuildTests.acme
    }

    func page(_ path: String) throws -> String {
        try String(contentsOfFile: portal + "/" + path, encoding: .utf8)
    }

    @Test func ticketPageShowsCommentsWithPermalinksAttachmentsAndTime() throws {
        let html = try page("projects/web/tickets/public.html")
        #expect(html.contains(#"id="c-2026-11-02-0900-maja""#))
        #expect(html.contains(##"href="#c-2026-11-02-0900-maja""##))
        #expect(html.contains(#"<img src="../../../files/projects/web/tickets/public/mock-up.png""#))
        #expect(html.contains(#"<audio controls src="../../../files/projects/web/tickets/public/voice-note.mp3""#) ||
                html.contains(#"src="../../../files/projects/web/tickets/public/voice-note.mp3""#))
        #expect(html.contains("public-twin-file.txt"))
        #expect(html.contains("16 B"))
        #expect(html.contains("1.5 h"))
        #expect(html.contains("Ready for your review"))
        #expect(html.contains("Maja Novak"))
    }

    /// A status that asks something of the client gets a callout with that one sentence; the
    /// others get none (no hidden text for a reader without the style sheet to stumble on).
    @Test func onlyAStatusThatAsksSomethingOfTheClientHasACallout() throws {
        let review = try page("projects/web/tickets/public.html")
        #expect(review.components(separatedBy: "class=\"status-callout ").count == 2)
        #expect(review.contains("This is ready for you to look over."))
        #expect(!review.contains("We need something from you"))
        let extra = try TemporaryStore(CanaryStore.files.merging([
            "clients/acme/projects/web/tickets/waiting.md": "---\ntitle: Waiting\nstatus: waiting-on-client\n---\nBody.\n",
            "clients/acme/projects/web/tickets/open.md": "---\ntitle: Open\nstatus: open\n---\nBody.\n",
        ]) { $1 })
        try TestBuild.run(extra)
        let folder = extra.output + "/" + SiteBuildTests.acme + "/projects/web/tickets/"
        let waiting = try String(contentsOfFile: folder + "waiting.html", encoding: .utf8)
        #expect(waiting.contains("<span class=\"status-callout__text\">We need something from you before we can carry on.</span>"))
        #expect(!waiting.contains("ready for you to look over"))
        let open = try String(contentsOfFile: folder + "open.html", encoding: .utf8)
        #expect(!open.contains("status-callout") && !open.contains("We need something from you") && !open.contains("ready for you to look over"))
    }

    @Test func overviewPutsWhatNeedsTheClientFirst() throws {
        let html = try page("index.html")
        let needs = try #require(html.range(of: "PUBLIC-TICKET-TWIN"))
        let projects = try #require(html.range(of: "PUBLIC-PROJECT-TWIN", range: needs.upperBound..<html.endIndex))
        #expect(needs.lowerBound < projects.lowerBound)
        #expect(html.contains("1.5 of 20 hours used in November 2026"))
    }

    @Test func projectPageShowsMilestoneProgressWithoutHiddenCounts() throws {
        let html = try page("projects/web/index.html")
        #expect(html.contains("PUBLIC-MILESTONE-TWIN"))
        #expect(html.contains("<svg class=\"timeline\""))
        #expect(html.contains("50% complete")) // project: 1 of 2 tickets done, the hidden one included
        #expect(!html.contains("of 2"))
    }

    @Test func discussionOffersAPrefilledReplyByEmail() throws {
        let html = try page("projects/web/discussions/open.html")
        #expect(html.contains("mailto:hello@agency.example?subject=Acme%20Bakery%3A%20PUBLIC-DISCUSSION-TWIN"))
        #expect(html.contains("PUBLIC-DISCUSSION-REPLY-TWIN"))
        #expect(html.contains("Jane Roe"))
    }

    @Test func datesAreInTheClientsTimeZoneAndLocale() throws {
        // 2026-11-02T09:00:00Z is 8:00 pm on 2 November in Sydney (UTC+11 in November).
        let html = try page("projects/web/tickets/public.html")
        #expect(html.contains("2 Nov 2026") && html.contains("8:00"), "\(html)")
    }

    @Test func invoicePageTotalsInTheClientsCurrency() throws {
        let html = try page("billing/2026-001.html")
        #expect(html.contains("$450.00"))
        #expect(html.contains("$45.00"))
        #expect(html.contains("$495.00"))
    }
}
