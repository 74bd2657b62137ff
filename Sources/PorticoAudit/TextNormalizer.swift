import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Brings store text and output text to one comparable form, so a private sentence is found
/// whether it was written as Markdown, rendered to HTML, escaped for XML or folded into a feed:
/// tags and entities are removed, Markdown punctuation dropped, case and whitespace folded.
///
/// What it computes is defined by `LegacyTextNormalizer` (the original String-based code): unescape
/// JSON and iCalendar, strip `<...>` tags, decode entities, then fold to lowercase letters and digits,
/// words separated by one space. Those steps work on Characters (regexes: grapheme clusters) or through
/// Foundation's search (`replacingOccurrences`, `contains`: a match must not be followed by a combining
/// mark); this does the same on UTF-8 bytes. That is exact because every pattern involved (escapes,
/// tags, entities) is ASCII, and the only thing that can change an ASCII match is the scalar right
/// after it (a mark that joins it) or right before it (a prepended mark). The byte-level pass checks
/// that where it matters, with each scalar's behaviour taken from Swift and Foundation themselves
/// (`ScalarInfo`), and where such a mark sits next to an escape it hands the whole file to
/// `LegacyTextNormalizer` rather than guess. The fold handles letters that are one grapheme on their
/// own (all of ASCII, and "č", "ß", "é" precomposed, CJK, ...) scalar by scalar, and gives any stretch
/// holding a scalar that can join its neighbours (combining marks, ZWJ, Hangul jamo, flags, "İ") to
/// Swift's own grapheme breaking, as the original did.
enum TextNormalizer {
    /// Output file bytes (HTML, XML, JSON, ICS, CSV, text) to comparable text.
    static func output(_ data: Data) -> [UInt8] {
        output(data, scalars: ScalarCache())
    }

    /// Store text (a title, a line of Markdown) to comparable text.
    static func store(_ text: String) -> [UInt8] {
        store(text, scalars: ScalarCache())
    }

    static func output(_ data: Data, scalars: ScalarCache) -> [UInt8] {
        fastOutput(data, scalars: scalars) ?? LegacyTextNormalizer.output(data)
    }

