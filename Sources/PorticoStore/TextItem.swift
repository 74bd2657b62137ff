import Foundation

/// A text item as found on disk: its fields (front matter, or the JSON object) and its Markdown
/// body. `x.md` (YAML front matter) and `x.json` (the same fields plus `"body"`) are equivalent.
struct TextItem {
    var id: String
    var path: String
    var fields: FieldReader
    var body: MarkdownText

    /// Reads `path` (.md or .json). Returns nil after logging when the file cannot be parsed.
    static func read(_ path: String, id: String, what: String, files: StoreFiles) -> TextItem? {
        guard let text = files.readText(path) else { return nil }
        let display = files.display(path)
        let directory = (path as NSString).deletingLastPathComponent
        if path.hasSuffix(".json") {
            let node: SourceNode
            do {
                node = try JSONSourceParser.parse(Data(text.utf8), file: display)
            } catch {
                files.log.error(error.location, error.message)
                return nil
            }
            guard let fields = FieldReader(node, what: what, log: files.log) else { return nil }
            let body = fields.string("body") ?? ""
            return TextItem(id: id, path: path, fields: fields,
                            body: MarkdownText(markdown: body, baseDirectory: directory, location: fields.location(of: "body")))
        }
        let (frontMatter, bodyText, bodyLine) = split(text)
        let node: SourceNode
        if let frontMatter {
            do {
                node = try YAMLSourceParser.parse(frontMatter, file: display, lineOffset: 1)
            } catch {
                files.log.error(error.location, error.message)
                return nil
            }
        } else if text.hasPrefix("---") {
            files.log.error(files.at(path, line: 1, column: 1), "front matter starts with '---' but has no closing '---' line")
            return nil
        } else {
            node = SourceNode(.object([]), at: files.at(path, line: 1, column: 1))
        }
        guard let fields = FieldReader(node, what: what, log: files.log) else { return nil }
        return TextItem(id: id, path: path, fields: fields,
                        body: MarkdownText(markdown: bodyText, baseDirectory: directory, location: files.at(path, line: bodyLine)))
    }

    /// Splits `---\n yaml \n---\n body`. Returns the YAML (nil without front matter), the body,
    /// and the line the body starts on.
    static func split(_ text: String) -> (String?, String, Int) {
        // "\r\n" is a single Character in Swift, so Windows line endings are normalised first.
        let text = text.contains("\r") ? text.replacingOccurrences(of: "\r\n", with: "\n") : text
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        func isFence(_ line: Substring, _ marks: [String]) -> Bool {
            marks.contains(line.trimmingCharacters(in: CharacterSet(charactersIn: " \t\r")))
        }
        guard let first = lines.first, isFence(first, ["---"]) else { return (nil, text, 1) }
        lines.removeFirst()
        guard let end = lines.firstIndex(where: { isFence($0, ["---", "..."]) }) else { return (nil, text, 1) }
        let yaml = lines[..<end].joined(separator: "\n")
        let body = lines[(end + 1)...].joined(separator: "\n")
        return (yaml, body, end + 3)
    }
}
