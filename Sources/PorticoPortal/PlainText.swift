import Foundation
import PorticoMarkdown

/// Text of visible Markdown for places that are not pages (feed summaries, the search index,
/// digests): rendered in safe mode with every relative link dropped, so nothing is published
/// and no file name is named, then reduced to words.
///
/// The reductions work on UTF-8 bytes. Their meaning is defined on Swift `Character`s (what
/// `reference` keeps): a `<` or a space counts only where it is a character of its own. Next to
/// ASCII (and to anything below U+0300) it always is; next to anything else the bytes path
/// asks Swift, and where the two could differ it hands the whole text to `reference`.
enum PlainText {
    /// The words of a Markdown text, links and images reduced to their text.
    static func markdown(_ markdown: String) -> String {
        // Tags are dropped, so `html`'s attribute tidying would change nothing here.
        html(MarkdownRenderer.textHTML(markdown, topHeadingLevel: 2))
    }

    /// Tags removed (block ends become spaces), entities decoded, white space collapsed.
    static func html(_ html: String) -> String {
        var source = html
        return source.withUTF8 { bytes -> String in
            let text = stripped(bytes)
            return text.withUnsafeBufferPointer { collapsed($0) } ?? Reference.collapse(String(decoding: text, as: UTF8.self))
        }
    }

    /// At most `limit` characters, cut at a word boundary with an ellipsis.
    static func excerpt(_ text: String, limit: Int) -> String {
        // A character has at least one byte: text of at most `limit` bytes is short enough.
        guard text.utf8.count > limit, text.count > limit else { return text }
        let cut = text.prefix(limit)
        let end = cut.lastIndex(of: " ").map { cut[..<$0] } ?? cut
        return String(end).trimmingCharacters(in: .whitespaces) + "…"
    }

