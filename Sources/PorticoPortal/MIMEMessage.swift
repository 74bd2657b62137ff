import Crypto
import Foundation

/// An email as RFC 5322 / MIME text: `multipart/alternative` with a plain-text and an HTML part,
/// both UTF-8 in quoted-printable, non-ASCII header text in RFC 2047 encoded words, CRLF line
/// ends, header lines folded under 78 characters. Ready for `sendmail -t`; nothing is sent here.
public struct MIMEMessage: Sendable {
    public struct Address: Sendable, Hashable {
        public var name: String
        public var email: String
        public init(name: String, email: String) {
            self.name = name
            self.email = email
        }
    }

    public var from: Address
    public var to: [Address]
    public var subject: String
    public var date: Date
    /// Without angle brackets: `digest.acme.20261122T120000Z@portal.example`.
    public var messageID: String
    /// BCP 47, for `Content-Language`.
    public var language: String
    public var text: String
    public var html: String

    public init(from: Address, to: [Address], subject: String, date: Date, messageID: String, language: String,
                text: String, html: String) {
        self.from = from
        self.to = to
        self.subject = subject
        self.date = date
        self.messageID = messageID
        self.language = language
        self.text = text
        self.html = html
    }

    /// An address usable in a header: printable ASCII without spaces, one `@`, no `<>,;"()\`.
    public static func isUsable(_ email: String) -> Bool {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, parts[1].contains(".") else { return false }
        return email.unicodeScalars.allSatisfy { $0.value > 32 && $0.value < 127 && !"<>,;:\"()[]\\".unicodeScalars.contains($0) }
    }

    public var bytes: [UInt8] {
        let boundary = "=_portico_" + SHA256.hash(data: Data((text + "\u{0}" + html).utf8)).prefix(12)
            .map { String(format: "%02x", $0) }.joined()
        var headers: [String] = []
        headers.append(Self.foldList("From:", [Self.address(from)]))
        headers.append(Self.foldList("To:", to.map(Self.address)))
        headers.append(Self.subjectHeader(subject))
        headers.append("Date: " + Self.rfc5322Date(date))
        headers.append("Message-ID: <\(messageID)>")
        headers.append("MIME-Version: 1.0")
        headers.append("Content-Type: multipart/alternative;\r\n boundary=\"\(boundary)\"")
        headers.append("Content-Language: " + language.filter { $0.isLetter || $0.isNumber || $0 == "-" })
        headers.append("Auto-Submitted: auto-generated")
        var out = headers.joined(separator: "\r\n") + "\r\n\r\n"
        out += "This is a MIME message with a text and an HTML version.\r\n"
        for (type, body) in [("text/plain", text), ("text/html", html)] {
            out += "\r\n--\(boundary)\r\n"
            out += "Content-Type: \(type); charset=utf-8\r\n"
            out += "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
            out += Self.quotedPrintable(body)
        }
        out += "\r\n--\(boundary)--\r\n"
        return Array(out.utf8)
    }

    // MARK: Headers

    /// `Name <email>`: the name as an atom phrase, a quoted string, or encoded words.
    static func address(_ address: Address) -> String {
        let name = address.name.filter { $0 != "\r" && $0 != "\n" }.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { return address.email }
        return phrase(name) + " <" + address.email + ">"
    }

    static func phrase(_ text: String) -> String {
        if !text.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 32 && $0.value < 127 }) {
            return encodedWords(text).joined(separator: " ")
        }
        let atext = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~ ")
        if text.unicodeScalars.allSatisfy({ atext.contains($0) }) { return text }
        return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// RFC 2047 B-encoded words, never splitting a character, short enough (64 characters) that a
    /// header line holding one with its field name stays within 78.
    static func encodedWords(_ text: String) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        func flush() {
            guard !chunk.isEmpty else { return }
            words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=")
            chunk = []
        }
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 39 { flush() }
            chunk += bytes
        }
        flush()
        return words
    }

    static func subjectHeader(_ subject: String) -> String {
        let clean = subject.filter { $0 != "\r" && $0 != "\n" }
        if clean.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 32 && $0.value < 127 }) {
            return fold("Subject: " + clean)
        }
        return "Subject: " + encodedWords(clean).joined(separator: "\r\n ")
    }

    /// A header whose value is a list (addresses): folded between items, so that no line is
    /// longer than 78 characters unless one item alone is.
    static func foldList(_ name: String, _ items: [String]) -> String {
        var lines: [String] = []
        var current = name
        for (index, item) in items.enumerated() {
            let piece = item + (index < items.count - 1 ? "," : "")
            if current == name || current.count + 1 + piece.count <= 78 {
                current += " " + piece
            } else {
                lines.append(current)
                current = " " + piece
            }
        }
        lines.append(current)
        return lines.joined(separator: "\r\n")
    }

    /// Folds a header at spaces so that lines stay within 78 characters where possible.
    static func fold(_ header: String) -> String {
        var lines: [String] = []
        var current = ""
        for word in header.split(separator: " ", omittingEmptySubsequences: false) {
            if current.isEmpty {
                current = String(word)
            } else if current.count + 1 + word.count > 78 {
                lines.append(current)
                current = " " + word
            } else {
                current += " " + word
            }
        }
        lines.append(current)
        return lines.joined(separator: "\r\n")
    }

    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }

    // MARK: Bodies

    /// Quoted-printable (RFC 2045 6.7) of UTF-8 text: CRLF hard line breaks, soft breaks before
    /// 76 characters, `=`, non-ASCII and trailing white space encoded.
    static func quotedPrintable(_ text: String) -> String {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        var lines = normalized.split(separator: "\n", omittingEmptySubsequences: false)
        if normalized.hasSuffix("\n") { lines.removeLast() }
        var out = ""
        for line in lines {
            let bytes = Array(line.utf8)
            var encoded: [String] = []
            for (index, byte) in bytes.enumerated() {
                let last = index == bytes.count - 1
                if (byte >= 33 && byte <= 126 && byte != 61) || ((byte == 32 || byte == 9) && !last) {
                    encoded.append(String(UnicodeScalar(byte)))
                } else {
                    encoded.append(String(format: "=%02X", byte))
                }
            }
            var width = 0
            for piece in encoded {
                if width + piece.count > 75 {
                    out += "=\r\n"
                    width = 0
                }
                out += piece
                width += piece.count
            }
            out += "\r\n"
        }
        return out
    }
}
