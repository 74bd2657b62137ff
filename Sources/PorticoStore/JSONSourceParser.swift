import Foundation

/// A strict JSON (RFC 8259) parser that records the line and column of every value and key.
/// Foundation's JSONSerialization reports neither, and a store's errors must name the spot.
struct JSONSourceParser {
    struct Failure: Error {
        var location: SourceLocation
        var message: String
    }

    private let bytes: [UInt8]
    private let file: String
    private var index = 0
    private var line = 1
    private var column = 1
    private var depth = 0
    /// Deeper nesting than any real record needs is refused rather than risking the stack.
    private static let maxDepth = 256

    init(bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
    }

    static func parse(_ data: Data, file: String) throws(Failure) -> SourceNode {
        var parser = JSONSourceParser(bytes: [UInt8](data), file: file)
        if parser.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { parser.index = 3 }
        parser.skipWhitespace()
        guard parser.index < parser.bytes.count else {
            throw Failure(location: parser.here, message: "the file is empty; expected a JSON object")
        }
        let node = try parser.parseValue()
        parser.skipWhitespace()
        if parser.index < parser.bytes.count {
            throw Failure(location: parser.here, message: "unexpected text after the end of the JSON value")
        }
        return node
    }

    private var here: SourceLocation { SourceLocation(file: file, line: line, column: column) }

    private mutating func advance() {
        let byte = bytes[index]
        index += 1
        if byte == UInt8(ascii: "\n") {
            line += 1
            column = 1
        } else if byte & 0xC0 != 0x80 {
            column += 1
        }
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: advance()
            default: return
            }
        }
    }

    private func fail(_ message: String) -> Failure { Failure(location: here, message: message) }

    private mutating func parseValue() throws(Failure) -> SourceNode {
        guard index < bytes.count else { throw fail("unexpected end of file; the JSON is truncated") }
        let start = here
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return SourceNode(.string(try parseString()), at: start)
        case UInt8(ascii: "t"): try expectWord("true"); return SourceNode(.bool(true), at: start)
        case UInt8(ascii: "f"): try expectWord("false"); return SourceNode(.bool(false), at: start)
        case UInt8(ascii: "n"): try expectWord("null"); return SourceNode(.null, at: start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return SourceNode(.number(try parseNumber()), at: start)
        default:
            throw fail("unexpected character \(describe(bytes[index])); expected a JSON value")
        }
    }

    private func describe(_ byte: UInt8) -> String {
        byte >= 0x20 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : String(format: "0x%02X", byte)
    }

    private mutating func expectWord(_ word: String) throws(Failure) {
        let start = here
        for expected in word.utf8 {
            guard index < bytes.count, bytes[index] == expected else {
                throw Failure(location: start, message: "invalid literal; expected '\(word)' (JSON strings need double quotes)")
            }
            advance()
        }
    }

    private mutating func enter() throws(Failure) {
        depth += 1
        if depth > Self.maxDepth { throw fail("nesting deeper than \(Self.maxDepth) levels") }
    }

    private mutating func parseObject() throws(Failure) -> SourceNode {
        let start = here
        try enter()
        advance()
        var members: [(key: String, keyLocation: SourceLocation, value: SourceNode)] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            advance()
            depth -= 1
            return SourceNode(.object(members), at: start)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count else { throw fail("unexpected end of file inside an object; the JSON is truncated") }
            guard bytes[index] == UInt8(ascii: "\"") else { throw fail("expected a field name in double quotes") }
            let keyLocation = here
            let key = try parseString()
            if members.contains(where: { $0.key == key }) {
                throw Failure(location: keyLocation, message: "field '\(key)' appears twice")
            }
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw fail("expected ':' after field name '\(key)'") }
            advance()
            skipWhitespace()
            let value = try parseValue()
            members.append((key, keyLocation, value))
            skipWhitespace()
            guard index < bytes.count else { throw fail("unexpected end of file inside an object; the JSON is truncated") }
            if bytes[index] == UInt8(ascii: ",") { advance(); continue }
            if bytes[index] == UInt8(ascii: "}") { advance(); break }
            throw fail("expected ',' or '}' after a field")
        }
        depth -= 1
        return SourceNode(.object(members), at: start)
    }

    private mutating func parseArray() throws(Failure) -> SourceNode {
        let start = here
        try enter()
        advance()
        var elements: [SourceNode] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            advance()
            depth -= 1
            return SourceNode(.array(elements), at: start)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue())
            skipWhitespace()
            guard index < bytes.count else { throw fail("unexpected end of file inside a list; the JSON is truncated") }
            if bytes[index] == UInt8(ascii: ",") { advance(); continue }
            if bytes[index] == UInt8(ascii: "]") { advance(); break }
            throw fail("expected ',' or ']' in a list")
        }
        depth -= 1
        return SourceNode(.array(elements), at: start)
    }

    private mutating func parseString() throws(Failure) -> String {
        advance() // opening quote
        var scalars = String.UnicodeScalarView()
        var run: [UInt8] = []
        func flush() throws(Failure) {
            guard !run.isEmpty else { return }
            guard let text = String(validating: run, as: UTF8.self) else { throw fail("text is not valid UTF-8") }
            scalars.append(contentsOf: text.unicodeScalars)
            run.removeAll(keepingCapacity: true)
        }
        while true {
            guard index < bytes.count else { throw fail("unexpected end of file inside a string; the JSON is truncated") }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") { advance(); break }
            if byte < 0x20 { throw fail("control character inside a string (use \\n for a new line)") }
            if byte != UInt8(ascii: "\\") { run.append(byte); advance(); continue }
            try flush()
            advance()
            guard index < bytes.count else { throw fail("unexpected end of file in an escape") }
            let escape = bytes[index]
            advance()
            switch escape {
            case UInt8(ascii: "\""): scalars.append("\"")
            case UInt8(ascii: "\\"): scalars.append("\\")
            case UInt8(ascii: "/"): scalars.append("/")
            case UInt8(ascii: "b"): scalars.append("\u{08}")
            case UInt8(ascii: "f"): scalars.append("\u{0C}")
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "t"): scalars.append("\t")
            case UInt8(ascii: "u"):
                var code = try parseHex4()
                if (0xD800...0xDBFF).contains(code) {
                    guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                        throw fail("unpaired surrogate in \\u escape")
                    }
                    advance(); advance()
                    let low = try parseHex4()
                    guard (0xDC00...0xDFFF).contains(low) else { throw fail("invalid surrogate pair in \\u escape") }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let scalar = Unicode.Scalar(code) else { throw fail("invalid \\u escape") }
                scalars.append(scalar)
            default:
                throw fail("invalid escape '\\\(Character(Unicode.Scalar(escape)))'")
            }
        }
        try flush()
        return String(scalars)
    }

    private mutating func parseHex4() throws(Failure) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard index < bytes.count, let digit = hexValue(bytes[index]) else { throw fail("expected four hex digits after \\u") }
            value = value * 16 + digit
            advance()
        }
        return value
    }

    private func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    private mutating func parseNumber() throws(Failure) -> Double {
        let start = index
        func digits() -> Int {
            var count = 0
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") { advance(); count += 1 }
            return count
        }
        if bytes[index] == UInt8(ascii: "-") { advance() }
        guard digits() > 0 else { throw fail("invalid number") }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            advance()
            guard digits() > 0 else { throw fail("invalid number: digits expected after '.'") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            advance()
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { advance() }
            guard digits() > 0 else { throw fail("invalid number: digits expected in exponent") }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        guard let value = Double(text), value.isFinite else { throw fail("number out of range") }
        return value
    }
}
