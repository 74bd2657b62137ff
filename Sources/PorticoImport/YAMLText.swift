import Foundation

/// Writing YAML scalars the store reads back exactly: text is always double-quoted (so `yes`,
/// `2026-03-20`, `#tag` or `: ` inside a title stay text), numbers are written plainly.
enum YAMLText {
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\u{85}", "\u{2028}", "\u{2029}", "\u{FEFF}":
                result += String(format: "\\u%04X", scalar.value)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    result += String(format: "\\x%02X", scalar.value)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    /// An id written plainly when YAML reads it back as text (`maja`), quoted when it would be
    /// read as something else (`123`, `true`, `null`, `1e5`).
    static func id(_ text: String) -> String {
        let lowered = text.lowercased()
        if ["true", "false", "null", "~", "yes", "no", "on", "off"].contains(lowered) || Double(text) != nil
            || text.allSatisfy({ $0.isNumber || $0 == "-" || $0 == "e" }) || !text.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) {
            return quoted(text)
        }
        return text
    }

    /// Hours and other amounts: at most two decimals, no trailing zeros (`1.5`, `2`, `0.25`).
    static func number(_ value: Double) -> String {
        var text = String(format: "%.2f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }
}

/// A Markdown text item's source split so that front matter fields can be replaced or added
/// one at a time while every other byte of the file stays as it was.
struct FrontMatterDocument {
    /// One top-level field: its name and its lines (the `key:` line and any continuation).
    /// Comment or blank lines before the first field have a nil key.
    struct Field {
        var key: String?
        var lines: [String]
    }

    var opening: String
    var fields: [Field]
    var closing: String
    /// Everything after the closing line, exactly as it was.
    var rest: String
    /// "\r" when the file's lines end in CRLF, so added lines match.
    var carriageReturn: String

    /// Nil when the text does not start with a front matter block.
    init?(_ text: String) {
        // Split on the scalar: as Characters, "\r\n" is one and would not split on "\n".
        let lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { String(String.UnicodeScalarView($0)) }
        func isFence(_ line: String, _ marks: [String]) -> Bool {
            marks.contains(line.trimmingCharacters(in: CharacterSet(charactersIn: " \t\r")))
        }
        guard let first = lines.first, isFence(first, ["---"]),
              let end = lines.dropFirst().firstIndex(where: { isFence($0, ["---", "..."]) }) else { return nil }
        opening = first
        closing = lines[end]
        carriageReturn = first.hasSuffix("\r") ? "\r" : ""
        rest = lines[(end + 1)...].joined(separator: "\n")
        fields = []
        for line in lines[1..<end] {
            if let key = Self.key(of: line) {
                fields.append(Field(key: key, lines: [line]))
            } else if fields.isEmpty {
                fields.append(Field(key: nil, lines: [line]))
            } else {
                fields[fields.count - 1].lines.append(line)
            }
        }
    }

    /// The YAML between the fences.
    var yaml: String { fields.flatMap(\.lines).joined(separator: "\n") }

    var text: String {
        ([opening] + fields.flatMap(\.lines) + [closing]).joined(separator: "\n") + "\n" + rest
    }

    func field(_ key: String) -> Field? { fields.first { $0.key == key } }

    /// The name of the top-level field a line starts, if it starts one (`title: …`, `"time":`).
    static func key(of line: String) -> String? {
        guard let first = line.unicodeScalars.first, first != " ", first != "\t", first != "#", first != "-",
              first != "\r", first != "[", first != "{" else { return nil }
        var key = Substring(line)
        if first == "\"" || first == "'" {
            let quote = Character(String(first))
            guard let close = line.dropFirst().firstIndex(of: quote) else { return nil }
            key = line[line.index(after: line.startIndex)..<close]
            let after = line[line.index(after: close)...]
            guard after.hasPrefix(":") else { return nil }
            return String(key)
        }
        guard let colon = line.firstIndex(of: ":") else { return nil }
        let next = line.index(after: colon)
        guard next == line.endIndex || line[next] == " " || line[next] == "\t" || line[next] == "\r" else { return nil }
        key = line[..<colon]
        return String(key).trimmingCharacters(in: .whitespaces)
    }
}
