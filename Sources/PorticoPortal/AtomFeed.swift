import Foundation

/// An Atom 1.0 feed (RFC 4287) as text: every value XML-escaped, characters XML 1.0 forbids
/// dropped, dates in RFC 3339 with the client's offset, entries in the order given.
struct AtomFeed {
    struct Entry {
        var id: String
        var title: String
        var link: String
        var published: Date
        var author: String?
        var category: (term: String, label: String)
        var summary: String
    }

    var id: String
    var title: String
    var subtitle: String
    var language: String
    /// The feed's own address, when the portal's address is known.
    var selfLink: String?
    /// The portal's overview.
    var alternateLink: String
    var updated: Date
    var authorName: String
    var authorURI: String?
    var timeZone: TimeZone
    var entries: [Entry]

    func xml() -> String {
        var out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        out += "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"\(Self.escape(language))\">\n"
        out += "  <id>\(Self.escape(id))</id>\n"
        out += "  <title type=\"text\">\(Self.escape(title))</title>\n"
        out += "  <subtitle type=\"text\">\(Self.escape(subtitle))</subtitle>\n"
        if let selfLink {
            out += "  <link rel=\"self\" type=\"application/atom+xml\" href=\"\(Self.escape(selfLink))\"/>\n"
        }
        out += "  <link rel=\"alternate\" type=\"text/html\" href=\"\(Self.escape(alternateLink))\"/>\n"
        out += "  <updated>\(date(updated))</updated>\n"
        out += "  <author>\n    <name>\(Self.escape(authorName))</name>\n"
        if let authorURI { out += "    <uri>\(Self.escape(authorURI))</uri>\n" }
        out += "  </author>\n"
        out += "  <generator>Portico</generator>\n"
        for entry in entries {
            out += "  <entry>\n"
            out += "    <id>\(Self.escape(entry.id))</id>\n"
            out += "    <title type=\"text\">\(Self.escape(entry.title))</title>\n"
            out += "    <link rel=\"alternate\" type=\"text/html\" href=\"\(Self.escape(entry.link))\"/>\n"
            out += "    <published>\(date(entry.published))</published>\n"
            out += "    <updated>\(date(entry.published))</updated>\n"
            if let author = entry.author { out += "    <author><name>\(Self.escape(author))</name></author>\n" }
            out += "    <category term=\"\(Self.escape(entry.category.term))\" label=\"\(Self.escape(entry.category.label))\"/>\n"
            if !entry.summary.isEmpty { out += "    <summary type=\"text\">\(Self.escape(entry.summary))</summary>\n" }
            out += "  </entry>\n"
        }
        out += "</feed>\n"
        return out
    }

    /// RFC 3339 in the client's time zone (`2026-11-19T08:42:00+11:00`).
    func date(_ date: Date) -> String {
        RFC3339.string(date, in: timeZone)
    }

    /// Text for XML content and attribute values: the five special characters escaped, and
    /// characters XML 1.0 does not allow (most control characters) left out.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                let value = scalar.value
                if value < 0x20 || (0xFFFE...0xFFFF).contains(value) { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
