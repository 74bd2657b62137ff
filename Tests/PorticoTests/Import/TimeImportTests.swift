import Foundation
import Testing
@testable import PorticoImport
@testable import PorticoSite
@testable import PorticoStore

/// Toggl Track and Clockify detailed CSV reports merged into tickets' time entries. The reports
/// follow the real header layouts; the rows hold the awkward cases (quoted commas and quotes,
/// a line break inside a field, entries past midnight, both date styles, 12-hour clocks).
@Suite struct TimeImportTests {
    let web = "clients/acme/projects/web"

    static let team = """
    { "people": [
      { "id": "maja", "name": "Maja Novak", "role": "Lead assistant", "email": "maja@agency.example", "hourlyCost": 18 },
      { "id": "tom", "name": "Tom Fletcher", "role": "Bookkeeping", "email": "tom@agency.example" } ] }
    """

    static let photos = """
    ---
    title: Photos
    status: open   # still open
    time:
      - { date: 2026-03-01, hours: 2, by: maja, note: "shoot" }
      # more to come
    estimate: 4
    ---
    The body mentions time: and stays as it is.

    """

    static var files: [String: String] {
        var files = SampleStores.minimal
        files["team.json"] = team
        files["clients/acme/projects/web/tickets/photos.md"] = photos
        files["clients/acme/projects/web/tickets/flow.md"] = "---\ntitle: Flow\ntime: [ { date: 2026-03-02, hours: 1, by: maja, note: 'it''s' } ]\n---\n"
        files["clients/acme/projects/web/tickets/data.json"] = #"{ "title": "Data", "body": "JSON ticket", "time": [] }"#
        return files
    }

    /// Toggl Track's detailed export: `User,Email,Client,Project,Task,Description,Billable,
    /// Start date,Start time,End date,End time,Duration,Tags,Amount (USD)`.
    static let toggl = #"""
    User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags,Amount (USD)\#r
    Maja Novak,maja@agency.example,Acme Bakery,Website,,"Homepage copy, first draft #copy",Yes,2026-03-10,09:00:00,2026-03-10,10:30:00,01:30:00,,67.50\#r
    Maja Novak,maja@agency.example,Acme Bakery,Website,,"Call with Jane about ""tone""",No,2026-03-10,23:30:00,2026-03-11,00:45:00,01:15:00,copy,0.00\#r
    Tom Fletcher,TOM@Agency.example,Acme Bakery,Website,,Photo edits,Yes,2026-03-11,14:00:00,2026-03-11,14:20:00,00:20:00,"retouch, photos",15.00\#r
    Maja Novak,maja@agency.example,Acme Bakery,Website,,"Two lines
    of notes #flow",Yes,2026-03-12,10:00:00,2026-03-12,10:45:00,00:45:00,,33.75\#r
    Maja Novak,maja@agency.example,Acme Bakery,Website,,Admin,Yes,2026-03-12,08:00:00,2026-03-12,08:15:00,00:15:00,,11.25\#r
    Maja Novak,maja@agency.example,Acme Bakery,Website,,Work on #nosuch,Yes,2026-03-12,11:00:00,2026-03-12,11:30:00,00:30:00,,22.50\#r
    Ghost Writer,ghost@elsewhere.example,Acme Bakery,Website,,#copy polish,Yes,2026-03-12,12:00:00,2026-03-12,13:00:00,01:00:00,,45.00\#r
    Maja Novak,maja@agency.example,Acme Bakery,Website,,Data import #data,Yes,2026-03-13,09:00:00,2026-03-13,09:06:00,00:06:00,,4.50\#r

    """#

    /// Clockify's detailed export with a US date format and a 12-hour clock.
    static let clockifyUS = """
    Project,Client,Description,Task,User,Group,Email,Tags,Billable,Start Date,Start Time,End Date,End Time,Duration (h),Duration (decimal),Billable Rate (USD),Billable Amount (USD)
    Website,Acme Bakery,"Retouch, crop #photos",,Tom Fletcher,,tom@agency.example,,Yes,03/14/2026,11:30:00 PM,03/15/2026,12:15:00 AM,00:45:00,0.75,40.00,30.00
    Website,Acme Bakery,Brief review,,Maja Novak,Assistants,maja@agency.example,copy,No,03/09/2026,09:00:00 AM,03/09/2026,09:30:00 AM,00:30:00,0.50,0.00,0.00

