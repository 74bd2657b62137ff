import Foundation
import Testing
@testable import PorticoStore

@Suite struct FrontMatterTests {
    @Test func splitsFrontMatterAndReportsBodyLine() {
        let (yaml, body, line) = TextItem.split("---\ntitle: A\nstatus: open\n---\nBody\n")
        #expect(yaml == "title: A\nstatus: open")
        #expect(body == "Body\n")
        #expect(line == 5)
    }

    @Test func windowsLineEndingsAreRead() {
        let (yaml, body, line) = TextItem.split("---\r\ntitle: A\r\n---\r\nBody\r\n")
        #expect(yaml == "title: A")
        #expect(body == "Body\n")
        #expect(line == 4)
    }

    @Test func yamlLocationsAreFileLines() throws {
        let node = try YAMLSourceParser.parse("title: A\nprivate: true\n", file: "t.md", lineOffset: 1)
        guard case let .object(members) = node.value else { Issue.record("not an object"); return }
        #expect(members[1].keyLocation == SourceLocation(file: "t.md", line: 3, column: 1))
        if case let .bool(flag) = members[1].value.value { #expect(flag) } else { Issue.record("private is not a bool") }
    }

    @Test func datesStayTextAndYesIsNotABoolean() throws {
        let node = try YAMLSourceParser.parse("due: 2026-03-20\nprivate: yes\nhours: 1.5\n", file: "t.md", lineOffset: 1)
        guard case let .object(members) = node.value else { Issue.record("not an object"); return }
        if case let .string(text) = members[0].value.value { #expect(text == "2026-03-20") } else { Issue.record("date not text") }
        if case .string = members[1].value.value {} else { Issue.record("yes became a boolean") }
        if case let .number(hours) = members[2].value.value { #expect(hours == 1.5) } else { Issue.record("hours not a number") }
    }

    @Test func yamlSyntaxErrorsPointAtTheLine() {
        do {
            _ = try YAMLSourceParser.parse("title: A\nstatus: [open\n", file: "t.md", lineOffset: 1)
            Issue.record("no error")
        } catch {
            #expect(error.location.file == "t.md")
            #expect((error.location.line ?? 0) >= 3)
        }
    }

    @Test(arguments: [("privte", "private"), ("internal", "private"), ("hidden", "private"), ("Private", "private"),
                      ("titel", "title"), ("milestnoe", "milestone")])
    func suggestsTheIntendedField(typo: String, intended: String) {
        #expect(DidYouMean.suggestion(for: typo, among: ["title", "milestone", "private", "status"]) == intended)
    }

    @Test func parsesStoreDates() throws {
        guard case let .success(.day(day)) = StoreDate.parse("2026-02-28") else { Issue.record("day"); return }
        #expect(day == CalendarDay(year: 2026, month: 2, day: 28))
        guard case let .success(.instant(instant)) = StoreDate.parse("2026-03-14T09:30:00+11:00") else { Issue.record("instant"); return }
        #expect(instant == Date(timeIntervalSince1970: 1_773_441_000))
        for bad in ["2026-02-30", "2026-13-01", "2026-03-14T09:30:00", "14/03/2026", "2026-03-14T25:00Z"] {
            if case .success = StoreDate.parse(bad) { Issue.record("\(bad) accepted") }
        }
    }
}
