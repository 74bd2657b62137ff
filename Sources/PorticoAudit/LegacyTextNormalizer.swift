import Foundation

/// The original, String-based normaliser, kept as it was: it defines what `TextNormalizer` computes.
/// `TextNormalizer` hands it the rare output file its byte-level pass cannot decide on its own (an
/// escape or entity next to a character that would join it into one grapheme), and the tests check
/// the two agree. Everything here works on Characters (grapheme clusters), which is what makes it slow.
enum LegacyTextNormalizer {
    /// Output file bytes (HTML, XML, JSON, ICS, CSV, text) to comparable text.
    static func output(_ data: Data) -> [UInt8] {
        let text = String(decoding: data, as: UTF8.self)
        return fold(decodeEntities(stripTags(unescapeFormats(text))))
    }

    /// Store text (a title, a line of Markdown) to comparable text.
    static func store(_ text: String) -> [UInt8] {
        fold(text)
    }

    /// Removes `<...>` tags, leaving a space so words on either side stay apart.
    static func stripTags(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var inTag = false
        for scalar in text.unicodeScalars {
            if scalar == "<" { inTag = true; out.append(" "); continue }
            if scalar == ">", inTag { inTag = false; continue }
            if !inTag { out.append(scalar) }
        }
        return String(out)
    }

    /// Undoes the escapes of JSON (`\"`, `\n`, `\u00e9`) and iCalendar (`\,`, `\;`, folded lines).
    static func unescapeFormats(_ text: String) -> String {
        guard text.contains("\\") || text.contains("\r\n ") else { return text }
        var result = text.replacingOccurrences(of: "\r\n ", with: "").replacingOccurrences(of: "\r\n\t", with: "")
        result = result.replacingOccurrences(of: "\\n", with: " ").replacingOccurrences(of: "\\N", with: " ")
            .replacingOccurrences(of: "\\,", with: ",").replacingOccurrences(of: "\\;", with: ";")
            .replacingOccurrences(of: "\\\"", with: "\"").replacingOccurrences(of: "\\/", with: "/")
        if result.contains("\\u") {
            result = result.replacing(/\\u([0-9a-fA-F]{4})/) { match in
                UInt32(match.1, radix: 16).flatMap(Unicode.Scalar.init).map { String(Character($0)) } ?? ""
            }
        }
        return result.replacingOccurrences(of: "\\\\", with: "\\")
    }

    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = text.replacing(/&#(x?)([0-9a-fA-F]+);/) { match in
            UInt32(match.2, radix: match.1.isEmpty ? 10 : 16).flatMap(Unicode.Scalar.init).map { String(Character($0)) } ?? ""
        }
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&apos;", "'"), ("&nbsp;", " "), ("&amp;", "&")] {
            result = result.replacingOccurrences(of: entity, with: character)
        }
        return result
    }

    /// Lowercase letters and digits only, words separated by one space.
    static func fold(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                if pendingSpace, !out.isEmpty { out.append(0x20) }
                pendingSpace = false
                out.append(contentsOf: character.utf8)
            } else {
                pendingSpace = true
            }
        }
        return out
    }
}