    /// The byte-level pass alone: nil where it leaves the file to `LegacyTextNormalizer`.
    static func fastOutput(_ data: Data, scalars: ScalarCache = ScalarCache()) -> [UInt8]? {
        data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            switch unescape(bytes, scalars: scalars) {
            case .unchanged: return foldMarkup(bytes, scalars: scalars)
            case .changed(let text): return text.withUnsafeBufferPointer { foldMarkup($0, scalars: scalars) }
            case .undecided: return nil
            }
        }
    }

    static func store(_ text: String, scalars: ScalarCache) -> [UInt8] {
        store(Substring(text), scalars: scalars)
    }

    static func store(_ text: Substring, scalars: ScalarCache) -> [UInt8] {
        var text = text
        return text.withUTF8 { bytes in
            var folder = TextFolder(capacity: 2 * bytes.count + 16, scalars: scalars)
            defer { folder.release() }
            fold(bytes, into: &folder)
            return folder.finish()
        }
    }

    /// Store text folded into `folder`, started over (read it with `withFinished`): many short
    /// texts folded with one buffer, not an array each.
    static func store(_ text: Substring, into folder: inout TextFolder) {
        var text = text
        text.withUTF8 { store($0, into: &folder) }
    }

    /// Store text given as its UTF-8 bytes (a whole text: cut at a character boundary).
    static func store(_ bytes: UnsafeBufferPointer<UInt8>, into folder: inout TextFolder) {
        folder.reset()
        fold(bytes, into: &folder)
    }

    private static func fold(_ bytes: UnsafeBufferPointer<UInt8>, into folder: inout TextFolder) {
        var index = 0
        while true {
            index = folder.plain(bytes, from: index, markup: false)
            guard index < bytes.count else { break }
            let (scalar, length) = UTF8Scan.decode(bytes, at: index)
            folder.scalar(scalar)
            index += length
        }
    }

    // MARK: Tags, entities and fold

    /// Strips tags, decodes entities and folds, in one pass; nil when the legacy code must decide.
    static func foldMarkup(_ bytes: UnsafeBufferPointer<UInt8>, scalars: ScalarCache) -> [UInt8]? {
        let count = bytes.count
        var folder = TextFolder(capacity: 2 * count + 16, scalars: scalars)
        defer { folder.release() }
        var index = 0
        while true {
            index = folder.plain(bytes, from: index, markup: true)
            guard index < count else { break }
            let byte = bytes[index]
            if byte == UInt8(ascii: "<") {
                // A tag becomes a space; a `<` inside a tag adds another (harmless) space.
                folder.ascii(0x20)
                let end = UTF8Scan.next(UInt8(ascii: ">"), in: bytes, from: index + 1)
                var inner = UTF8Scan.next(UInt8(ascii: "<"), in: UnsafeBufferPointer(rebasing: bytes[..<end]), from: index + 1)
                while inner < end {
                    folder.ascii(0x20)
                    inner = UTF8Scan.next(UInt8(ascii: "<"), in: UnsafeBufferPointer(rebasing: bytes[..<end]), from: inner + 1)
                }
                index = end + 1
            } else if byte == UInt8(ascii: "&") {
                guard let next = entity(bytes, at: index, folder: &folder) else { return nil }
                index = next
            } else {
                let (scalar, length) = UTF8Scan.decode(bytes, at: index)
                folder.scalar(scalar)
                index += length
            }
        }
        return folder.finish()
    }

    /// Handles the `&` at `start`: a numeric entity (`&#NNN;`, `&#xHH;`), a named one, or a plain `&`.
    /// Returns where to go on, or nil when only the legacy code can tell.
    @inline(__always)
    private static func entity(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, folder: inout TextFolder) -> Int? {
        // A prepended mark before `&` would make it part of another grapheme: no entity starts there.
        if folder.last >= 0x80, folder.scalars.info(folder.last).prepends { return nil }
        let count = bytes.count
        var index = start + 1
        if index < count, bytes[index] == UInt8(ascii: "#") {
            // The original pattern: /&#(x?)([0-9a-fA-F]+);/, decimal digits when there is no `x`.
            index += 1
            var hex = false
            if index < count, bytes[index] == UInt8(ascii: "x") { hex = true; index += 1 }
            let digits = index
            var value: UInt32 = 0
            var valid = true
            while index < count, let digit = UTF8Scan.hexValue(bytes[index]) {
                if !hex && digit > 9 { valid = false }
                let (shifted, overflow) = value.multipliedReportingOverflow(by: hex ? 16 : 10)
                let (sum, carry) = shifted.addingReportingOverflow(digit)
                if overflow || carry { valid = false }
                value = sum
                index += 1
            }
            guard index > digits, index < count, bytes[index] == UInt8(ascii: ";"),
                  !UTF8Scan.extendsNext(bytes, at: index + 1, scalars: folder.scalars) else {
                folder.ascii(UInt8(ascii: "&"))
                return start + 1
            }
            // Matched. An invalid number decodes to nothing (not even a space), as before.
            if valid, let scalar = Unicode.Scalar(value) {
                let value = scalar.value
                if value < 0x80 {
                    // The original decoded named entities after numeric ones, so `&#38;lt;` is `<`:
                    // a character that can be part of a named entity is left to it.
                    if namedEntityCharacters.contains(UInt8(value)) { return nil }
                    folder.ascii(UInt8(value))
                } else {
                    // A decoded mark could join an entity or tag next to it into one grapheme.
                    guard folder.scalars.info(value).simple else { return nil }
                    folder.scalar(value)
                }
            }
            return index + 1
        }
        for (name, character) in namedEntities where matches(name, in: bytes, at: index) {
            // Named entities were replaced with `replacingOccurrences`, which skips a match followed
            // by a combining mark (its own list: not ZWJ or spacing marks, as Characters would).
            let end = index + name.count
            if UTF8Scan.blocksSearchBefore(bytes, at: end, scalars: folder.scalars) { break }
            folder.ascii(character)
            return end
        }
        folder.ascii(UInt8(ascii: "&"))
        return start + 1
    }

    private static let namedEntities: [([UInt8], UInt8)] = [
        (Array("lt;".utf8), UInt8(ascii: "<")), (Array("gt;".utf8), UInt8(ascii: ">")),
        (Array("quot;".utf8), UInt8(ascii: "\"")), (Array("apos;".utf8), UInt8(ascii: "'")),
        (Array("nbsp;".utf8), 0x20), (Array("amp;".utf8), UInt8(ascii: "&")),
    ]
    /// `&`, `;` and the letters of the named entities.
    private static let namedEntityCharacters = Set("&;ltgquoapsnbm".utf8)

    @inline(__always)
    private static func matches(_ pattern: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        guard index + pattern.count <= bytes.count else { return false }
        for offset in pattern.indices where bytes[index + offset] != pattern[offset] { return false }
        return true
    }

    // MARK: JSON and iCalendar escapes

    enum Unescaped {
        case unchanged
        case changed([UInt8])
        /// A backslash or line fold next to a joining mark: the legacy code decides.
        case undecided
    }

    /// The original `unescapeFormats`: only when the text has a backslash or a folded line, unfold
    /// lines (`CRLF space`, then `CRLF tab`), replace `\n \N \, \; \" \/`, decode `\uXXXX` (a surrogate
    /// decodes to nothing), then `\\` to `\`.
    static func unescape(_ bytes: UnsafeBufferPointer<UInt8>, scalars: ScalarCache) -> Unescaped {
        let count = bytes.count
        var backslash = false, fold = false
        var nextBackslash = UTF8Scan.next(UInt8(ascii: "\\"), in: bytes, from: 0)
        var nextReturn = UTF8Scan.next(0x0D, in: bytes, from: 0)
        while nextBackslash < count || nextReturn < count {
            if nextBackslash < nextReturn {
                let index = nextBackslash
                if UTF8Scan.prependsPrevious(bytes, before: index, scalars: scalars)
                    || UTF8Scan.markNext(bytes, at: index + 1, scalars: scalars) { return .undecided }
                backslash = true
                nextBackslash = UTF8Scan.next(UInt8(ascii: "\\"), in: bytes, from: index + 1)
            } else {
                let index = nextReturn
                if index + 2 < count, bytes[index + 1] == 0x0A, bytes[index + 2] == 0x20 {
                    if UTF8Scan.markNext(bytes, at: index + 3, scalars: scalars) { return .undecided }
                    fold = true
                }
                nextReturn = UTF8Scan.next(0x0D, in: bytes, from: index + 1)
            }
        }
        guard backslash || fold else { return .unchanged }
        guard let unfoldedSpaces = removing([0x0D, 0x0A, 0x20], from: Array(bytes), scalars: scalars),
              let unfolded = removing([0x0D, 0x0A, 0x09], from: unfoldedSpaces, scalars: scalars) else { return .undecided }
        return unfolded.withUnsafeBufferPointer { text -> Unescaped in
            var out: [UInt8] = []
            out.reserveCapacity(text.count)
            var index = 0
            while index < text.count {
                let byte = text[index]
                guard byte == UInt8(ascii: "\\") else { out.append(byte); index += 1; continue }
                if UTF8Scan.prependsPrevious(text, before: index, scalars: scalars)
                    || UTF8Scan.markNext(text, at: index + 1, scalars: scalars) { return .undecided }
                let next: UInt8 = index + 1 < text.count ? text[index + 1] : 0
                var replacement: UInt8?
                switch next {
                case UInt8(ascii: "n"), UInt8(ascii: "N"): replacement = 0x20
                case UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\""), UInt8(ascii: "/"): replacement = next
                default: break
                }
                if let replacement {
                    if UTF8Scan.markNext(text, at: index + 2, scalars: scalars) { return .undecided }
                    out.append(replacement)
                    index += 2
                    continue
                }
                if next == UInt8(ascii: "u"), index + 6 <= text.count {
                    var value: UInt32 = 0
                    var isHex = true
                    for offset in 2..<6 {
                        guard let digit = UTF8Scan.hexValue(text[index + offset]) else { isHex = false; break }
                        value = value << 4 | digit
                    }
                    if isHex {
                        if UTF8Scan.markNext(text, at: index + 6, scalars: scalars) { return .undecided }
                        if let scalar = Unicode.Scalar(value) { out.append(contentsOf: UTF8Scan.encode(scalar.value)) }
                        index += 6
                        continue
                    }
                }
                out.append(byte)
                index += 1
            }
            // Last, `\\` to `\` (leftmost, not overlapping), on the text with `\u` decoded.
            guard out.contains(UInt8(ascii: "\\")) else { return .changed(out) }
            return out.withUnsafeBufferPointer { decoded -> Unescaped in
                var result: [UInt8] = []
                result.reserveCapacity(decoded.count)
                var index = 0
                while index < decoded.count {
                    let byte = decoded[index]
                    if byte == UInt8(ascii: "\\") {
                        if UTF8Scan.prependsPrevious(decoded, before: index, scalars: scalars)
                            || UTF8Scan.markNext(decoded, at: index + 1, scalars: scalars) { return .undecided }
                        if index + 1 < decoded.count, decoded[index + 1] == UInt8(ascii: "\\") {
                            if UTF8Scan.markNext(decoded, at: index + 2, scalars: scalars) { return .undecided }
                            result.append(byte)
                            index += 2
                            continue
                        }
                    }
                    result.append(byte)
                    index += 1
                }
                return .changed(result)
            }
        }
    }

    /// Removes every occurrence of `pattern` (leftmost first, not overlapping); nil if one is
    /// followed by a mark that could keep it from matching.
    private static func removing(_ pattern: [UInt8], from text: [UInt8], scalars: ScalarCache) -> [UInt8]? {
        guard text.count >= pattern.count else { return text }
        return text.withUnsafeBufferPointer { text -> [UInt8]? in
            var out: [UInt8] = []
            out.reserveCapacity(text.count)
            var index = 0
            while index < text.count {
                if text[index] == pattern[0], index + pattern.count <= text.count,
                   text[index + 1] == pattern[1], text[index + 2] == pattern[2] {
                    if UTF8Scan.markNext(text, at: index + pattern.count, scalars: scalars) { return nil }
                    index += pattern.count
                    continue
                }
                out.append(text[index])
                index += 1
            }
            return out
        }
    }
}
