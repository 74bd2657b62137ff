import Foundation
import Testing
import CCmarkGFM
@testable import PorticoMarkdown

@Suite struct MarkdownRendererTests {
    @Test func rendersGitHubFlavouredMarkdown() {
        let html = MarkdownRenderer.html("""
        # Title

        | Item | Qty |
        |:-----|----:|
        | Cake | 2 |

        ~~old~~ https://example.com

        - [x] done
        - [ ] todo
        """)
        #expect(html.contains("<h2>Title</h2>"))
        #expect(html.contains("<table>"))
        #expect(html.contains("<th class=\"align-left\">Item</th>"))
        #expect(html.contains("<td class=\"align-right\">2</td>"))
        #expect(!html.contains(" align="))
        #expect(html.contains("<del>old</del>"))
        #expect(html.contains("<a href=\"https://example.com\">https://example.com</a>"))
        #expect(html.contains("<input type=\"checkbox\" checked=\"\" disabled=\"\" />"))
    }

    /// The parse skips cmark's UTF-8 check (a `String` is valid UTF-8), which also replaced NULs:
    /// a NUL still becomes U+FFFD, in a paragraph, a heading, a code span and a link's text alike.
    @Test func aNulByteBecomesTheReplacementCharacter() {
        let html = MarkdownRenderer.html("# a\u{0}b\n\nc\u{0}d `e\u{0}f` [g\u{0}h](https://example.com) ž\u{0}")
        #expect(!html.utf8.contains(0))
        for expected in ["<h2>a\u{FFFD}b</h2>", "c\u{FFFD}d", "<code>e\u{FFFD}f</code>", ">g\u{FFFD}h</a>", "ž\u{FFFD}"] {
            #expect(html.contains(expected), "\(expected) in \(html)")
        }
    }

    /// A body without `[^` is parsed without cmark's footnote pass: every Markdown file of the
    /// sample store and of the fuzz corpus (without their carets), and thousands of bodies put
    /// together from pieces of every syntax (brackets, link definitions, entities, tables,
    /// lists…), render the same both ways.
    @Test func skippingTheFootnotePassChangesNoBody() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        var bodies: [String] = []
        for folder in ["Content", "Fuzz/corpus"] {
            for file in TemporaryStore.files(under: root.appendingPathComponent(folder).path) where file.hasSuffix(".md") {
                let text = try String(contentsOf: root.appendingPathComponent(folder + "/" + file), encoding: .utf8)
                bodies.append(text.replacingOccurrences(of: "^", with: ""))
            }
        }
        #expect(bodies.count >= 20)
        let pieces = ["[a]", "[a]: /x", "[b]: https://example.com \"t\"", "[a][b]", "[", "]", "[x]:", "[[a]]", "![i](x.png)",
                      "| a | b |", "|---|:-:|", ":-:", "| c |", "- [ ] task", "- [x] done", "1. one", "> quote", "# H", "text",
                      "**bold** _em_", "~~gone~~", "www.example.com", "mail@example.com", "`code`", "```\nfenced\n```",
                      "\\[a\\]", "<b>raw</b>", "---", "    indented", "&amp;", "&#91;", "&copy;", "A & B", "x^2", "\n", "\n\n", " "]
        var generator = SplitMix(seed: 2026)  // the same bodies every run
        for _ in 0..<3_000 {
            bodies.append((0..<Int.random(in: 1...12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }
                .joined(separator: Bool.random(using: &generator) ? "\n" : " "))
        }
        for body in bodies where !body.contains("[^") {
            #expect(MarkdownRenderer.parseOptions(for: body) & CMARK_OPT_FOOTNOTES == 0)
            #expect(MarkdownRenderer.html(body) == MarkdownRenderer.htmlParsingFootnotes(body), "\(body)")
        }
    }

    /// With a `[^` in the body, footnotes still work.
    @Test func footnotesStillRender() {
        for body in ["Text[^1].\n\n[^1]: The note.", "A & B[^n]\n\n[^n]: Note"] {
            #expect(MarkdownRenderer.parseOptions(for: body) & CMARK_OPT_FOOTNOTES != 0)
            let html = MarkdownRenderer.html(body)
            #expect(html.contains("footnote"), "\(html)")
            #expect(html == MarkdownRenderer.htmlParsingFootnotes(body))
        }
    }

    /// cmark-gfm 0.29 with footnotes on cut a body off after `[&#94;x]`, and gave `[\^x]` a second
    /// `]`; a body without `[^` is parsed without footnotes, and both are the text they say.
    @Test func aCaretNotWrittenAsSuchAfterABracketLosesNoText() {
        let cut = "Intro [&#94;x] end.\n\nMore text after."
        #expect(!MarkdownRenderer.htmlParsingFootnotes(cut).contains("More text after."))
        #expect(MarkdownRenderer.html(cut) == "<p>Intro [^x] end.</p>\n<p>More text after.</p>\n")
        #expect(MarkdownRenderer.html("Intro [\\^x] end.") == "<p>Intro [^x] end.</p>\n")
    }

    @Test func rawHTMLNeverPassesThrough() {
        let html = MarkdownRenderer.html("<script>alert(1)</script>\n\nHi <img src=x onerror=alert(1)> <b onclick=x>b</b>\n\n<iframe src=x></iframe>")
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("onerror"))
        #expect(!html.contains("onclick"))
        #expect(!html.contains("<iframe"))
    }

    @Test(arguments: ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "java\tscript:alert(1)", "vbscript:msgbox", "data:text/html,<b>x</b>",
                      "file:///etc/passwd", "//evil.example/x"])
    func unsafeLinksAreDroppedKeepingTheirText(url: String) {
        let html = MarkdownRenderer.html("[click me](\(url)) and ![pic](\(url))")
        #expect(!html.contains("href"), "\(html)")
        #expect(!html.contains("<img"), "\(html)")
        #expect(html.contains("click me"))
        #expect(html.contains("pic"))
    }

    @Test func remoteImagesAreDroppedButLinksKept() {
        let html = MarkdownRenderer.html("![tracker](https://evil.example/p.gif) [site](https://example.com) [mail](mailto:a@b.example)")
        #expect(!html.contains("<img"))
        #expect(html.contains("href=\"https://example.com\""))
        #expect(html.contains("href=\"mailto:a@b.example\""))
    }

    @Test func relativeURLsGoThroughTheResolver() {
        let html = MarkdownRenderer.html("![plan](plan.png) [brief](brief.pdf) [gone](secret.pdf) [top](#top)") { url, kind in
            switch (url, kind) {
            case ("plan.png", .image): return "../files/plan.png"
            case ("brief.pdf", .link): return "../files/brief.pdf"
            default: return nil
            }
        }
        #expect(html.contains("<img src=\"../files/plan.png\" alt=\"plan\" />"))
        #expect(html.contains("<a href=\"../files/brief.pdf\">brief</a>"))
        #expect(!html.contains("secret.pdf"))
        #expect(html.contains("gone"))
        #expect(html.contains("href=\"#top\""))
    }

    @Test func deepNestingRendersWithoutCrashing() {
        let html = MarkdownRenderer.html(String(repeating: "> ", count: 10_000) + "quote\n\n" + String(repeating: "- ", count: 10_000) + "item")
        #expect(html.contains("quote"))
    }
}
