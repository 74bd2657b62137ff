import Foundation

/// Foundation's `replacingOccurrences(of:with:)` without Foundation's cost (it copies the text to
/// UTF-16 and compares composed character sequences, which is slow on Linux).
///
/// Foundation's search is not literal: it does not match where the text goes on with a
/// combining mark or a variation selector (`<` in `<\u{338}`). These functions replace every
/// literal occurrence followed by ASCII or by the end of the text, which Foundation always
/// replaces too, and hand any text with an occurrence followed by something else to
/// Foundation, so the result is always Foundation's.
enum TextReplacement {
    /// `text.replacingOccurrences(of: pattern, with: replacement)`. The pattern must start with
    /// ASCII and hold none of `;`, `` ` `` and `K`, which a non-ASCII character can be
    /// canonically equivalent to (then Foundation is asked).
    static func replacing(_ text: String, _ pattern: String, with replacement: String) -> String {
        guard let first = pattern.utf8.first, first < 0x80,
              !pattern.utf8.contains(where: { $0 == UInt8(ascii: ";") || $0 == UInt8(ascii: "`") || $0 == UInt8(ascii: "K") })
        else { return text.replacingOccurrences(of: pattern, with: replacement) }
        var source = text
        var needle = pattern
        let result: String?? = source.withUTF8 { bytes in
            needle.withUTF8 { patternBytes in replaced(bytes, patternBytes, replacement) }
        }
        switch result {
        case .none: return text.replacingOccurrences(of: pattern, with: replacement)
        case .some(.none): return text
        case let .some(.some(replaced)): return replaced
        }
    }

    /// nil: ask Foundation; .some(nil): no occurrence.
    private static func replaced(_ bytes: UnsafeBufferPointer<UInt8>, _ pattern: UnsafeBufferPointer<UInt8>,
                                 _ replacement: String) -> String?? {
        let count = bytes.count, length = pattern.count
        guard length > 0, count >= length else { return .some(nil) }
        let first = pattern[0]
        var out: [UInt8] = []
        var copied = 0
        var index = 0
        let last = count - length
        while index <= last {
            guard bytes[index] == first else { index += 1; continue }
            var offset = 1
            while offset < length, bytes[index + offset] == pattern[offset] { offset += 1 }
            guard offset == length else { index += 1; continue }
            let end = index + length
            if end < count, bytes[end] >= 0x80 { return nil }
            if copied == 0 && out.isEmpty { out.reserveCapacity(count + 64) }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<index]))
            out.append(contentsOf: replacement.utf8)
            index = end
            copied = end
        }
        guard copied > 0 || !out.isEmpty else { return .some(nil) }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<count]))
        return .some(String(decoding: out, as: UTF8.self))
    }

    /// JSON (or any text) with `<`, `>`, `&`, U+2028 and U+2029 written as `\uXXXX` escapes:
    /// the same as replacing each with Foundation in turn (none of the escapes holds another
    /// of the characters).
    static func scriptSafe(_ json: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(json.count + json.count / 16)
        let count = json.count
        var copied = 0
        var index = 0
        while index < count {
            let byte = json[index]
            let escape: StaticString
            let length: Int
            switch byte {
            case UInt8(ascii: "<"): escape = "\\u003c"; length = 1
            case UInt8(ascii: ">"): escape = "\\u003e"; length = 1
            case UInt8(ascii: "&"): escape = "\\u0026"; length = 1
            case 0xE2 where index + 2 < count && json[index + 1] == 0x80 && json[index + 2] == 0xA8:
                escape = "\\u2028"; length = 3
            case 0xE2 where index + 2 < count && json[index + 1] == 0x80 && json[index + 2] == 0xA9:
                escape = "\\u2029"; length = 3
            default:
                index += 1
                continue
            }
            let end = index + length
            if end < count, json[end] >= 0x80 { return Reference.scriptSafe(String(decoding: json, as: UTF8.self)) }
            out.append(contentsOf: json[copied..<index])
            out.append(contentsOf: UnsafeBufferPointer(start: escape.utf8Start, count: escape.utf8CodeUnitCount))
            index = end
            copied = end
        }
        out.append(contentsOf: json[copied..<count])
        return String(decoding: out, as: UTF8.self)
    }

    /// The definitions, with Foundation: what the functions above must match, and their fallback.
    enum Reference {
        static func scriptSafe(_ json: String) -> String {
            json.replacingOccurrences(of: "<", with: "\\u003c")
                .replacingOccurrences(of: ">", with: "\\u003e")
                .replacingOccurrences(of: "&", with: "\\u0026")
                .replacingOccurrences(of: "\u{2028}", with: "\\u2028")
                .replacingOccurrences(of: "\u{2029}", with: "\\u2029")
        }
    }
}

/// JSON text as Foundation's `JSONEncoder` writes it with `.sortedKeys` and
/// `.withoutEscapingSlashes`, for the few value shapes the portal writes by hand.
struct JSONText {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    mutating func raw(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// A string literal: `"` and `\` escaped, `\b \t \n \f \r` by name, other controls as `\u00xx`.
    mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { source in
            var copied = 0
            for index in 0..<source.count {
                let byte = source[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[copied..<index]))
                copied = index + 1
                bytes.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
                case 0x08: bytes.append(UInt8(ascii: "b"))
                case 0x09: bytes.append(UInt8(ascii: "t"))
                case 0x0A: bytes.append(UInt8(ascii: "n"))
                case 0x0C: bytes.append(UInt8(ascii: "f"))
                case 0x0D: bytes.append(UInt8(ascii: "r"))
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 15)]])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[copied..<source.count]))
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
