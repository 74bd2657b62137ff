import Foundation
import Testing
@testable import PorticoMarkdown
@testable import PorticoPortal

/// The byte-level text code of the portal builder and the Markdown renderer against the
/// implementations it replaced (Foundation's `replacingOccurrences`, `JSONEncoder`, Swift
/// `Character`s), on tricky inputs: non-ASCII, combining marks, prepended and joining scalars,
/// emoji, U+2028, quotes, ampersands and `</script>`.
@Suite struct FastTextTests {
    /// Pieces random texts are made of: markup, entities, white space of every kind, and
    /// scalars that join their neighbours into one character.
    static let pieces: [String] = [
        "a", "B", "č", "é", "e\u{301}", "\u{301}", "\u{338}", "\u{200D}", "\u{FE0F}", "\u{600}", "\u{903}", "\u{1F600}", "\u{1F3FB}",
        "👩‍💻", "🇸🇮", "\u{1100}", "\u{1161}", "\u{37E}", "\u{212A}", "K", ";", "`", "ﬁ",
        "<", ">", "&", "\"", "'", "\\", "/", "{", "}", "{date}", "{name}", "</script>", "<script>", "<p>", "</p>", "<br />", "<!-- x -->",
        "&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&#39;", "&nbsp;", "&#x301;", "&#768;", "&#xA0;", "&#x2028;", "&#0;", "&#+5;",
        "&#xD800;", "&#1114112;", "&bogus;", "&verylongentityname;", "&#", "&", ";",
        " ", "  ", "\t", "\n", "\r", "\r\n", "\u{B}", "\u{C}", "\u{85}", "\u{A0}", "\u{1680}", "\u{2002}", "\u{2028}", "\u{2029}",
        "\u{202F}", "\u{205F}", "\u{3000}", "\u{AD}", "\u{0}", "\u{1}", "\u{1F}", "\u{7F}", "word", "Ž", "ß",
    ]

