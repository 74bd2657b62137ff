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
        var text = text
        return text.withUTF8 { bytes in
            var folder = Folder(capacity: 2 * bytes.count + 16, scalars: scalars)
            defer { folder.release() }
            var index = 0
            while true {
                index = folder.plain(bytes, from: index, markup: false)
                guard index < bytes.count else { break }
                let (scalar, length) = UTF8Scan.decode(bytes, at: index)
                folder.scalar(scalar)
                index += length
            }
            return folder.finish()
        }
    }

    // MARK: Tags, entities and fold

    /// Strips tags, decodes entities and folds, in one pass; nil when the legacy code must decide.
    static func foldMarkup(_ bytes: UnsafeBufferPointer<UInt8>, scalars: ScalarCache) -> [UInt8]? {
        let count = bytes.count
        var folder = Folder(capacity: 2 * count + 16, scalars: scalars)
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
    private static func entity(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, folder: inout Folder) -> Int? {
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

/// The fold: lowercase letters and digits, anything else a word break, one space between words.
/// The original folded Characters: a Character is a word character when its first scalar is
/// alphabetic or numeric, and then all of it (combining marks included) is kept.
struct Folder {
    /// The output so far (owned: `release()` frees it).
    private var out: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity: Int
    var pendingSpace = false
    let scalars: ScalarCache
    /// The last scalar folded, and the output before it, to take it back if what follows joins it.
    private(set) var last: UInt32 = 0
    private var hasLast = false
    private var countBeforeLast = 0
    private var pendingBeforeLast = false
    /// A stretch where scalars may join (a combining mark and what it sits on), folded by Swift.
    private var joining: [UInt8] = []
    private var inJoining = false
    private var joiningEndsSimple = false

    init(capacity: Int, scalars: ScalarCache) {
        self.capacity = max(capacity, 16)
        out = .allocate(capacity: self.capacity)
        self.scalars = scalars
    }

    @inline(__always)
    mutating func ascii(_ byte: UInt8) {
        if inJoining {
            if joiningEndsSimple {
                flushJoining()
            } else {
                joining.append(byte)
                joiningEndsSimple = true
                last = UInt32(byte)
                return
            }
        }
        countBeforeLast = count
        pendingBeforeLast = pendingSpace
        last = UInt32(byte)
        hasLast = true
        let lower = byte | 0x20
        if (byte &- 0x30) < 10 || ((lower &- 0x61) < 26) {
            if pendingSpace {
                if count > 0 { put(0x20) }
                pendingSpace = false
            }
            put((byte &- 0x41) < 26 ? lower : byte)
        } else {
            pendingSpace = true
        }
    }

    /// Folds the ASCII bytes from `start` up to the first non-ASCII byte (or, in markup, `<` or
    /// `&`), as `ascii(_:)` one by one would; returns where it stopped.
    @inline(__always)
    mutating func plain(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, markup: Bool) -> Int {
        let end = bytes.count
        var index = start
        @inline(__always) func isPlain(_ byte: UInt8) -> Bool {
            byte < 0x80 && (!markup || (byte != UInt8(ascii: "<") && byte != UInt8(ascii: "&")))
        }
        while inJoining, index < end, isPlain(bytes[index]) {
            ascii(bytes[index])
            index += 1
        }
        guard index < end, isPlain(bytes[index]) else { return index }
        // Room for a space and a byte per byte left.
        if capacity - count < 2 * (end - index) + 2 { grow(to: count + 2 * (end - index) + 2) }
        let out = self.out
        var written = count, pending = pendingSpace
        var before = countBeforeLast, pendingBefore = pendingBeforeLast, lastByte: UInt8 = 0
        while index < end {
            let byte = bytes[index]
            guard isPlain(byte) else { break }
            before = written
            pendingBefore = pending
            lastByte = byte
            let lower = byte | 0x20
            if (byte &- 0x30) < 10 || ((lower &- 0x61) < 26) {
                if pending {
                    if written > 0 { out[written] = 0x20; written += 1 }
                    pending = false
                }
                out[written] = (byte &- 0x41) < 26 ? lower : byte
                written += 1
            } else {
                pending = true
            }
            index += 1
        }
        count = written
        pendingSpace = pending
        countBeforeLast = before
        pendingBeforeLast = pendingBefore
        last = UInt32(lastByte)
        hasLast = true
        return index
    }

    mutating func scalar(_ value: UInt32) {
        let info = scalars.info(value)
        if inJoining {
            if info.simple && joiningEndsSimple {
                flushJoining()
            } else {
                UTF8Scan.append(value, to: &joining)
                joiningEndsSimple = info.simple
                last = value
                return
            }
        }
        guard info.simple else {
            // Take back the scalar before (it may be what this one joins) and fold both, and what
            // follows, as Swift's Characters.
            joining.removeAll(keepingCapacity: true)
            if hasLast {
                count = countBeforeLast
                pendingSpace = pendingBeforeLast
                UTF8Scan.append(last, to: &joining)
            }
            UTF8Scan.append(value, to: &joining)
            inJoining = true
            joiningEndsSimple = false
            last = value
            return
        }
        countBeforeLast = count
        pendingBeforeLast = pendingSpace
        last = value
        hasLast = true
        for byte in info.fold {
            if byte == 0x20 {
                pendingSpace = true
            } else {
                if pendingSpace {
                    if count > 0 { put(0x20) }
                    pendingSpace = false
                }
                put(byte)
            }
        }
    }

    /// Folds the joining stretch, which ends in a simple scalar: the simple scalar that comes next
    /// starts a grapheme of its own, so what follows folds on its own.
    private mutating func flushJoining() {
        fold(String(decoding: joining, as: UTF8.self))
        inJoining = false
        hasLast = false
    }

    /// The original fold of a String, continuing this one.
    private mutating func fold(_ text: String) {
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                if pendingSpace, count > 0 { put(0x20) }
                pendingSpace = false
                for byte in character.utf8 { put(byte) }
            } else {
                pendingSpace = true
            }
        }
    }

    /// The folded text (the folder stays usable until released).
    mutating func finish() -> [UInt8] {
        if inJoining {
            fold(String(decoding: joining, as: UTF8.self))
            inJoining = false
        }
        return Array(UnsafeBufferPointer(start: out, count: count))
    }

    func release() {
        out.deallocate()
    }

    @inline(__always)
    private mutating func put(_ byte: UInt8) {
        if count == capacity { grow() }
        out[count] = byte
        count += 1
    }

    private mutating func grow(to minimum: Int = 0) {
        let larger = max(capacity * 2, minimum)
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        buffer.update(from: out, count: count)
        out.deallocate()
        out = buffer
        capacity = larger
    }
}

