/// A fast reading of the front matter nearly every store item has: one `key: value` per line,
/// plain keys at the start of the line, plain one-line values. For such text it makes exactly
/// the `SourceNode` tree that `YAMLSourceParser` makes through Yams (same keys, values, types
/// and line/column locations); for anything else (quotes, lists, comments, indentation,
/// continuation lines, duplicate keys, empty values...) it answers nil and Yams decides.
enum SimpleFrontMatter {
    /// Keys longer than this are left to Yams (libyaml limits simple keys to 1024 characters).
    static let maxKeyLength = 128
    /// More fields than this are left to Yams (and its budget of values).
    static let maxFields = 1_000

    static func parse(_ text: String, file: String, lineOffset: Int) -> SourceNode? {
        text.utf8.withContiguousStorageIfAvailable { parse($0, file: file, lineOffset: lineOffset) } ?? nil
    }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>, file: String, lineOffset: Int) -> SourceNode? {
        var members: [(key: String, keyLocation: SourceLocation, value: SourceNode)] = []
        let count = bytes.count
        var index = 0, line = 1
        while index < count {
            if bytes[index] == newline {
                index += 1
                line += 1
                continue
            }
            // The key: a letter, then letters, digits, '_' and '-', then ':' and at least one space.
            let lineStart = index
            guard isLetter(bytes[index]) else { return nil }
            index += 1
            while index < count, isKeyByte(bytes[index]) { index += 1 }
            guard index - lineStart <= maxKeyLength, index < count, bytes[index] == colon else { return nil }
            let keyEnd = index
            index += 1
            guard index < count, bytes[index] == space else { return nil }
            while index < count, bytes[index] == space { index += 1 }
            // The value: starts with a letter, digit or non-ASCII character (or a sign or '.' before
            // a digit), never ends in a space, holds no ': ', ' #' or control character.
            let valueStart = index
            guard index < count else { return nil }
            let first = bytes[index]
            if isLetter(first) || isDigit(first) || first >= 0x80 {
            } else if first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: ".") {
                guard index + 1 < count, isDigit(bytes[index + 1]) else { return nil }
            } else {
                return nil
            }
            while index < count, bytes[index] != newline {
                let byte = bytes[index]
                if byte < 0x80 {
                    guard byte >= 0x20, byte != 0x7F else { return nil }
                    if byte == colon {
                        guard index + 1 < count, bytes[index + 1] != space, bytes[index + 1] != newline else { return nil }
                    } else if byte == UInt8(ascii: "#") {
                        guard bytes[index - 1] != space else { return nil }
                    }
                    index += 1
                } else {
                    guard let length = allowedScalarLength(bytes, at: index) else { return nil }
                    index += length
                }
            }
            guard bytes[index - 1] != space, members.count < maxFields else { return nil }
            let key = string(bytes, lineStart..<keyEnd)
            if members.contains(where: { $0.key == key }) { return nil }
            let value = YAMLSourceParser.resolvePlain(string(bytes, valueStart..<index))
            members.append((key: key,
                            keyLocation: SourceLocation(file: file, line: line + lineOffset, column: 1),
                            value: SourceNode(value, at: SourceLocation(file: file, line: line + lineOffset,
                                                                        column: valueStart - lineStart + 1))))
        }
        guard let first = members.first else { return nil }
        return SourceNode(.object(members), at: first.keyLocation)
    }

    private static let newline = UInt8(ascii: "\n"), space = UInt8(ascii: " "), colon = UInt8(ascii: ":")

    private static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private static func isKeyByte(_ byte: UInt8) -> Bool {
        isLetter(byte) || isDigit(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }

    /// The length of the UTF-8 character at `index` when libyaml reads it as ordinary printable
    /// text (not a line break, byte order mark or non-character); nil otherwise.
    private static func allowedScalarLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        let lead = bytes[index]
        let length: Int
        var scalar: UInt32
        switch lead {
        case 0xC2...0xDF: length = 2; scalar = UInt32(lead & 0x1F)
        case 0xE0...0xEF: length = 3; scalar = UInt32(lead & 0x0F)
        case 0xF0...0xF4: length = 4; scalar = UInt32(lead & 0x07)
        default: return nil
        }
        guard index + length <= bytes.count else { return nil }
        for offset in 1..<length {
            let byte = bytes[index + offset]
            guard byte & 0xC0 == 0x80 else { return nil }
            scalar = scalar << 6 | UInt32(byte & 0x3F)
        }
        switch scalar {
        case 0xA0...0xD7FF: return scalar == 0x2028 || scalar == 0x2029 ? nil : length
        case 0xE000...0xFFFD: return scalar == 0xFEFF ? nil : length
        case 0x10000...0x10FFFF: return length
        default: return nil
        }
    }
}
