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
        let directory = FileName.deletingLastComponent(path)
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
        if let result = splitBytes(text) ?? nil { return result }
        return splitByCharacters(text)
    }

    /// `split` by Swift characters: what the byte-level pass gives way to, and the reference it
    /// is tested against.
    static func splitByCharacters(_ text: String) -> (String?, String, Int) {
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

    /// `split` over the UTF-8 bytes, for text without carriage returns (nil for any other text):
    /// without them every line break is a lone `\n`, and the fences are plain ASCII.
    private static func splitBytes(_ text: String) -> (String?, String, Int)?? {
        text.utf8.withContiguousStorageIfAvailable { bytes -> (String?, String, Int)? in
            let newline = UInt8(ascii: "\n")
            if bytes.contains(UInt8(ascii: "\r")) { return nil }
            func string(_ range: Range<Int>) -> String {
                String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
            }
            func lineEnd(from start: Int) -> Int {
                var index = start
                while index < bytes.count, bytes[index] != newline { index += 1 }
                return index
            }
            func isFence(_ range: Range<Int>, dotsToo: Bool) -> Bool {
                var low = range.lowerBound, high = range.upperBound
                while low < high, bytes[low] == 0x20 || bytes[low] == 0x09 { low += 1 }
                while high > low, bytes[high - 1] == 0x20 || bytes[high - 1] == 0x09 { high -= 1 }
                guard high - low == 3 else { return false }
                let mark = bytes[low]
                guard mark == UInt8(ascii: "-") || (dotsToo && mark == UInt8(ascii: ".")) else { return false }
                return bytes[low + 1] == mark && bytes[low + 2] == mark
            }
            let firstEnd = lineEnd(from: 0)
            guard isFence(0..<firstEnd, dotsToo: false), firstEnd < bytes.count else { return (nil, text, 1) }
            let yamlStart = firstEnd + 1
            var start = yamlStart, line = 0
            while true {
                let end = lineEnd(from: start)
                if isFence(start..<end, dotsToo: true) {
                    let yaml = line == 0 ? "" : string(yamlStart..<(start - 1))
                    let body = end < bytes.count ? string((end + 1)..<bytes.count) : ""
                    return (yaml, body, line + 3)
                }
                guard end < bytes.count else { return (nil, text, 1) }
                start = end + 1
                line += 1
            }
        }
    }
}
