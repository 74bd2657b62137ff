import Foundation

/// Which URLs may appear in a portal. Absolute URLs must use a scheme from an allow list
/// (so `javascript:`, `vbscript:`, `data:` and `file:` never pass); relative URLs name store
/// files and are handed to the caller, which publishes the file or drops the link.
public enum URLPolicy {
    public static let allowedSchemes: Set<String> = ["http", "https", "mailto", "tel"]

    static func decide(_ url: String, kind: MarkdownRenderer.URLKind,
                       resolve: MarkdownRenderer.Resolver) -> String? {
        let trimmed = url.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return nil }
        if trimmed.hasPrefix("#") { return trimmed }
        if let scheme = scheme(of: trimmed) {
            guard allowedSchemes.contains(scheme) else { return nil }
            // Remote images would be third-party requests from a client's browser.
            return kind == .image ? nil : trimmed
        }
        if trimmed.hasPrefix("//") { return nil }
        return resolve(trimmed, kind)
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
