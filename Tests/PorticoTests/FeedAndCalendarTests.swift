import Foundation
import Testing
@testable import PorticoPortal
@testable import PorticoSite
#if canImport(FoundationXML)
import FoundationXML
#endif

/// feed.xml (Atom 1.0) and calendar.ics (RFC 5545): well-formed, escaped, stable, in the
/// client's zone, and made from the visible portal only. (Tests/python reads both with
/// feedparser and icalendar as well.)
@Suite struct FeedAndCalendarTests {
    static var portalFolder: String { SharePath.folder(clientID: "acme", linkVersion: 1, secret: TestBuild.secret) }

    /// Builds `files` and runs `body` with the acme portal's folder while the store still exists.
    static func build(_ files: [String: String], _ body: (String) throws -> Void) throws {
        let store = try TemporaryStore(files)
        try TestBuild.run(store)
        try withExtendedLifetime(store) { try body(store.output + "/" + portalFolder) }
    }

    /// Parses XML with Foundation's parser; returns the text of every element named `name`.
    final class Collector: NSObject, XMLParserDelegate {
        var wanted: String
        var values: [String] = []
        var attributes: [[String: String]] = []
        private var current: String?
        init(_ wanted: String) { self.wanted = wanted }
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            if name == wanted { current = ""; self.attributes.append(attributes) }
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { current? += string }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == wanted, let text = current { values.append(text); current = nil }
        }
    }

    static func elements(_ name: String, in data: Data) throws -> Collector {
        let parser = XMLParser(data: data)
        let collector = Collector(name)
        parser.delegate = collector
        #expect(parser.parse(), "\(parser.parserError.map(String.init(describing:)) ?? "")")
        return collector
    }

    // MARK: Feed

    @Test func feedIsWellFormedAtomWithTagIdsAndAbsoluteLinks() throws {
        try Self.build(CanaryStore.files) { portal in
            let data = try #require(FileManager.default.contents(atPath: portal + "/feed.xml"))
            let text = String(decoding: data, as: UTF8.self)
            #expect(text.hasPrefix("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en-AU\">"))
            let ids = try Self.elements("id", in: data).values
            #expect(ids.first == "tag:portal.agency.example,2026:acme")
            #expect(Set(ids).count == ids.count)
            #expect(ids.contains("tag:portal.agency.example,2026:acme/projects/web/tickets/public/comments/2026-11-02-0900-maja"))
            #expect(ids.contains("tag:portal.agency.example,2026:acme/projects/web/discussions/open"))
            #expect(ids.contains("tag:portal.agency.example,2026:acme/invoices/2026-001/issued"))
            let links = try Self.elements("link", in: data).attributes.compactMap { $0["href"] }
            let base = "https://portal.agency.example/\(Self.portalFolder)/"
            #expect(links.allSatisfy { $0.hasPrefix(base) }, "\(links)")
            #expect(links.contains(base + "projects/web/tickets/public.html#c-2026-11-02-0900-maja"))
            // RFC 3339 in the client's zone, newest first.
            let published = try Self.elements("published", in: data).values
            #expect(published.first == "2026-11-02T21:00:00+11:00", "\(published)") // the public reply, 2 Nov 10:00 UTC
            #expect(published.allSatisfy { $0.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d/) != nil })
            #expect(published == published.sorted(by: >))
            // Private things are not there: the internal comment, the private discussion and ticket, the draft invoice.
            #expect(!ids.contains { $0.contains("2026-11-03-0900-maja") || $0.contains("closed") || $0.contains("hidden") || $0.contains("2026-002") })
        }
    }

    @Test func feedEscapesMarkupAndDropsCharactersXMLForbids() throws {
        var files = CanaryStore.files
        files["clients/acme/projects/web/tickets/odd.md"] = "---\ntitle: \"Fish & <chips> \\\"now\\\" \\u0007bell\"\ncreated: 2026-11-20\n---\nBody with </summary> & ]]> in it.\n"
        try Self.build(files) { portal in
            let data = try #require(FileManager.default.contents(atPath: portal + "/feed.xml"))
            let titles = try Self.elements("title", in: data).values
            #expect(titles.contains("New task: Fish & <chips> \"now\" bell"), "\(titles)")
            let summaries = try Self.elements("summary", in: data).values
            #expect(summaries.contains("Body with & ]]> in it."), "\(summaries)")
            #expect(!data.contains(0x07))
        }
    }

    @Test func withoutABaseURLLinksAreRelativeToThePortal() throws {
        var files = CanaryStore.files
        files["portico.json"] = SampleStores.settings.replacingOccurrences(of: "\"https://portal.agency.example/\"", with: "\"\"")
        try Self.build(files) { portal in
            let data = try #require(FileManager.default.contents(atPath: portal + "/feed.xml"))
            let links = try Self.elements("link", in: data).attributes
            #expect(!links.contains { $0["rel"] == "self" })
            #expect(links.contains { $0["href"] == "projects/web/tickets/public.html#c-2026-11-02-0900-maja" })
            // Tag ids then use the agency's mail domain.
            #expect(try Self.elements("id", in: data).values.first == "tag:agency.example,2026:acme")
            let calendar = try String(contentsOfFile: portal + "/calendar.ics", encoding: .utf8)
            #expect(!calendar.contains("URL:"))
        }
    }

    // MARK: Calendar

    @Test func foldingKeepsLinesWithin75OctetsWithoutSplittingCharacters() {
        let long = "DESCRIPTION:" + String(repeating: "žabe in čebele ", count: 12)
        let bytes = ICalendar.fold(long)
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast()
        #expect(lines.count > 2)
        for line in lines {
            #expect(line.last == 0x0D)
            #expect(line.count - 1 <= 75)
            #expect(String(bytes: line, encoding: .utf8) != nil, "a character was split")
        }
        #expect(lines.dropFirst().allSatisfy { $0.first == 0x20 })
        // Unfolding gives the line back.
        let unfolded = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\r\n ", with: "")
        #expect(unfolded == long + "\r\n")
    }

    @Test func textValuesAreEscaped() {
        #expect(ICalendar.escape("a, b; c\\d\ne\r\nf") == "a\\, b\\; c\\\\d\\ne\\nf")
        #expect(ICalendar.escape("bell\u{07}") == "bell")
    }

    @Test func calendarHasAllDayDeadlinesStableUIDsAndDTSTAMPFromTheBuildsDay() throws {
        try Self.build(CanaryStore.files) { portal in
            let data = try #require(FileManager.default.contents(atPath: portal + "/calendar.ics"))
            let text = String(decoding: data, as: UTF8.self)
            #expect(text.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"))
            #expect(text.hasSuffix("END:VCALENDAR\r\n"))
            #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "bare line feeds")
            let unfolded = text.replacingOccurrences(of: "\r\n ", with: "")
            #expect(unfolded.contains("""
            UID:acme/projects/web/milestones/launch@portal.agency.example\r
            DTSTAMP:20261121T130000Z\r
            DTSTART;VALUE=DATE:20261201\r
            DTEND;VALUE=DATE:20261202\r
            SUMMARY:Milestone due: PUBLIC-MILESTONE-TWIN\r
            """))
            #expect(unfolded.contains("URL:https://portal.agency.example/\(Self.portalFolder)/projects/web/index.html#m-launch\r\n"))
            // No check-in in this store: no recurring event and no time zone needed.
            #expect(!text.contains("RRULE") && !text.contains("VTIMEZONE"))
            #expect(text.components(separatedBy: "BEGIN:VEVENT").count - 1 == text.components(separatedBy: "END:VEVENT").count - 1)
        }
    }

    @Test func checkInsRepeatWeeklyInTheClientsZoneWithATimeZoneDescription() throws {
        var files = CanaryStore.files
        files["clients/acme/client.json"] = SampleStores.client("Acme Bakery", extra: #", "communication": { "channels": [], "checkIn": "Mondays 09:00" }"#)
        try Self.build(files) { portal in
            let text = try String(contentsOfFile: portal + "/calendar.ics", encoding: .utf8).replacingOccurrences(of: "\r\n ", with: "")
            #expect(text.contains("DTSTART;TZID=Australia/Sydney:20261123T090000\r\nRRULE:FREQ=WEEKLY;BYDAY=MO\r\n"))
            #expect(text.contains("SUMMARY:Check-in with Test Agency\r\n"))
            // The agency's time beside the client's (London is 11 hours behind Sydney in November).
            #expect(text.contains("for Test Agency"))
            #expect(text.contains("""
            BEGIN:VTIMEZONE\r
            TZID:Australia/Sydney\r
            X-LIC-LOCATION:Australia/Sydney\r
            BEGIN:STANDARD\r
            DTSTART:20250406T030000\r
            RRULE:FREQ=YEARLY;BYMONTH=4;BYDAY=1SU\r
            TZOFFSETFROM:+1100\r
            TZOFFSETTO:+1000\r
            """))
            #expect(text.contains("BEGIN:DAYLIGHT\r\nDTSTART:20251005T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=1SU\r\nTZOFFSETFROM:+1000\r\nTZOFFSETTO:+1100\r\n"))
            let timezone = try #require(text.range(of: "BEGIN:VTIMEZONE")), event = try #require(text.range(of: "BEGIN:VEVENT"))
            #expect(timezone.lowerBound < event.lowerBound)
        }
    }

    @Test func timeZonesWithoutDaylightSavingHaveOneObservance() throws {
        let reference = try #require(ISO8601DateFormatter().date(from: "2026-11-23T00:00:00Z"))
        let lines = ICalendar.timeZone(TimeZone(identifier: "Asia/Tokyo")!, around: reference)
        #expect(lines == ["BEGIN:VTIMEZONE", "TZID:Asia/Tokyo", "X-LIC-LOCATION:Asia/Tokyo", "BEGIN:STANDARD",
                          "DTSTART:19700101T000000", "TZOFFSETFROM:+0900", "TZOFFSETTO:+0900", "TZNAME:JST", "END:STANDARD", "END:VTIMEZONE"]
                || lines == ["BEGIN:VTIMEZONE", "TZID:Asia/Tokyo", "X-LIC-LOCATION:Asia/Tokyo", "BEGIN:STANDARD",
                             "DTSTART:19700101T000000", "TZOFFSETFROM:+0900", "TZOFFSETTO:+0900", "END:STANDARD", "END:VTIMEZONE"], "\(lines)")
        let newYork = ICalendar.timeZone(TimeZone(identifier: "America/New_York")!, around: reference)
        #expect(newYork.contains("RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU") && newYork.contains("RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU"))
        #expect(ICalendar.offset(-16_200) == "-0430" && ICalendar.offset(20_700) == "+0545")
    }

    @Test func feedAndCalendarAreByteIdenticalAcrossBuilds() throws {
        let store = try TemporaryStore(CanaryStore.files)
        try TestBuild.run(store, output: store.root.path + "/one")
        try TestBuild.run(store, output: store.root.path + "/two")
        for file in ["feed.xml", "calendar.ics", "billing/time.csv", "search.html"] {
            let one = FileManager.default.contents(atPath: store.root.path + "/one/" + Self.portalFolder + "/" + file)
            let two = FileManager.default.contents(atPath: store.root.path + "/two/" + Self.portalFolder + "/" + file)
            #expect(one != nil && one == two, "\(file)")
        }
    }

    @Test func encryptedPortalsHaveNoFeedCalendarOrExportAndTheirSearchIsSealed() throws {
        let store = try TemporaryStore(CanaryStore.files)
        try store.write("clients/acme/client.json", SampleStores.client("Acme Bakery", extra: """
        , "retainer": { "hoursPerMonth": 20 }, "portal": { "access": "password", "passwordEnv": "ACME_PASSWORD" }
        """))
        let options = BuildOptions(store: store.store, output: store.output, now: TestBuild.now,
                                   environment: ["PORTICO_TEST_SECRET": TestBuild.secret, "ACME_PASSWORD": "correct horse"])
        let result = try SiteBuilder(options: options).build()
        let folder = try #require(result.clients.first { $0.id == "acme" }?.folder)
        let files = TemporaryStore.files(under: store.output + "/" + folder)
        #expect(!files.contains("feed.xml") && !files.contains("calendar.ics") && !files.contains("billing/time.csv"))
        #expect(files.contains("search.html"))
        let shell = try String(contentsOfFile: store.output + "/" + folder + "/search.html", encoding: .utf8)
        #expect(!shell.contains("PUBLIC-TICKET-TWIN") && !shell.contains("portico-search-index"))
        let overview = try String(contentsOfFile: store.output + "/" + folder + "/index.html", encoding: .utf8)
        #expect(!overview.contains("feed.xml"))
        // The other, plain portal keeps its feed.
        let other = try #require(result.clients.first { $0.id == "other" }?.folder)
        #expect(FileManager.default.fileExists(atPath: store.output + "/" + other + "/feed.xml"))
    }
}
