import Foundation

/// Which URLs may appear in a portal. Absolute URLs must use a scheme from an allow list
/// (so `javascript:`, `vbscript:`, `data:` and `file:` never pass); relative URLs name store
/// files and are handed to the caller, which publishes the file or drops the link.
public enum URLPolicy {
    public static let allowedSchemes: Set<String> = ["http", "https", "mailto", "tel"]

    static func decide(_ url: String, kind: MarkdownRenderer.URLKind,
                       resolve: MarkdownRenderer.Resolver) -> String? {
        guard url.utf8.allSatisfy({ $0 < 0x80 }) else { return Reference.decide(url, kind: kind, resolve: resolve) }
        // ASCII: every character is one byte (a CR LF pair aside, which nothing below tells
        // apart from two), and Foundation's white space is tab, LF, VT, FF, CR and space.
        let trimmed = trimmedASCII(url)
        guard let first = trimmed.utf8.first else { return nil }
        if first == UInt8(ascii: "#") { return trimmed }
        if let scheme = asciiScheme(of: trimmed) {
            guard allowedSchemes.contains(scheme) else { return nil }
            // Remote images would be third-party requests from a client's browser.
            return kind == .image ? nil : trimmed
        }
        if trimmed.utf8.starts(with: "//".utf8) { return nil }
        return resolve(trimmed, kind)
    }

    private static func isASCIIWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    private static func trimmedASCII(_ url: String) -> String {
        let bytes = url.utf8
        guard let first = bytes.first, let last = bytes.last, isASCIIWhitespace(first) || isASCIIWhitespace(last) else { return url }
        guard let start = bytes.firstIndex(where: { !isASCIIWhitespace($0) }) else { return "" }
        let end = bytes.lastIndex(where: { !isASCIIWhitespace($0) })!
        return String(url[start...end])
    }

    /// `scheme(of:)` for ASCII text.
    private static func asciiScheme(of url: String) -> String? {
        var candidate: [UInt8] = []
        for byte in url.utf8 where byte != 0x09 && byte != 0x0A && byte != 0x0D {
            if byte == UInt8(ascii: ":") {
                var start = 0, end = candidate.count
                while start < end, candidate[start] == 0x20 || candidate[start] == 0x09 { start += 1 }
                while end > start, candidate[end - 1] == 0x20 || candidate[end - 1] == 0x09 { end -= 1 }
                return String(decoding: candidate[start..<end].map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
            }
            if byte == UInt8(ascii: "/") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#") { return nil }
            candidate.append(byte)
        }
        return nil
    }

    /// The definitions `decide` must match, and its path for URLs that are not ASCII.
    enum Reference {
        static func decide(_ url: String, kind: MarkdownRenderer.URLKind,
                           resolve: MarkdownRenderer.Resolver) -> String? {
            let trimmed = url.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { return nil }
            if trimmed.hasPrefix("#") { return trimmed }
            if let scheme = scheme(of: trimmed) {
                guard allowedSchemes.contains(scheme) else { return nil }
                return kind == .image ? nil : trimmed
            }
            if trimmed.hasPrefix("//") { return nil }
            return resolve(trimmed, kind)
        }
    }

    /// True for a URL that may be written into an `href` as it stands (absolute, allowed scheme).
    public static func isSafeExternal(_ url: String) -> Bool {
        guard let scheme = scheme(of: url.trimmingCharacters(in: .whitespacesAndNewlines)) else { return false }
        return allowedSchemes.contains(scheme)
    }

    /// The lowercased scheme, where the URL has one. Browsers ignore tabs and new lines inside
    /// a scheme (`java\tscript:`), so those are removed before looking.
    static func scheme(of url: String) -> String? {
        let cleaned = url.unicodeScalars.filter { $0 != "\t" && $0 != "\n" && $0 != "\r" }
        guard let colon = cleaned.firstIndex(of: ":") else { return nil }
        let candidate = String(String.UnicodeScalarView(cleaned[cleaned.startIndex..<colon]))
        if candidate.contains("/") || candidate.contains("?") || candidate.contains("#") { return nil }
        return candidate.lowercased().trimmingCharacters(in: .whitespaces)
    }
}