/// What the fold needs to know of a non-ASCII scalar, worked out once with Swift's own grapheme
/// breaking and case mapping.
struct ScalarInfo: Sendable {
    /// A grapheme on its own whatever its neighbours (no grapheme rule joins it to anything), and so
    /// is each scalar of its lowercase form.
    var simple: Bool
    /// Joins a preceding letter into one grapheme (combining marks, ZWJ, spacing marks).
    var extends: Bool
    /// Joins a following letter into one grapheme (prepended concatenation marks).
    var prepends: Bool
    /// Keeps Foundation's `replacingOccurrences` and `contains` from matching text just before it
    /// (its own list of combining marks; all of them also extend, in Swift's grapheme breaking).
    var blocksSearch: Bool
    /// For a simple scalar, its lowercase form folded: the UTF-8 of each word scalar, 0x20 for each other.
    var fold: [UInt8]

    init(_ value: UInt32) {
        let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
        extends = Self.joins("a", scalar)
        prepends = Self.joins(scalar, "a")
        var probe = String.UnicodeScalarView("&lt;".unicodeScalars)
        probe.append(scalar)
        blocksSearch = !String(probe).replacingOccurrences(of: "&lt;", with: "<").unicodeScalars.contains("<")
        simple = !Self.mayJoin(scalar)
        fold = []
        guard simple else { return }
        for lower in scalar.properties.lowercaseMapping.unicodeScalars {
            if lower != scalar, Self.mayJoin(lower) { simple = false; fold = []; return }
            let character = Character(lower)
            if character.isLetter || character.isNumber {
                fold += Array(String(character).utf8)
            } else {
                fold.append(0x20)
            }
        }
    }