    """

    func run(_ store: TemporaryStore, _ tool: TimeTool, _ csv: String, configure: (inout TimeImportOptions) -> Void = { _ in }) throws -> ImportReport {
        let path = store.root.appendingPathComponent("report.csv").path
        try Data(csv.utf8).write(to: URL(fileURLWithPath: path))
        var options = TimeImportOptions(tool: tool, reportPath: path, storePath: store.store, client: "acme")
        configure(&options)
        return try TimeImporter.run(options)
    }

    func ticket(_ store: TemporaryStore, _ id: String) throws -> Ticket {
        let (loaded, _) = try StoreSession.open(store.store)
        return try #require(loaded.clients[0].projects.flatMap(\.tickets).first { $0.id == id })
    }

    @Test func togglRowsBecomeTimeEntriesAndTheStoreStillLoads() throws {
        let store = try TemporaryStore(Self.files)
        let report = try run(store, .toggl, Self.toggl)

        let copy = try ticket(store, "copy")
        #expect(copy.time.map(\.hours) == [1.5, 1.25])
        #expect(copy.time.map(\.date) == [.day(CalendarDay(year: 2026, month: 3, day: 10)), .day(CalendarDay(year: 2026, month: 3, day: 10))],
                "an entry past midnight counts on the day it started")
        #expect(copy.time.map(\.note) == ["Homepage copy, first draft", "Call with Jane about \"tone\""])
        #expect(copy.time.map(\.billable) == [true, false])
        #expect(copy.time.map(\.by) == ["maja", "maja"])
        #expect(read(store, "\(web)/tickets/copy.md") == """
        ---
        title: Write homepage copy
        milestone: launch
        status: waiting-on-client
        time:
          - { date: 2026-03-10, hours: 1.5, by: maja, note: "Homepage copy, first draft" }
          - { date: 2026-03-10, hours: 1.25, by: maja, note: "Call with Jane about \\"tone\\"", billable: false }
        ---
        Please send the brief.

