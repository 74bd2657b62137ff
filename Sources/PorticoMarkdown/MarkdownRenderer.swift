import CCmarkGFM
import CPorticoCmark
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
    /// Parsing without cmark's check of every byte: a `String` is valid UTF-8 already, and the
    /// parser turns a NUL into U+FFFD either way (a test checks it).
    private static let parseOptions = options & ~CMARK_OPT_VALIDATE_UTF8

    /// The parse options for `markdown`: with footnotes only when it has a `[^`. A footnote is
    /// defined by a line starting `[^`, so without one a reference could never resolve; and
    /// cmark-gfm 0.29 mangles a bracket followed by a `^` it did not read as such: `[&#94;x]`
    /// cuts the rest of the body off, `[\^x]` gains a `]`. Without the footnote option both are
    /// the text they say, and the parse skips cmark's footnote pass (a walk over the whole
    /// document, a sixth of a typical body's parse). Tests render bodies both ways.
    static func parseOptions(for markdown: String) -> Int32 {
        var markdown = markdown
        let mayHaveFootnotes = markdown.withUTF8 { bytes in
            guard bytes.count > 1 else { return false }
            for index in 1..<bytes.count where bytes[index] == UInt8(ascii: "^") && bytes[index - 1] == UInt8(ascii: "[") { return true }
            return false
        }
        return mayHaveFootnotes ? parseOptions : parseOptions & ~CMARK_OPT_FOOTNOTES
    }

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
        render(markdown, topHeadingLevel: topHeadingLevel, resolve: resolve) { tidy($0, taskLabels: taskLabels) }
    }

    /// `html` always parsed with footnotes on (for the tests that render bodies both ways).
    static func htmlParsingFootnotes(_ markdown: String) -> String {
        render(markdown, topHeadingLevel: 2, resolve: { _, _ in nil }, parsingWith: parseOptions) { tidy($0, taskLabels: nil) }
    }

    /// HTML that is only going to be reduced to its text (search index, feed summaries): every
    /// relative URL dropped, and without `html`'s attribute tidying, which only changes the
    /// inside of tags.
    public static func textHTML(_ markdown: String, topHeadingLevel: Int = 2) -> String {
        render(markdown, topHeadingLevel: topHeadingLevel, resolve: { _, _ in nil }) { String(decoding: $0, as: UTF8.self) }
    }

    private static let inlineParsing = NSLock()

    /// Whether parses run their inline phase side by side (see `render`): true on Linux once a
    /// first document has been parsed.
    public static var parsesInlinesInParallel: Bool { portico_cmark_special_characters_pinned() != 0 }

    /// Seconds spent rendering Markdown in this process, summed over threads (`--verbose`).
    public static var secondsSpent: Double {
        spent.lock.lock()
        defer { spent.lock.unlock() }
        return Double(spent.nanoseconds) / 1e9
    }

    private final class SpentTime: @unchecked Sendable {
        let lock = NSLock()
        var nanoseconds: UInt64 = 0
    }
    private static let spent = SpentTime()

    /// cmark's default allocator zeroes with `calloc`, which glibc serves without its
    /// per-thread cache (most of a render's time went to it); `malloc` and `memset` give
    /// the same zeroed memory from the cache. Frees stay plain `free`, as they must.
    private struct Allocator: @unchecked Sendable {
        let pointer: UnsafeMutablePointer<cmark_mem>
    }

    private static let allocator: Allocator = {
        let pointer = UnsafeMutablePointer<cmark_mem>.allocate(capacity: 1)
        pointer.initialize(to: cmark_mem(
            calloc: { count, size in
                let (bytes, overflow) = count.multipliedReportingOverflow(by: size)
                guard !overflow, let memory = malloc(max(bytes, 1)) else { fatalError("out of memory rendering Markdown") }
                memset(memory, 0, bytes)
                return memory
            },
            realloc: { memory, size in
                guard let resized = realloc(memory, size) else { fatalError("out of memory rendering Markdown") }
                return resized
            },
            free: { free($0) }))
        return Allocator(pointer: pointer)
    }()

    /// The core extensions' syntax extensions, looked up once.
    private struct SyntaxExtensions: @unchecked Sendable {
        let pointers: [OpaquePointer]
    }

    private static let syntaxExtensions: SyntaxExtensions = {
        _ = registered
        return SyntaxExtensions(pointers: extensionNames.compactMap { cmark_find_syntax_extension($0) })
    }()

    /// Parses, rewrites and renders `markdown`, handing cmark's HTML (without its terminating
    /// NUL) to `finish` before it is freed.
    private static func render(_ markdown: String, topHeadingLevel: Int, resolve: Resolver, parsingWith fixedOptions: Int32? = nil,
                               finish: (UnsafeBufferPointer<UInt8>) -> String) -> String {
        let start = DispatchTime.now().uptimeNanoseconds
        defer {
            let elapsed = DispatchTime.now().uptimeNanoseconds - start
            spent.lock.lock()
            spent.nanoseconds += elapsed
            spent.lock.unlock()
        }
        let extensions = syntaxExtensions.pointers
        guard let parser = cmark_parser_new_with_mem(fixedOptions ?? parseOptions(for: markdown), allocator.pointer) else { return "" }
        defer { cmark_parser_free(parser) }
        for syntaxExtension in extensions {
            cmark_parser_attach_syntax_extension(parser, syntaxExtension)
        }
        var text = markdown
        text.withUTF8 { buffer in
            guard let base = buffer.baseAddress, buffer.count > 0 else { return }
            UnsafeRawPointer(base).withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                cmark_parser_feed(parser, $0, buffer.count)
            }
        }
        // Finishing parses the inlines, which cmark-gfm does with a process-wide table of
        // special characters: each parse adds its extensions' characters (`~`, `:`, `w`) and
        // removes them when done, so a parse running beside another one could lose them half
        // way and leave `~~struck~~` or `www.example.com` as plain text. CPorticoCmark keeps
        // them in the table instead; where the system does not let it (or before the first
        // parse has shown that it does), one parse at a time.
        let pinned = portico_cmark_special_characters_pinned() != 0
        if !pinned { inlineParsing.lock() }
        let finished = cmark_parser_finish(parser)
        if !pinned { inlineParsing.unlock() }
        guard let document = finished else { return "" }
        defer { cmark_node_free(document) }
        rewrite(document, topHeadingLevel: topHeadingLevel, resolve: resolve)
        guard let rendered = cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parser)) else { return "" }
        defer { free(rendered) }
        let length = strlen(rendered)
        return UnsafeRawPointer(rendered).withMemoryRebound(to: UInt8.self, capacity: length) {
            finish(UnsafeBufferPointer(start: $0, count: length))
        }
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

    /// One walk over the document: links and images resolved (in document order), headings
    /// noted, then shifted so that the shallowest is at `topHeadingLevel`.
    private static func rewrite(_ document: OpaquePointer, topHeadingLevel: Int, resolve: Resolver) {
        guard let iterator = cmark_iter_new(document) else { return }
        defer { cmark_iter_free(iterator) }
        var dropped: [(OpaquePointer, URLKind)] = []
        var headings: [OpaquePointer] = []
        var shallowest: Int32 = 6
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            switch cmark_node_get_type(node) {
            case CMARK_NODE_HEADING:
                headings.append(node)
                shallowest = min(shallowest, cmark_node_get_heading_level(node))
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
        let headingOffset = Int32(topHeadingLevel) - shallowest
        if headingOffset != 0 {
            for node in headings {
                cmark_node_set_heading_level(node, min(6, max(1, cmark_node_get_heading_level(node) + headingOffset)))
            }
        }
        // Unsafe or unpublished targets: keep a link's text, and an image's alt text, as plain text.
        for (node, kind) in dropped.reversed() {
            if kind == .image {
                let alt = plainText(of: node)
                // With the document's allocator: cmark refuses to link nodes of different ones.
                if let text = cmark_node_new_with_mem(CMARK_NODE_TEXT, allocator.pointer) {
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
    /// (an inline style would be blocked by the portals' Content-Security-Policy), and names
    /// task-list checkboxes. One pass over cmark's bytes. Every pattern is markup that only cmark
    /// writes (in text and attribute values cmark escapes `"` and `<`), and no replacement can
    /// form or break another pattern, so this is the same as replacing each pattern in turn.
    static func tidy(_ html: UnsafeBufferPointer<UInt8>, taskLabels: TaskLabels?) -> String {
        let count = html.count
        // Most bodies have neither a table nor a task list: find the first place to change.
        var first = 0
        scan: while first < count {
            switch html[first] {
            case UInt8(ascii: " ") where alignment(in: html, at: first) != nil: break scan
            case UInt8(ascii: "<") where taskLabels != nil && checkbox(in: html, at: first) != nil: break scan
            default: first += 1
            }
        }
        if first == count { return String(decoding: html, as: UTF8.self) }

        // Made when the first checkbox needs them (task lists are rare).
        var boxes: (checked: [UInt8], open: [UInt8])?
        func labelledBoxes(_ labels: TaskLabels) -> (checked: [UInt8], open: [UInt8]) {
            if let boxes { return boxes }
            let made = (Array("<input type=\"checkbox\" checked=\"\" disabled=\"\" aria-label=\"\(escape(labels.done))\" />".utf8),
                        Array("<input type=\"checkbox\" disabled=\"\" aria-label=\"\(escape(labels.open))\" />".utf8))
            boxes = made
            return made
        }
        var out: [UInt8] = []
        out.reserveCapacity(count + 256)
        out.append(contentsOf: UnsafeBufferPointer(rebasing: html[0..<first]))
        var index = first
        var copied = first
        while index < count {
            let byte = html[index]
            if byte == UInt8(ascii: " "), let (length, replacement) = alignment(in: html, at: index) {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: html[copied..<index]))
                out.append(contentsOf: replacement)
                index += length
                copied = index
            } else if byte == UInt8(ascii: "<"), let taskLabels, let (length, checked) = checkbox(in: html, at: index) {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: html[copied..<index]))
                let labelled = labelledBoxes(taskLabels)
                out.append(contentsOf: checked ? labelled.checked : labelled.open)
                index += length
                copied = index
            } else {
                index += 1
            }
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: html[copied..<count]))
        return String(decoding: out, as: UTF8.self)
    }

    private static let alignments: [(pattern: [UInt8], replacement: [UInt8])] = ["left", "center", "right"].map {
        (Array(" align=\"\($0)\"".utf8), Array(" class=\"align-\($0)\"".utf8))
    }
    private static let checkedBox = Array("<input type=\"checkbox\" checked=\"\" disabled=\"\" />".utf8)
    private static let openBox = Array("<input type=\"checkbox\" disabled=\"\" />".utf8)

    private static func matches(_ pattern: [UInt8], in html: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        guard html.count - index >= pattern.count else { return false }
        var offset = 0
        for byte in pattern {
            if html[index + offset] != byte { return false }
            offset += 1
        }
        return true
    }

    /// At a space: the length of an `align` attribute there and its replacement.
    private static func alignment(in html: UnsafeBufferPointer<UInt8>, at index: Int) -> (Int, [UInt8])? {
        guard index + 7 < html.count, html[index + 1] == UInt8(ascii: "a"), html[index + 2] == UInt8(ascii: "l") else { return nil }
        for (pattern, replacement) in alignments where matches(pattern, in: html, at: index) {
            return (pattern.count, replacement)
        }
        return nil
    }

    /// At a `<`: the length of a task-list checkbox there, and whether it is checked.
    private static func checkbox(in html: UnsafeBufferPointer<UInt8>, at index: Int) -> (Int, Bool)? {
        guard index + 1 < html.count, html[index + 1] == UInt8(ascii: "i") else { return nil }
        if matches(checkedBox, in: html, at: index) { return (checkedBox.count, true) }
        if matches(openBox, in: html, at: index) { return (openBox.count, false) }
        return nil
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
