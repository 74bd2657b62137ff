import Testing
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