    /// Whether any grapheme rule can join `scalar` to a neighbour. Rules that join two scalars with no
    /// prepended or extending mark between them: Hangul syllable sequences and regional indicator pairs.
    /// Longer rules (Indic conjuncts, emoji ZWJ sequences) join only across a mark that extends.
    private static func mayJoin(_ scalar: Unicode.Scalar) -> Bool {
        let hangulL: Unicode.Scalar = "\u{1100}", hangulV: Unicode.Scalar = "\u{1161}", hangulT: Unicode.Scalar = "\u{11A8}"
        let hangulLV: Unicode.Scalar = "\u{AC00}", hangulLVT: Unicode.Scalar = "\u{AC01}", flag: Unicode.Scalar = "\u{1F1F8}"
        return joins("a", scalar) || joins(scalar, "a")
            || joins(hangulL, scalar) || joins(hangulLV, scalar) || joins(hangulLVT, scalar)
            || joins(scalar, hangulL) || joins(scalar, hangulV) || joins(scalar, hangulT)
            || joins(flag, scalar) || joins(scalar, flag)
    }

    private static func joins(_ first: Unicode.Scalar, _ second: Unicode.Scalar) -> Bool {
        var pair = String.UnicodeScalarView()
        pair.append(first)
        pair.append(second)
        return String(pair).count == 1
    }
}

/// Scalar facts, cached per thread (no locking on the way) in front of one shared table.
final class ScalarCache {
    private var local: [UInt32: ScalarInfo] = [:]

    @inline(__always)
    func info(_ value: UInt32) -> ScalarInfo {
        if let known = local[value] { return known }
        let info = SharedScalarTable.shared.info(value)
        local[value] = info
        return info
    }
}

private final class SharedScalarTable: @unchecked Sendable {
    static let shared = SharedScalarTable()
    private let lock = NSLock()
    private var infos: [UInt32: ScalarInfo] = [:]

    func info(_ value: UInt32) -> ScalarInfo {
        lock.lock()
        let known = infos[value]
        lock.unlock()
        if let known { return known }
        let info = ScalarInfo(value)
        lock.lock()
        infos[value] = info
        lock.unlock()
        return info
    }
}

/// UTF-8 decoding as `String(decoding:as:)` does it: an ill-formed sequence becomes U+FFFD and the
/// next byte that can start a scalar starts the next one.
enum UTF8Scan {
    /// The scalar at `index` (a byte of 0x80 or more) and its length in bytes.
    @inline(__always)
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (UInt32, Int) {
        let count = bytes.count
        let lead = bytes[index]
        @inline(__always) func continuation(_ offset: Int, _ low: UInt8 = 0x80, _ high: UInt8 = 0xBF) -> UInt32? {
            guard index + offset < count else { return nil }
            let byte = bytes[index + offset]
            return byte >= low && byte <= high ? UInt32(byte & 0x3F) : nil
        }
        switch lead {
        case 0xC2...0xDF:
            if let second = continuation(1) { return (UInt32(lead & 0x1F) << 6 | second, 2) }
        case 0xE0...0xEF:
            let low: UInt8 = lead == 0xE0 ? 0xA0 : 0x80, high: UInt8 = lead == 0xED ? 0x9F : 0xBF
            if let second = continuation(1, low, high), let third = continuation(2) {
                return (UInt32(lead & 0x0F) << 12 | second << 6 | third, 3)
            }
        case 0xF0...0xF4:
            let low: UInt8 = lead == 0xF0 ? 0x90 : 0x80, high: UInt8 = lead == 0xF4 ? 0x8F : 0xBF
            if let second = continuation(1, low, high), let third = continuation(2), let fourth = continuation(3) {
                return (UInt32(lead & 0x07) << 18 | second << 12 | third << 6 | fourth, 4)
            }
        default:
            break
        }
        return (0xFFFD, 1)
    }

