import CCmarkGFM
import Foundation

/// Markdown to HTML through cmark-gfm with GitHub's extensions, in safe mode: raw HTML is
/// omitted, and every link and image URL passes through `URLPolicy` and the caller's resolver,
/// so a `javascript:` link or a path to an unpublished file never reaches a page.
public enum MarkdownRenderer {
    public enum URLKind: Sendable { case link, image }

    /// What to do with a relative URL (a file of the store): the published href, or nil to drop it.
    public typealias Resolver = (_ url: String, _ kind: URLKind) -> String?

    private static let extensionNames = ["table", "strikethrough", "autolink", "tasklist", "tagfilter"]
    private static let options = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_FOOTNOTES
        | CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE

    private static let finishLock = NSLock()

    /// Registering the core extensions is process-wide; do it once.
    private static let registered: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return true
    }()

    /// Accessible names for GitHub task-list checkboxes, in the reader's language.
    public struct TaskLabels: Sendable {
        public var done: String
        public var open: String
        public init(done: String, open: String) {
            self.done = done
            self.open = open
        }
    }

    /// - Parameters:
    ///   - topHeadingLevel: the level the body's shallowest heading becomes (the rest keep their
    ///     distance to it, capped at 6), so a body's headings follow the page's own in order.
    ///   - taskLabels: names for task-list checkboxes, which cmark emits without a label.
    ///   - resolve: called for each relative URL; absolute URLs are checked by `URLPolicy` only.
    public static func html(_ markdown: String, topHeadingLevel: Int = 2, taskLabels: TaskLabels? = nil,
                            resolve: Resolver = { _, _ in nil }) -> String {
        _ = registered
        guard let parser = cmark_parser_new(options) else { return "" }
        defer { cmark_parser_free(parser) }
        for name in extensionNames {
            if let syntaxExtension = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, syntaxExtension)
            }
        }
        markdown.utf8CString.withUnsafeBufferPointer { buffer in
            cmark_parser_feed(parser, buffer.baseAddress, buffer.count - 1)
        }
        // Inline parsing adds the extensions' characters to a table global to the process and
        // removes them when done (cmark-gfm issue #176): two at once would lose `~~` now and
        // then. The block phase above runs in parallel; this phase takes turns.
        finishLock.lock()
        let parsed = cmark_parser_finish(parser)
        finishLock.unlock()
        guard let document = parsed else { return "" }
        defer { cmark_node_free(document) }
        rewrite(document, headingOffset: topHeadingLevel - shallowestHeading(document), resolve: resolve)
        guard let rendered = cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parser)) else { return "" }
        defer { free(rendered) }
        return tidy(String(cString: rendered), taskLabels: taskLabels)
    }

    private static func shallowestHeading(_ document: OpaquePointer) -> Int {
        var level = 6
        guard let iterator = cmark_iter_new(document) else { return level }
        defer { cmark_iter_free(iterator) }
        while cmark_iter_next(iterator) != CMARK_EVENT_DONE {
            if let node = cmark_iter_get_node(iterator), cmark_node_get_type(node) == CMARK_NODE_HEADING {
                level = min(level, Int(cmark_node_get_heading_level(node)))
            }
        }
        return level
    }

    /// Every relative URL in `markdown` with its kind, in document order (used to decide which
    /// store files an item references).
    public static func relativeURLs(in markdown: String) -> [(String, URLKind)] {
        var found: [(String, URLKind)] = []
        _ = html(markdown, topHeadingLevel: 1) { url, kind in
            found.append((url, kind))
            return nil
        }
        return found
    }

    private static func rewrite(_ document: OpaquePointer, headingOffset: Int, resolve: Resolver) {
        guard let iterator = cmark_iter_new(document) else { return }
        defer { cmark_iter_free(iterator) }
        var dropped: [(OpaquePointer, URLKind)] = []
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            switch cmark_node_get_type(node) {
            case CMARK_NODE_HEADING where headingOffset != 0:
                cmark_node_set_heading_level(node, min(6, max(1, cmark_node_get_heading_level(node) + Int32(headingOffset))))
            case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                let kind: URLKind = cmark_node_get_type(node) == CMARK_NODE_IMAGE ? .image : .link
                let url = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
                if let replacement = URLPolicy.decide(url, kind: kind, resolve: resolve) {
                    cmark_node_set_url(node, replacement)
                } else {
                    dropped.append((node, kind))
                }
            default:
                break
            }
        }
        // Unsafe or unpublished targets: keep a link's text, and an image's alt text, as plain text.
        for (node, kind) in dropped.reversed() {
            if kind == .image {
                let alt = plainText(of: node)
                if let text = cmark_node_new(CMARK_NODE_TEXT) {
                    cmark_node_set_literal(text, alt)
                    cmark_node_insert_before(node, text)
                }
            } else {
                while let child = cmark_node_first_child(node) {
                    cmark_node_insert_before(node, child)
                }
            }
            cmark_node_unlink(node)
            cmark_node_free(node)
        }
    }

    private static func plainText(of node: OpaquePointer) -> String {
        var text = ""
        guard let iterator = cmark_iter_new(node) else { return text }
        defer { cmark_iter_free(iterator) }
        while cmark_iter_next(iterator) != CMARK_EVENT_DONE {
            if let current = cmark_iter_get_node(iterator), cmark_node_get_type(current) == CMARK_NODE_TEXT,
               let literal = cmark_node_get_literal(current) {
                text += String(cString: literal)
            }
        }
        return text
    }

    /// cmark writes table alignment as the obsolete `align` attribute; turn it into classes
    /// (an inline style would be blocked by the portals' Content-Security-Policy).
    private static func tidy(_ html: String, taskLabels: TaskLabels?) -> String {
        var html = html
        if let taskLabels, html.contains("<input type=\"checkbox\"") {
            html = html
                .replacingOccurrences(of: "<input type=\"checkbox\" checked=\"\" disabled=\"\" />",
                                      with: "<input type=\"checkbox\" checked=\"\" disabled=\"\" aria-label=\"\(escape(taskLabels.done))\" />")
                .replacingOccurrences(of: "<input type=\"checkbox\" disabled=\"\" />",
                                      with: "<input type=\"checkbox\" disabled=\"\" aria-label=\"\(escape(taskLabels.open))\" />")
        }
        guard html.contains(" align=\"") else { return html }
        return html
            .replacingOccurrences(of: " align=\"left\"", with: " class=\"align-left\"")
            .replacingOccurrences(of: " align=\"center\"", with: " class=\"align-center\"")
            .replacingOccurrences(of: " align=\"right\"", with: " class=\"align-right\"")
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
