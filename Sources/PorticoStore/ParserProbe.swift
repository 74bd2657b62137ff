import Foundation

/// One entry point over every parser a store file goes through (front matter split, YAML,
/// JSON, field readers), for the fuzz target: any input must end in a value or a diagnostic,
/// never a crash or a hang.
public enum ParserProbe {
    /// Parses `bytes` as a Markdown text item and as a JSON record; returns the body text
    /// when there is one (the caller renders it as Markdown).
    @discardableResult
    public static func run(_ bytes: [UInt8]) -> String? {
        let log = DiagnosticLog()
        if let node = try? JSONSourceParser.parse(Data(bytes), file: "fuzz.json"),
           let fields = FieldReader(node, what: "record", log: log) {
            _ = (fields.string("title"), fields.date("due"), fields.number("hours"), fields.stringList("assignees"))
            fields.finish()
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { return nil }
        let (frontMatter, body, line) = TextItem.split(text)
        if let frontMatter, let node = try? YAMLSourceParser.parse(frontMatter, file: "fuzz.md", lineOffset: line),
           let fields = FieldReader(node, what: "ticket", log: log) {
            _ = (fields.string("title"), fields.date("due"), fields.bool("private", default: false), fields.array("time"))
            fields.finish()
        }
        return body
    }
}