    /// The scalar that ends just before `index` (U+FFFD if the bytes there are ill-formed).
    static func scalar(_ bytes: UnsafeBufferPointer<UInt8>, endingBefore index: Int) -> UInt32 {
        var start = index - 1
        if bytes[start] < 0x80 { return UInt32(bytes[start]) }
        while start > 0, index - start < 4, bytes[start] & 0xC0 == 0x80 { start -= 1 }
        if bytes[start] < 0x80 { return 0xFFFD }
        let (scalar, length) = decode(bytes, at: start)
        return start + length == index ? scalar : 0xFFFD
    }

    /// Whether the scalar starting at `index` would join the character before it into one grapheme.
    @inline(__always)
    static func extendsNext(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, scalars: ScalarCache) -> Bool {
        guard index < bytes.count, bytes[index] >= 0x80 else { return false }
        return scalars.info(decode(bytes, at: index).0).extends
    }

    /// Whether the scalar starting at `index` is a mark that joins what comes before it, in Swift's
    /// grapheme breaking or in Foundation's search: where the fast pass stops and lets the original decide.
    @inline(__always)
    static func markNext(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, scalars: ScalarCache) -> Bool {
        guard index < bytes.count, bytes[index] >= 0x80 else { return false }
        let info = scalars.info(decode(bytes, at: index).0)
        return info.extends || info.blocksSearch
    }

    /// Whether the scalar starting at `index` keeps Foundation's search from matching what ends there.
    @inline(__always)
    static func blocksSearchBefore(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, scalars: ScalarCache) -> Bool {
        guard index < bytes.count, bytes[index] >= 0x80 else { return false }
        return scalars.info(decode(bytes, at: index).0).blocksSearch
    }

    /// Whether the scalar before `index` would join the character at `index` into one grapheme.
    @inline(__always)
    static func prependsPrevious(_ bytes: UnsafeBufferPointer<UInt8>, before index: Int, scalars: ScalarCache) -> Bool {
        guard index > 0, bytes[index - 1] >= 0x80 else { return false }
        return scalars.info(scalar(bytes, endingBefore: index)).prepends
    }

    /// The index of the next `byte` from `start`, or the count if there is none.
    static func next(_ byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard start < bytes.count, let base = bytes.baseAddress,
              let found = memchr(base + start, Int32(byte), bytes.count - start) else { return bytes.count }
        return UnsafeRawPointer(found) - UnsafeRawPointer(base)
    }

    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte &- 0x30)
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(byte &- 0x57)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(byte &- 0x37)
        default: return nil
        }
    }

    static func length(of scalar: UInt32) -> Int {
        scalar < 0x80 ? 1 : scalar < 0x800 ? 2 : scalar < 0x10000 ? 3 : 4
    }

    static func encode(_ scalar: UInt32) -> [UInt8] {
        var bytes: [UInt8] = []
        append(scalar, to: &bytes)
        return bytes
    }

    @inline(__always)
    static func append(_ scalar: UInt32, to bytes: inout [UInt8]) {
        switch scalar {
        case ..<0x80:
            bytes.append(UInt8(scalar))
        case ..<0x800:
            bytes.append(UInt8(0xC0 | scalar >> 6))
            bytes.append(UInt8(0x80 | scalar & 0x3F))
        case ..<0x10000:
            bytes.append(UInt8(0xE0 | scalar >> 12))
            bytes.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            bytes.append(UInt8(0x80 | scalar & 0x3F))
        default:
            bytes.append(UInt8(0xF0 | scalar >> 18))
            bytes.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            bytes.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            bytes.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}
