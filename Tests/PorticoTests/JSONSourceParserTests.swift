import Foundation
import Testing
@testable import PorticoStore

@Suite struct JSONSourceParserTests {
    func parse(_ text: String) throws -> SourceNode {
        try JSONSourceParser.parse(Data(text.utf8), file: "x.json")
    }

    func failure(_ text: String) -> JSONSourceParser.Failure? {
        do {
            _ = try JSONSourceParser.parse(Data(text.utf8), file: "x.json")
            return nil
        } catch {
            return error
        }
    }

    @Test func recordsLineAndColumnOfValues() throws {
        let node = try parse("{\n  \"a\": 1,\n  \"b\": [true, \"é\", null]\n}")
        guard case let .object(members) = node.value else { Issue.record("not an object"); return }
        #expect(members.map(\.key) == ["a", "b"])
        #expect(members[1].keyLocation == SourceLocation(file: "x.json", line: 3, column: 3))
        guard case let .array(items) = members[1].value.value else { Issue.record("not an array"); return }
        #expect(items[2].location == SourceLocation(file: "x.json", line: 3, column: 20))
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let node = try parse(#"{"s": "a\"b\\c\/d\n\u00e9\ud83d\ude00"}"#)
        guard case let .object(members) = node.value, case let .string(text) = members[0].value.value else {
            Issue.record("not a string"); return
        }
        #expect(text == "a\"b\\c/d\né😀")
    }

    @Test(arguments: [
        ("", 1, 1, "empty"),
        ("{\"a\": 1", 1, 8, "truncated"),
        ("{\"a\": 1,}", 1, 9, "field name"),
        ("{'a': 1}", 1, 2, "field name"),
        ("{\"a\": 1, \"a\": 2}", 1, 10, "twice"),
        ("{\"a\": tru}", 1, 7, "literal"),
        ("{\"a\": 1} x", 1, 10, "after the end"),
        ("{\n\"a\": \"x\ny\"}", 2, 8, "control character"),
    ])
    func reportsErrorsWithPosition(text: String, line: Int, column: Int, words: String) {
        let error = failure(text)
        #expect(error?.location == SourceLocation(file: "x.json", line: line, column: column))
        #expect(error?.message.contains(words) == true, "\(error?.message ?? "no error")")
    }

    @Test func refusesAbsurdNestingInsteadOfOverflowingTheStack() {
        let text = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(failure(text)?.message.contains("nesting") == true)
    }
}
