import Foundation
import PorticoMarkdown

/// Text of visible Markdown for places that are not pages (feed summaries, the search index,
/// digests): rendered in safe mode with every relative link dropped, so nothing is published
/// and no file name is named, then reduced to words.
enum PlainText {
    /// The words of a Markdown text, links and images reduced to their text.
    static func markdown(_ markdown: String) -> String {
        html(MarkdownRenderer.html(markdown, topHeadingLevel: 2) { _, _ in nil })
    }

    /// Tags removed (block ends become spaces), entities decoded, white space collapsed.
    static func html(_ html: String) -> String {
        var out = ""
        var index = html.startIndex
        while index < html.endIndex {
            let character = html[index]
            if character == "<" {
                guard let close = html[index...].firstIndex(of: ">") else { break }
                out.append(" ")
                index = html.index(after: close)
            } else if character == "&", let semicolon = html[index...].prefix(12).firstIndex(of: ";") {
                let entity = String(html[html.index(after: index)..<semicolon])
                if let decoded = decode(entity) {
                    out += decoded
                    index = html.index(after: semicolon)
                } else {
                    out.append(character)
                    index = html.index(after: index)
                }
            } else {
                out.append(character)
                index = html.index(after: index)
            }
        }
        return collapse(out)
    }

    /// At most `limit` characters, cut at a word boundary with an ellipsis.
    static func excerpt(_ text: String, limit: Int) -> String {
        guard text.count > limit else { return text }
        let cut = text.prefix(limit)
        let end = cut.lastIndex(of: " ").map { cut[..<$0] } ?? cut
        return String(end).trimmingCharacters(in: .whitespaces) + "…"
    }

    static func collapse(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    private static func decode(_ entity: String) -> String? {
        switch entity {
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        case "apos", "#39": return "'"
        case "nbsp": return " "
        default: break
        }
        guard entity.hasPrefix("#") else { return nil }
        let digits = entity.dropFirst()
        let value = digits.hasPrefix("x") || digits.hasPrefix("X") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
        return value.flatMap(Unicode.Scalar.init).map { String(Character($0)) }
    }
}
