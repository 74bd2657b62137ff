/// A CSV file as RFC 4180 writes it (CRLF line ends, fields with a comma, quote or line break
/// quoted, quotes doubled), with spreadsheet formula injection defused: a field a spreadsheet
/// would run as a formula (starting with = + - @, a tab or a carriage return) gets a leading
/// single quote, so it shows as the text it is. Starts with a UTF-8 byte order mark, which
/// spreadsheet programs need to read accented names correctly.
struct CSVFile {
    private(set) var text = "\u{FEFF}"

    mutating func append(_ fields: [String]) {
        text += fields.map(Self.field).joined(separator: ",") + "\r\n"
    }

    var bytes: [UInt8] { Array(text.utf8) }

    static func field(_ value: String) -> String {
        var value = value
        if let first = value.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) {
            value = "'" + value
        }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