    static func randomText(_ generator: inout some RandomNumberGenerator, maxPieces: Int = 24) -> String {
        (0..<Int.random(in: 0...maxPieces, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
    }

    static func scalars(_ text: String) -> String {
        text.unicodeScalars.map { String($0.value, radix: 16) }.joined(separator: " ")
    }

    @Test func plainTextMatchesTheCharacterDefinition() {
        var generator = SplitMix(seed: 1)
        let fixed = ["", " ", "<p>Hello &amp; <b>world</b></p>", "<p>\u{301}x</p>", "a<\u{338}b>c", "&amp;\u{301};", "\u{600} a", " \u{301}a",
                     "a\u{A0}\u{301}b", "x&#x301;y", "<p>čas je</p>\n<p>Ž</p>", "<unclosed", "a &#x2028; b", "&nbsp;&nbsp;x", "\r\n\r\n"]
        for text in fixed + (0..<20_000).map({ _ in Self.randomText(&generator) }) {
            let expected = PlainText.Reference.html(text)
            #expect(PlainText.html(text) == expected, "html: \(Self.scalars(text))")
            #expect(PlainText.collapse(text) == PlainText.Reference.collapse(text), "collapse: \(Self.scalars(text))")
        }
    }

    /// The search index takes plain text in ASCII as it is where a collapse would follow (see
    /// `searchEntries`): collapsing it again changes nothing. Beyond ASCII it can (a space that a
    /// mark joins), which this also shows, so the index collapses such text again.
    @Test func collapsingPlainTextInASCIIChangesNothing() {
        var generator = SplitMix(seed: 9)
        let ascii = Self.pieces.filter { $0.utf8.allSatisfy { $0 < 0x80 } }
        var changedBeyondASCII = false
        for index in 0..<40_000 {
            let pieces = index % 2 == 0 ? ascii : Self.pieces
            let text = (0..<Int.random(in: 0...24, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let plain = PlainText.html(text)
            #expect(PlainText.isASCII(plain) == plain.utf8.allSatisfy({ $0 < 0x80 }))
            if PlainText.isASCII(plain) {
                #expect(PlainText.collapse(plain) == plain, "\(Self.scalars(text))")
            } else if PlainText.collapse(plain) != plain {
                changedBeyondASCII = true
            }
        }
        #expect(changedBeyondASCII)
    }

    @Test func plainTextOfRenderedMarkdownMatches() {
        var generator = SplitMix(seed: 2)
        for _ in 0..<2_000 {
            let markdown = Self.randomText(&generator, maxPieces: 40) + "\n\n| a | b |\n|:-|-:|\n| \(Self.randomText(&generator)) | x |\n\n- [x] "
                + Self.randomText(&generator) + "\n- [ ] ![alt \(Self.randomText(&generator, maxPieces: 3))](pic.png) [link](x.pdf)"
            let html = MarkdownRenderer.html(markdown)
            #expect(PlainText.html(html) == PlainText.Reference.html(html), "\(Self.scalars(markdown))")
        }
    }

    @Test func excerptKeepsItsDefinition() {
        var generator = SplitMix(seed: 3)
        for _ in 0..<5_000 {
            let text = Self.randomText(&generator, maxPieces: 60)
            let limit = Int.random(in: 0...40, using: &generator)
            let expected: String
            if text.count > limit {
                let cut = text.prefix(limit)
                let end = cut.lastIndex(of: " ").map { cut[..<$0] } ?? cut
                expected = String(end).trimmingCharacters(in: .whitespaces) + "…"
            } else {
                expected = text
            }
            #expect(PlainText.excerpt(text, limit: limit) == expected)
        }
    }

    @Test func replacementMatchesFoundation() {
        var generator = SplitMix(seed: 4)
        let patterns = ["<", ">", "&", "{date}", "{name}", "\u{2028}", ";", "K", "e", "</script>"]
        for _ in 0..<20_000 {
            let text = Self.randomText(&generator)
            let pattern = patterns.randomElement(using: &generator)!
            let replacement = ["", "X", "č\u{301}", "{name}", "\\u003c"].randomElement(using: &generator)!
            #expect(TextReplacement.replacing(text, pattern, with: replacement) == text.replacingOccurrences(of: pattern, with: replacement),
                    "\(Self.scalars(text)) / \(pattern)")
        }
    }

    @Test func scriptSafeMatchesFoundation() {
        var generator = SplitMix(seed: 5)
        for text in ["</script><script>alert(1)</script>", "a\u{2028}b\u{2029}c", "<\u{338}", "&\u{301}", "\u{2028}\u{301}", "Lee & Partners"]
            + (0..<20_000).map({ _ in Self.randomText(&generator) }) {
            #expect(TextReplacement.scriptSafe(Array(text.utf8)) == TextReplacement.Reference.scriptSafe(text), "\(Self.scalars(text))")
        }
    }

    @Test func searchIndexJSONMatchesJSONEncoder() throws {
        var generator = SplitMix(seed: 6)
        var entries: [ClientPortalBuilder.SearchEntry] = []
        for _ in 0..<2_000 {
            entries.append(.init(k: Self.randomText(&generator), t: Self.randomText(&generator), c: Self.randomText(&generator),
                                 a: Self.randomText(&generator), u: Self.randomText(&generator), x: Self.randomText(&generator)))
        }
        // Every scalar up to U+FFFF once, so every escape JSONEncoder makes is compared.
        let all = String(String.UnicodeScalarView((0...0xFFFF).compactMap(Unicode.Scalar.init)))
        entries.append(.init(k: all, t: "</script>", c: "\u{2028}", a: "\"quoted\" \\ back", u: "a/b", x: "😀"))
        for slice in [entries[0..<0], entries[0..<1], entries[...]] {
            let array = Array(slice)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let expected = TextReplacement.Reference.scriptSafe(String(decoding: try encoder.encode(array), as: UTF8.self))
            #expect(ClientPortalBuilder.scriptSafeJSON(array) == expected)
            #expect(ClientPortalBuilder.scriptSafeJSON(array as [ClientPortalBuilder.SearchEntry]) == ClientPortalBuilder.scriptSafeJSON(AnyEncodableArray(array)))
        }
    }

    /// Forces the generic (JSONEncoder) path of `scriptSafeJSON`.
    struct AnyEncodableArray: Encodable {
        var values: [ClientPortalBuilder.SearchEntry]
        init(_ values: [ClientPortalBuilder.SearchEntry]) { self.values = values }
        func encode(to encoder: any Encoder) throws { try values.encode(to: encoder) }
    }

    @Test func relativePathsMatchTheirDefinition() {
        var generator = SplitMix(seed: 7)
        let parts = ["a", "b", "index.html", "", "projects", "x.html", "č", "e\u{301}", "é", "..", "."]
        func path() -> String { (0..<Int.random(in: 0...4, using: &generator)).map { _ in parts.randomElement(using: &generator)! }.joined(separator: "/") }
        for _ in 0..<20_000 {
            let from = path(), to = path()
            #expect(RelativePath.href(from: from, to: to) == RelativePath.reference(from: from, to: to), "\(from) → \(to)")
        }
        #expect(RelativePath.assets(from: "projects/web/tickets/a.html") == "../../../../assets/")
        #expect(RelativePath.assets(from: "index.html") == "../assets/")
    }

    /// The renderer's tidying as it was: Foundation replacing each pattern in turn.
    static func referenceTidy(_ html: String, taskLabels: MarkdownRenderer.TaskLabels?) -> String {
        func escape(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
                .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        }
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

    @Test func tidyMatchesReplacingEachPatternInTurn() {
        var generator = SplitMix(seed: 8)
        let labels = MarkdownRenderer.TaskLabels(done: "Opravljeno \"<&>\"", open: "To do")
        for _ in 0..<3_000 {
            let cell = { Self.randomText(&generator, maxPieces: 6).replacingOccurrences(of: "|", with: "") }
            let markdown = "| \(cell()) | b | c |\n|:-|:-:|-:|\n| \(cell()) | \(cell()) | \(cell()) |\n\n- [x] \(cell())\n- [ ] \(cell())\n\n"
                + Self.randomText(&generator) + " align=\"left\" <input type=\"checkbox\" disabled=\"\" />"
            for taskLabels in [labels, nil] {
                let raw = MarkdownRenderer.textHTML(markdown)
                let expected = Self.referenceTidy(raw, taskLabels: taskLabels)
                let tidied = Array(raw.utf8).withUnsafeBufferPointer { MarkdownRenderer.tidy($0, taskLabels: taskLabels) }
                #expect(tidied == expected, "\(Self.scalars(markdown))")
            }
        }
        let html = MarkdownRenderer.html("- [x] a\n- [ ] b\n\n| x |\n|:-:|\n| y |", taskLabels: labels)
        #expect(html.contains("<input type=\"checkbox\" checked=\"\" disabled=\"\" aria-label=\"Opravljeno &quot;&lt;&amp;&gt;&quot;\" />"))
        #expect(html.contains("<input type=\"checkbox\" disabled=\"\" aria-label=\"To do\" />"))
        #expect(html.contains("<th class=\"align-center\">x</th>"))
    }

    @Test func urlDecisionsMatchTheirDefinition() {
        var generator = SplitMix(seed: 9)
        let parts = ["http", "HTTPS", "javascript", "java\tscript", "mailto", "tel", "data", ":", "//", "/", "#", "?", " ", "\t", "\n", "\r",
                     "\u{B}", "\u{C}", "\u{A0}", "\u{2028}", "x", "file.pdf", "../files/a.png", "é", "e\u{301}", "#\u{301}", "%20"]
        for _ in 0..<20_000 {
            let url = (0..<Int.random(in: 0...6, using: &generator)).map { _ in parts.randomElement(using: &generator)! }.joined()
            for kind in [MarkdownRenderer.URLKind.link, .image] {
                var fast: [String] = [], slow: [String] = []
                let decided = URLPolicy.decide(url, kind: kind) { url, _ in fast.append(url); return "R:" + url }
                let reference = URLPolicy.Reference.decide(url, kind: kind) { url, _ in slow.append(url); return "R:" + url }
                #expect(decided == reference && fast == slow, "\(Self.scalars(url))")
            }
        }
    }

    @Test func droppedImagesKeepTheirAltText() {
        // Alt text goes in as a node of the document's own allocator (cmark links no other).
        let html = MarkdownRenderer.html("![Northwind Assist logo](../files/logo.svg)\n\nWelcome")
        #expect(html.contains("<p>Northwind Assist logo</p>"))
        #expect(MarkdownRenderer.textHTML("a ![b *c*](x.png) d").contains("a b c d"))
    }

    @Test func markdownIsRenderedTheSameOnManyThreads() {
        // cmark-gfm's special-character table is process-wide; no parse may take another's characters away.
        let markdown = "~~struck~~ www.example.com and https://example.com/x ~one~"
        let expected = MarkdownRenderer.html(markdown)
        #expect(expected.contains("<del>struck</del>") && expected.contains("<a href=\"http://www.example.com\">"))
        #if os(Linux)
        // Side by side, with the characters kept in the table (not one parse at a time).
        #expect(MarkdownRenderer.parsesInlinesInParallel)
        #endif
        let results = ResultsBox(count: 4_000)
        DispatchQueue.concurrentPerform(iterations: 4_000) { index in
            results.set(index, MarkdownRenderer.html(markdown))
        }
        #expect(results.values.allSatisfy { $0 == expected })
    }

    final class ResultsBox: @unchecked Sendable {
        private let lock = NSLock()
        private var storage: [String]
        init(count: Int) { storage = Array(repeating: "", count: count) }
        func set(_ index: Int, _ value: String) {
            lock.lock()
            storage[index] = value
            lock.unlock()
        }
        var values: [String] {
            lock.lock()
            defer { lock.unlock() }
            return storage
        }
    }
}
