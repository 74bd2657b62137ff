import Foundation
import Testing
@testable import PorticoPortal
@testable import PorticoSite

/// Billable time as the client sees it: per ticket, milestone, project, week and month, the
/// 12-week chart, and the CSV export, never counting non-billable entries or private tickets.
@Suite struct TimeTests {
    static func portal(_ store: TemporaryStore, client: String = "acme") -> String {
        store.output + "/" + SharePath.folder(clientID: client, linkVersion: 1, secret: TestBuild.secret)
    }

    static func read(_ path: String) throws -> String {
        try String(contentsOfFile: path, encoding: .utf8)
    }

    /// One client with billable, non-billable and private-ticket time over several weeks.
    static var files: [String: String] {
        var files = SampleStores.minimal
        files["clients/acme/client.json"] = SampleStores.client("Acme Bakery", extra: #", "retainer": { "hoursPerMonth": 20, "rate": 45 }"#)
        files["clients/acme/projects/web/tickets/copy.md"] = """
        ---
        title: Write homepage copy
        milestone: launch
        status: in-progress
        time:
          - { date: 2026-11-17, hours: 2.5, by: maja, note: "draft" }
          - { date: 2026-11-18, hours: 1.25, by: maja, billable: false, note: "INTERNAL-REWORK" }
          - { date: 2026-11-04, hours: 3, by: maja, note: "research" }
          - { date: 2026-08-20, hours: 0.5, by: maja, note: "older than twelve weeks" }
        ---
        Copy.
        """
        files["clients/acme/projects/web/tickets/secret.md"] = """
        ---
        title: SECRET-TICKET
        milestone: launch
        private: true
        time:
          - { date: 2026-11-17, hours: 7, by: maja, note: "SECRET-NOTE" }
        ---
        """
        files["clients/acme/projects/web/tickets/other.md"] = """
        ---
        title: "=HYPERLINK(\\"https://evil.example\\",\\"Click\\")"
        time:
          - { date: 2026-11-20, hours: 1, by: maja, note: "+SUM(A1:A9), with \\"quotes\\"\\nand a new line" }
        ---
        """
        return files
    }

    @Test func csvFieldsAreQuotedAndFormulasDefused() {
        #expect(CSVFile.field("plain") == "plain")
        #expect(CSVFile.field("a, b") == "\"a, b\"")
        #expect(CSVFile.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVFile.field("two\nlines") == "\"two\nlines\"")
        #expect(CSVFile.field("=1+2") == "'=1+2")
        #expect(CSVFile.field("+44 20") == "'+44 20")
        #expect(CSVFile.field("-5") == "'-5")
        #expect(CSVFile.field("@SUM(A1)") == "'@SUM(A1)")
        #expect(CSVFile.field("\tx") == "'\tx")
        #expect(CSVFile.field("=A1,B1") == "\"'=A1,B1\"")
        var file = CSVFile()
        file.append(["a", "b"])
        #expect(file.bytes == [0xEF, 0xBB, 0xBF] + Array("a,b\r\n".utf8))
    }

    @Test func timeExportHoldsBillableVisibleEntriesOnly() throws {
        let store = try TemporaryStore(Self.files)
        try TestBuild.run(store)
        let csv = try Self.read(Self.portal(store) + "/billing/time.csv")
        let raw = try #require(FileManager.default.contents(atPath: Self.portal(store) + "/billing/time.csv"))
        #expect(raw.starts(with: [0xEF, 0xBB, 0xBF]), "a byte order mark for spreadsheets")
        let lines = String(decoding: raw.dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n")
        #expect(lines[0] == "Date,Project,Task,Person,Hours,Note")
        #expect(lines.contains("2026-11-17,Website,Write homepage copy,Maja Novak,2.5,draft"))
        #expect(lines.contains("2026-08-20,Website,Write homepage copy,Maja Novak,0.5,older than twelve weeks"))
        #expect(!csv.contains("INTERNAL-REWORK") && !csv.contains("SECRET") && !csv.contains("1.25"))
        // Formula injection defused, quotes doubled, the line break kept inside quotes.
        #expect(csv.contains("2026-11-20,Website,\"'=HYPERLINK(\"\"https://evil.example\"\",\"\"Click\"\")\",Maja Novak,1,\"'+SUM(A1:A9), with \"\"quotes\"\"\nand a new line\"\r\n"))
        // Oldest first.
        #expect(lines[1].hasPrefix("2026-08-20"))
        let billing = try Self.read(Self.portal(store) + "/billing/index.html")
        #expect(billing.contains(#"href="time.csv""#))
    }

    @Test func hoursPerTicketMilestoneProjectAndMonthCountBillableVisibleTimeOnly() throws {
        let store = try TemporaryStore(Self.files)
        try TestBuild.run(store)
        let portal = Self.portal(store)
        // Ticket: 2.5 + 3 + 0.5 billable; the non-billable 1.25 is not shown.
        let ticket = try Self.read(portal + "/projects/web/tickets/copy.html")
        #expect(ticket.contains("6 h") && !ticket.contains("1.25") && !ticket.contains("INTERNAL-REWORK"))
        // Milestone and project: the private ticket's 7 hours are not counted.
        let project = try Self.read(portal + "/projects/web/index.html")
        #expect(project.contains("<dt>Time spent</dt><dd>6 h</dd>"), "milestone hours")
        #expect(project.contains("<dt>Time spent</dt><dd>7 h</dd>"), "project hours (6 + 1)")
        // Month: November holds 2.5 + 3 + 1.
        let overview = try Self.read(portal + "/index.html")
        #expect(overview.contains("6.5 of 20 hours used in November 2026"))
        let billing = try Self.read(portal + "/billing/index.html")
        #expect(billing.contains("August 2026") && billing.contains("0.5 h"))
    }

    @Test func overviewChartShowsTwelveWeeksReadableWithoutColour() throws {
        let store = try TemporaryStore(Self.files)
        try TestBuild.run(store)
        let overview = try Self.read(Self.portal(store) + "/index.html")
        let svg = try #require(overview.firstMatch(of: /<svg class="hours-chart"[\s\S]*?<\/svg>/)).output
        #expect(svg.contains(#"role="img""#) && svg.contains("aria-label=\"Billable hours per week in the 12 weeks from 31 Aug 2026: 6.5 h in total\""))
        #expect(svg.matches(of: /<g class="hours-week/).count == 12)
        // The current week (from Monday 16 November) holds 2.5 + 1 billable hours; the private 7 are not counted.
        #expect(svg.contains("<title>Week of Mon 16 November 2026: 3.5 h</title>"))
        #expect(svg.contains("hours-week hours-week--current") && svg.contains(">this week</text>"))
        #expect(svg.contains("<title>Week of Mon 2 November 2026: 3 h</title>"))
        // Retainer pace: 20 h a month is 4.6 h a week, labelled in words.
        #expect(svg.contains("Retainer pace: 4.6 h a week"))
        // The numbers as a table too.
        #expect(overview.contains("<th scope=\"row\">Week of 16 Nov 2026 <span class=\"hours-weeks__now\">(this week)</span></th><td class=\"num\">3.5 h</td>"))
        #expect(!overview.contains("style="))
    }

    @Test func withoutARetainerHoursShowWithoutABar() throws {
        var files = Self.files
        files["clients/acme/client.json"] = SampleStores.client("Acme Bakery")
        let store = try TemporaryStore(files)
        try TestBuild.run(store)
        let overview = try Self.read(Self.portal(store) + "/index.html")
        #expect(overview.contains("6.5 h used in November 2026"))
        #expect(overview.contains("hours-chart") && !overview.contains("Retainer pace"))
        let billing = try Self.read(Self.portal(store) + "/billing/index.html")
        #expect(billing.contains("month--plain") && billing.contains("time.csv"))
    }

    @Test func weeksStartOnMonday() throws {
        #expect(HoursChart.scaleTop(0) == 1)
        let store = try TemporaryStore(Self.files)
        let (loaded, _) = try StoreSession.open(store.store)
        let builder = PortalBuilder(store: loaded, now: TestBuild.now, translations: [:],
                                    assets: PortalAssets(stylesheet: "", script: "", favicon: "", logo: nil), shareSecret: nil)
        let client = ClientPortalBuilder(parent: builder, client: loaded.clients[0])
        #expect(client.weekStart(.init(year: 2026, month: 11, day: 22)) == .init(year: 2026, month: 11, day: 16))
        #expect(client.weekStart(.init(year: 2026, month: 11, day: 16)) == .init(year: 2026, month: 11, day: 16))
        #expect(client.weekStart(.init(year: 2027, month: 1, day: 1)) == .init(year: 2026, month: 12, day: 28))
        let weeks = client.weeklyHours()
        #expect(weeks.count == 12 && weeks.last?.start == .init(year: 2026, month: 11, day: 16) && weeks.last?.hours == 3.5)
    }
}