        """)

        // Added at the end of an existing list; every other byte of the file stays.
        #expect(read(store, "\(web)/tickets/photos.md") == Self.photos.replacingOccurrences(of: "  # more to come", with: """
          - { date: 2026-03-11, hours: 0.33, by: tom, note: "Photo edits" }
          # more to come
        """))
        let flow = try ticket(store, "flow")
        #expect(flow.time.map(\.note) == ["it's", "Two lines of notes"])
        let data = try ticket(store, "data")
        #expect(data.time.map(\.hours) == [0.1])
        #expect(data.body.markdown == "JSON ticket")

        // Rows that could not be matched are reported with their line numbers, never dropped.
        let expected = [
            "report.csv:7: not imported: no ticket id: add the ticket id as a tag, or '#ticket-id' to the description: 2026-03-12, 0.25 h by Maja Novak, \"Admin\"",
            "report.csv:8: not imported: no ticket 'nosuch' for this client",
            "report.csv:9: not imported: 'Ghost Writer' is not in team.json (add --members \"Ghost Writer=TEAM-ID\")",
        ]
        #expect(report.warnings.count == 3, "\(report.warnings)")
        for message in expected {
            #expect(report.warnings.contains { $0.hasSuffix(message) || $0.contains(message) }, "missing \(message) in \(report.warnings)")
        }
        #expect(report.summary.contains("8 rows, 5 entries added to 4 tickets, 0 already there, 3 not imported"), "\(report.summary)")
        #expect(report.notes.contains("'Tom Fletcher' → tom"), "\(report.notes)")
    }

    @Test func importingTheSameReportAgainAddsNothing() throws {
        let store = try TemporaryStore(Self.files)
        _ = try run(store, .toggl, Self.toggl)
        let after = TemporaryStore.contents(under: store.store)
        let again = try run(store, .toggl, Self.toggl)
        #expect(again.written.isEmpty)
        #expect(again.summary.contains("0 entries added to 0 tickets, 5 already there"), "\(again.summary)")
        #expect(TemporaryStore.contents(under: store.store) == after)
    }

    @Test func equalRowsInOneReportAreEachAnEntry() throws {
        let store = try TemporaryStore(Self.files)
        let header = "User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags,Amount (USD)\n"
        let row = "Maja Novak,maja@agency.example,Acme,Web,,Inbox #copy,Yes,2026-03-10,09:00:00,2026-03-10,09:30:00,00:30:00,,\n"
        _ = try run(store, .toggl, header + row + row)
        #expect(try ticket(store, "copy").time.count == 2)
        _ = try run(store, .toggl, header + row + row + row)
        #expect(try ticket(store, "copy").time.count == 3, "the third equal row is new")
        _ = try run(store, .toggl, header + row)
        #expect(try ticket(store, "copy").time.count == 3)
    }

    @Test func clockifyWithUSDatesAndATwelveHourClock() throws {
        let store = try TemporaryStore(Self.files)
        let report = try run(store, .clockify, Self.clockifyUS)
        #expect(report.warnings.isEmpty, "\(report.warnings)")
        #expect(report.notes.contains("dates read as month/day/year"), "\(report.notes)")
        let photos = try ticket(store, "photos")
        #expect(photos.time.last?.date == .day(CalendarDay(year: 2026, month: 3, day: 14)))
        #expect(photos.time.last?.hours == 0.75)
        #expect(photos.time.last?.note == "Retouch, crop")
        let copy = try ticket(store, "copy")
        #expect(copy.time.map(\.date) == [.day(CalendarDay(year: 2026, month: 3, day: 9))])
        #expect(copy.time.map(\.billable) == [false])
        #expect(copy.time.map(\.note) == ["Brief review"])
    }

    @Test func clockifyWithDayFirstDatesAndNoDurationColumn() throws {
        let store = try TemporaryStore(Self.files)
        let csv = """
        Project,Client,Description,Task,User,Group,Email,Tags,Billable,Start Date,Start Time,End Date,End Time,Duration (decimal)
        Website,Acme,Late edit #copy,,Maja Novak,,maja@agency.example,,Yes,14/03/2026,23:30,15/03/2026,00:15,
        Website,Acme,Quick fix #copy,,Maja Novak,,maja@agency.example,,No,02/03/2026,10:00,02/03/2026,10:05,0.08
        Website,Acme,Across midnight #copy,,Maja Novak,,maja@agency.example,,Yes,16/03/2026,23:00,,01:00,
        Total,,,,,,,,,,,,,1.66
        """
        let report = try run(store, .clockify, csv)
        #expect(report.warnings.isEmpty, "\(report.warnings)")
        let copy = try ticket(store, "copy")
        #expect(copy.time.map(\.date) == [.day(CalendarDay(year: 2026, month: 3, day: 14)), .day(CalendarDay(year: 2026, month: 3, day: 2)),
                                          .day(CalendarDay(year: 2026, month: 3, day: 16))])
        #expect(copy.time.map(\.hours) == [0.75, 0.08, 2])
        #expect(report.notes.contains("dates read as day/month/year"))
    }

    @Test func datesThatCouldBeEitherStyleNeedTheOrder() throws {
        let store = try TemporaryStore(Self.files)
        let csv = """
        Project,Client,Description,Task,User,Group,Email,Tags,Billable,Start Date,Start Time,End Date,End Time,Duration (h),Duration (decimal)
        Website,Acme,Copy #copy,,Maja Novak,,maja@agency.example,,Yes,03/04/2026,09:00:00,03/04/2026,10:00:00,01:00:00,1.00
        """
        let before = TemporaryStore.contents(under: store.store)
        let message = failure { _ = try run(store, .clockify, csv) }
        #expect(message.contains("report.csv: dates like '03/04/2026' could be day-first or month-first"), "\(message)")
        #expect(message.contains("--date-order"), "\(message)")
        #expect(TemporaryStore.contents(under: store.store) == before)

        _ = try run(store, .clockify, csv) { $0.dateOrder = .mdy }
        #expect(try ticket(store, "copy").time.first?.date == .day(CalendarDay(year: 2026, month: 3, day: 4)))
        _ = try run(store, .clockify, csv) { $0.dateOrder = .dmy }
        #expect(try ticket(store, "copy").time.map(\.date).last == .day(CalendarDay(year: 2026, month: 4, day: 3)))

        let dotted = csv.replacingOccurrences(of: "03/04/2026", with: "05.04.2026")
        _ = try run(store, .clockify, dotted)
        #expect(try ticket(store, "copy").time.map(\.date).last == .day(CalendarDay(year: 2026, month: 4, day: 5)), "dots mean day first")
    }

    @Test func aTicketIdInTwoProjectsNeedsTheProject() throws {
        var files = Self.files
        files["clients/acme/projects/shop/project.json"] = #"{ "title": "Shop", "status": "active" }"#
        files["clients/acme/projects/shop/tickets/copy.md"] = "---\ntitle: Shop copy\n---\n"
        let store = try TemporaryStore(files)
        let csv = """
        User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags,Amount (USD)
        Maja Novak,maja@agency.example,Acme,Web,,Copy #copy,Yes,2026-03-10,09:00:00,2026-03-10,09:30:00,00:30:00,,
        Maja Novak,maja@agency.example,Acme,Web,,Copy (#shop/copy),Yes,2026-03-10,10:00:00,2026-03-10,10:30:00,00:30:00,,
        Maja Novak,maja@agency.example,Acme,Web,,Both #photos and #flow,Yes,2026-03-10,11:00:00,2026-03-10,11:30:00,00:30:00,,
        Maja Novak,maja@agency.example,Acme,Web,,see https://example.com/page#photos,Yes,2026-03-10,12:00:00,2026-03-10,12:30:00,00:30:00,,
        """
        let report = try run(store, .toggl, csv)
        #expect(report.warnings.contains { $0.contains("report.csv:2: not imported: 'copy' is a ticket in shop and web: write '#project/copy'") }, "\(report.warnings)")
        #expect(report.warnings.contains { $0.contains("report.csv:4: not imported: names more than one ticket (flow, photos)") }, "\(report.warnings)")
        #expect(report.warnings.contains { $0.contains("report.csv:5: not imported: no ticket id") }, "a URL fragment is not a ticket: \(report.warnings)")
        let (loaded, _) = try StoreSession.open(store.store)
        let shopCopy = try #require(loaded.clients[0].projects.first { $0.id == "shop" }?.tickets.first)
        #expect(shopCopy.time.map(\.note) == ["Copy"])
    }

    @Test func onlyThisClientsRowsAreImportedFromAReportOfSeveralClients() throws {
        let store = try TemporaryStore(Self.files)
        let csv = """
        User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags,Amount (USD)
        Maja Novak,maja@agency.example,Acme Bakery,Web,,Copy #copy,Yes,2026-03-10,09:00:00,2026-03-10,09:30:00,00:30:00,,
        Maja Novak,maja@agency.example,Other Co,Web,,OTHER-CLIENT-NOTE #copy,Yes,2026-03-10,10:00:00,2026-03-10,10:30:00,00:30:00,,
        Maja Novak,maja@agency.example,,,,No client #copy,Yes,2026-03-10,11:00:00,2026-03-10,11:30:00,00:30:00,,
        """
        let report = try run(store, .toggl, csv)
        #expect(try ticket(store, "copy").time.map(\.note) == ["Copy"])
        #expect(report.warnings.contains { $0.contains("report.csv:3: not imported: the row is for client 'Other Co'") }, "\(report.warnings)")
        #expect(report.warnings.contains { $0.contains("report.csv:4: not imported: the row has no client") }, "\(report.warnings)")

        let renamed = csv.replacingOccurrences(of: "Acme Bakery", with: "ACME (bakery)")
        let message = failure { _ = try run(store, .toggl, renamed) }
        #expect(message.contains("the report holds the time of several clients (ACME (bakery), Other Co)"), "\(message)")
        #expect(message.contains("--tool-client"), "\(message)")
        let other = try TemporaryStore(Self.files)
        _ = try run(other, .toggl, renamed) { $0.toolClient = "acme (Bakery)" }
        #expect(try ticket(other, "copy").time.map(\.note) == ["Copy"])
        #expect(failure { _ = try run(other, .toggl, renamed) { $0.toolClient = "Acme" } }.contains("no row is for client 'Acme'"))
    }

    @Test func membersMapPeopleWhoseNamesDiffer() throws {
        let store = try TemporaryStore(Self.files)
        let csv = """
        User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags,Amount (USD)
        M. Novak,maja.personal@example.com,Acme,Web,,#copy,Yes,2026-03-10,09:00:00,2026-03-10,09:30:00,00:30:00,,
        """
        _ = try run(store, .toggl, csv) { $0.members = ["maja.personal@example.com=maja"] }
        let entry = try #require(try ticket(store, "copy").time.first)
        #expect(entry.by == "maja")
        #expect(entry.note == nil, "a description that was only the #id leaves no note")
        let message = failure { _ = try run(store, .toggl, csv) { $0.members = ["M. Novak=client:Jane Roe"] } }
        #expect(message.contains("time can only be logged by team members"), "\(message)")
    }

    @Test func crlfFilesKeepTheirLineEnds() throws {
        var files = Self.files
        files["clients/acme/projects/web/tickets/photos.md"] = Self.photos.replacingOccurrences(of: "\n", with: "\r\n")
        let store = try TemporaryStore(files)
        _ = try run(store, .toggl, Self.toggl)
        let text = try #require(read(store, "\(web)/tickets/photos.md"))
        #expect(text == Self.photos.replacingOccurrences(of: "  # more to come", with: """
          - { date: 2026-03-11, hours: 0.33, by: tom, note: "Photo edits" }
          # more to come
        """).replacingOccurrences(of: "\n", with: "\r\n"))
        // Portico's loader (TextItem.split) does not yet read CRLF front matter, so the file is
        // checked as text here; the importer itself reads and keeps CRLF.
        let again = try run(store, .toggl, Self.toggl)
        #expect(!again.written.contains { $0.contains("photos.md") }, "the CRLF ticket's entries are recognized on a second run")
    }

    @Test func reportsThatAreNotDetailedReportsAreRefused() throws {
        let store = try TemporaryStore(Self.files)
        let summary = "Project,Client,Duration,Amount (USD)\nWebsite,Acme,10:00:00,450.00\n"
        let message = failure { _ = try run(store, .toggl, summary) }
        #expect(message.contains("report.csv:1: not a detailed Toggl Track report: no 'Start date', 'User' or 'Email', 'Description' or 'Tags' column"), "\(message)")
        #expect(message.contains("Reports → Detailed"), "\(message)")
        #expect(failure { _ = try run(store, .clockify, "") }.contains("report.csv: the file is empty"))
        let unclosed = "User,Email,Description,Start date,Duration\nMaja,maja@agency.example,\"oops,2026-03-10,01:00:00\n"
        #expect(failure { _ = try run(store, .toggl, unclosed) }.contains("report.csv:2: a quoted field that starts on line 2 is never closed"))
        let badRows = """
        User,Email,Description,Billable,Start date,Duration
        Maja Novak,maja@agency.example,#copy,Maybe,2026-03-10,01:00:00
        Maja Novak,maja@agency.example,#copy,Yes,2026-02-30,01:00:00
        Maja Novak,maja@agency.example,#copy,Yes,2026-03-10,
        """
        let report = try run(store, .toggl, badRows)
        #expect(report.warnings == [
            "\(store.root.path)/report.csv:2: not imported: billable is 'Maybe', not Yes or No",
            "\(store.root.path)/report.csv:3: not imported: '2026-02-30' is not a date",
            "\(store.root.path)/report.csv:4: not imported: no duration, and no start and end time to compute it from",
        ])
    }

    @Test func ticketsWhoseTimeListCannotBeExtendedAreReported() throws {
        var files = Self.files
        files["clients/acme/projects/web/tickets/copy.md"] = "---\ntitle: Copy\ntime: lots\n---\n"
        let store = try TemporaryStore(files)
        let csv = "User,Email,Description,Start date,Duration\nMaja Novak,maja@agency.example,#copy,2026-03-10,01:00:00\n"
        let report = try run(store, .toggl, csv)
        #expect(report.warnings.contains { $0.hasSuffix("report.csv:2: not imported: ticket 'copy' (\(store.store)/\(web)/tickets/copy.md): 'time' is not a list; fix the file first") }, "\(report.warnings)")
        #expect(read(store, "\(web)/tickets/copy.md") == "---\ntitle: Copy\ntime: lots\n---\n")
    }

    @Test func csvReader() throws {
        let records = try CSVReader.parse("\u{FEFF}a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"line\none\"\r\n\n1,,3")
        #expect(records.map(\.fields) == [["a", "b", "c"], ["x, y", "say \"hi\"", "line\none"], ["1", "", "3"]])
        #expect(records.map(\.line) == [1, 2, 5])
        #expect(try CSVReader.parse("a;b\n1;2").map(\.fields) == [["a", "b"], ["1", "2"]])
        #expect(try CSVReader.parse("a,\"\"\n").map(\.fields) == [["a", ""]])
    }

    @Test func clockTimesAndDurations() {
        #expect(DateText.secondsOfDay("12:15:00 AM") == 15 * 60)
        #expect(DateText.secondsOfDay("12:00 PM") == 12 * 3600)
        #expect(DateText.secondsOfDay("11:30:00 PM") == 23 * 3600 + 30 * 60)
        #expect(DateText.secondsOfDay("23:30") == 23 * 3600 + 30 * 60)
        #expect(DateText.secondsOfDay("25:00") == nil)
        #expect(DateText.duration("125:00:00") == 125 * 3600)
        #expect(DateText.duration("1:30") == 5400)
        #expect(DateText.duration("1,5") == 5400)
        #expect(DateText.duration("1:75:00") == nil)
        #expect(TimeImporter.references(in: "#a, (#web/b) x#c #-d #e- https://x.example/#f").map(\.text) == ["a", "web/b", "e"])
    }
}