    /// Whether `text` is ASCII, eight bytes at a time.
    static func isASCII(_ text: String) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            guard let base = bytes.baseAddress else { return true }
            let raw = UnsafeRawPointer(base)
            var index = 0
            while index + 8 <= bytes.count {
                if raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
                index += 8
            }
            while index < bytes.count {
                if bytes[index] >= 0x80 { return false }
                index += 1
            }
            return true
        } ?? text.utf8.allSatisfy { $0 < 0x80 }
    }

    /// Words separated by one space: white space runs collapsed, ends trimmed.
    static func collapse(_ text: String) -> String {
        var source = text
        return source.withUTF8 { collapsed($0) } ?? Reference.collapse(text)
    }

    // MARK: Bytes

    /// Tags out, entities decoded (a `<`, `>`, `&` or `;` that is part of a larger character is text).
    /// The text never grows: a tag becomes one space, an entity at most as many bytes as it has.
    private static func stripped(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        let count = bytes.count
        let out = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            var length = 0
            func copy(_ start: Int, _ end: Int) {
                guard end > start else { return }
                (buffer.baseAddress! + length).update(from: bytes.baseAddress! + start, count: end - start)
                length += end - start
            }
            var index = 0
            var copied = 0
            scan: while index < count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "<") {
                    guard standsAlone(bytes, index) == true else { index += 1; continue }
                    copy(copied, index)
                    var close = index + 1
                    while true {
                        guard close < count else {
                            // No end: the rest is dropped.
                            copied = count
                            break scan
                        }
                        if bytes[close] == UInt8(ascii: ">"), standsAlone(bytes, close) == true { break }
                        close += 1
                    }
                    buffer[length] = UInt8(ascii: " ")
                    length += 1
                    index = close + 1
                    copied = index
                } else if byte == UInt8(ascii: "&") {
                    guard standsAlone(bytes, index) == true else { index += 1; continue }
                    // `;` within the next 11 characters. Only an ASCII name can decode, and in ASCII
                    // (a CR LF pair, one character, cannot decode either) characters are bytes.
                    var semicolon = index + 1
                    let limit = min(count, index + 12)
                    while semicolon < limit, bytes[semicolon] != UInt8(ascii: ";") { semicolon += 1 }
                    guard semicolon < limit, standsAlone(bytes, semicolon) == true else { index += 1; continue }
                    let name = UnsafeBufferPointer(rebasing: bytes[(index + 1)..<semicolon])
                    guard !name.contains(where: { $0 >= 0x80 }), let decoded = decode(name) else { index += 1; continue }
                    copy(copied, index)
                    for byte in decoded.utf8 {
                        buffer[length] = byte
                        length += 1
                    }
                    index = semicolon + 1
                    copied = index
                } else {
                    index += 1
                }
            }
            copy(copied, count)
            initialized = length
        }
        return out
    }

    /// Runs of white space as one space, none at the ends; nil where a white space character
    /// joins a neighbour into a larger character.
    private static func collapsed(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        let count = bytes.count
        var failed = false
        let text = String(unsafeUninitializedCapacity: count) { buffer in
            var length = 0
            var index = 0
            // Start of the word being read, or -1 between words.
            var word = -1
            func endWord(at end: Int) {
                guard word >= 0 else { return }
                if length > 0 {
                    buffer[length] = UInt8(ascii: " ")
                    length += 1
                }
                (buffer.baseAddress! + length).update(from: bytes.baseAddress! + word, count: end - word)
                length += end - word
                word = -1
            }
            while index < count {
                let byte = bytes[index]
                if byte < 0x80 {
                    if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) {
                        // ASCII white space stands alone unless a mark or a prepended letter joins it.
                        if (index + 1 < count && bytes[index + 1] >= 0xCC) || (index > 0 && bytes[index - 1] >= 0x80) {
                            guard standsAlone(bytes, index) == true else { failed = true; return 0 }
                        }
                        endWord(at: index)
                    } else if word < 0 {
                        word = index
                    }
                    index += 1
                } else {
                    let (scalar, width) = decodeScalar(bytes, index)
                    // White space beyond ASCII: U+0085, U+00A0, U+1680, U+2000-U+205F, U+3000.
                    if (byte == 0xC2 || byte == 0xE1 || byte == 0xE2 || byte == 0xE3) && scalar.properties.isWhitespace {
                        guard standsAlone(bytes, index, width: width) == true else { failed = true; return 0 }
                        endWord(at: index)
                    } else if word < 0 {
                        word = index
                    }
                    index += width
                }
            }
            endWord(at: count)
            return length
        }
        return failed ? nil : text
    }

    /// Whether the scalar at `index` (`width` bytes) is a character of its own: true or false
    /// for ASCII, which only a following mark or a preceding prepended letter can absorb; nil
    /// for other scalars when they are absorbed, as the rules of larger characters then matter.
    static func standsAlone(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int, width: Int = 1) -> Bool? {
        let scalar = width == 1 ? Unicode.Scalar(bytes[index]) : decodeScalar(bytes, index).0
        var alone = true
        let next = index + width
        if next < bytes.count, bytes[next] >= 0xCC {
            alone = breaks(scalar, decodeScalar(bytes, next).0)
        }
        if alone, index > 0, bytes[index - 1] >= 0x80 {
            var start = index - 1
            while start > 0, bytes[start] & 0xC0 == 0x80 { start -= 1 }
            if bytes[start] >= 0xCC { alone = breaks(decodeScalar(bytes, start).0, scalar) }
        }
        return alone || width == 1 ? alone : nil
    }

    /// Whether Swift puts a character boundary between two scalars (below U+0300 nothing
    /// joins an ASCII neighbour, so only larger scalars get here).
    private static func breaks(_ first: Unicode.Scalar, _ second: Unicode.Scalar) -> Bool {
        var pair = String(first)
        pair.unicodeScalars.append(second)
        return pair.count == 2
    }

    /// The scalar starting at `index` of valid UTF-8, and its length in bytes.
    private static func decodeScalar(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> (Unicode.Scalar, Int) {
        let lead = UInt32(bytes[index])
        let value: UInt32, length: Int
        switch lead {
        case ..<0x80: return (Unicode.Scalar(UInt8(lead)), 1)
        case ..<0xE0:
            length = 2
            value = (lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F)
        case ..<0xF0:
            length = 3
            value = (lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
        default:
            length = 4
            value = (lead & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12 | UInt32(bytes[index + 2] & 0x3F) << 6
                | UInt32(bytes[index + 3] & 0x3F)
        }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }

    private static func decode(_ name: UnsafeBufferPointer<UInt8>) -> String? {
        decode(String(decoding: name, as: UTF8.self))
    }

    fileprivate static func decode(_ entity: String) -> String? {
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

    /// The definitions, on `Character`s: what the bytes path must match, and its fallback.
    enum Reference {
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

        static func collapse(_ text: String) -> String {
            text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        }
    }
}
